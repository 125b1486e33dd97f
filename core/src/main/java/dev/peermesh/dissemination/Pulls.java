package dev.peermesh.dissemination;

import dev.peermesh.MessageId;
import dev.peermesh.wire.Frame;

import java.util.ArrayList;
import java.util.List;

/**
 * Plumtree's pull path: what announcements (IHAVE) told this node it lacks, and the GRAFTs that fetch it. Per origin,
 * watermarks ({@link Wanted}: what each link announced, what arrived — the duplicate cache's contiguous and highest
 * numbers), checked by one repair timer that runs only while something is missing; never an object or a timer per
 * message. One check pulls, per origin, every missing number an announcer announced (up to
 * {@link Frame#MAX_MESSAGE_IDS}), and every origin's pulls from one link go in one GRAFT.
 *
 * <p>The first pull waits for the payload from the message's announcement on, for as long as payloads have lately
 * trailed their announcements ({@link PayloadLag}: between the announcement interval and {@code graftTimeout}). A
 * pull is put off while the origin's earlier messages keep arriving in order and none after the missing one has (it
 * is behind them on a busy tree link), and a repeat while the link last asked keeps delivering (its answer queues
 * behind that). Pulls go round robin over the announcers with doubling waits; what {@code maxGraftAttempts} pulls
 * did not bring is reported lost and counted as seen — never dropped silently; once every announcer went away, the
 * other neighbors are asked in turn. An orphan's messages (its parent link went down, {@link Tree#orphaned}) wait only
 * one announcement interval: nothing pushes them here.
 *
 * <p>Bounded: at most {@link #MAX_ORIGINS} origins (past it the one least recently heard of is given up and its
 * numbers reported lost), each at most {@link #MAX_AHEAD} numbers wide. Not thread-safe: owned by the protocol thread.
 */
final class Pulls {

    /** Times in a row a pull's retry is put off while the asked link keeps delivering; see {@link #stillComing}. */
    static final int MAX_PUT_OFF = 3;

    /** Origins with messages wanted at once; as many as {@link Plumtree#MAX_TREES}. */
    static final int MAX_ORIGINS = Plumtree.MAX_TREES;

    /** Most numbers wanted from one origin above the lowest: the duplicate cache tracks no more either. */
    static final long MAX_AHEAD = DuplicateCache.MAX_WINDOW;

    /**
     * Highest number an announcement may want: no origin publishes this many messages, and every count above it
     * (plus a window and a scan) still fits in a {@code long}, so no loop here wraps around, whatever a peer sends.
     */
    static final long LAST_SEQUENCE = Long.MAX_VALUE / 2;

    /** Sequence numbers one check looks at per origin, so a wide range costs several checks, not one long one. */
    private static final int SCAN_BUDGET = 4 * Frame.MAX_MESSAGE_IDS;

    /** What the tree makes of a pull: the announcer becomes the origin's parent. */
    @FunctionalInterface
    interface Tree {

        /** This node is about to ask {@code link} for messages of {@code origin}. */
        void pulling(long link, long origin);

        /**
         * Whether the origin's messages come on a tree of its own here (a parent is known). Only then does the
         * measured lag tell when its payload is late: a new origin's first messages take the default tree, whose
         * path can be far longer than the one its announcements took, so they get the full {@code graftTimeout}.
         */
        default boolean settled(long origin) {
            return true;
        }

        /**
         * Whether the origin's parent link went down, or the parent pulled from this node, and no link has become its
         * parent since: nothing pushes its payloads here any more, so what is announced of it is pulled one
         * announcement interval after its announcement instead of after the wait.
         */
        default boolean orphaned(long origin) {
            return false;
        }

        /** Whether this node pushes the origin's payloads to the link: asking it for one is asking a child. */
        default boolean child(long origin, long link) {
            return false;
        }
    }

    private final DuplicateCache seen;
    private final Plumtree.Options options;
    private final DisseminationSink sink;
    private final Tree tree;
    private final long token;
    private final long period;
    private final PayloadLag lag;

    /**
     * Access order: the origin heard of least recently is given up first when there are too many. Keyed by the
     * origin's {@code long} id, which as a {@code LinkedHashMap} key was boxed (ids are random 64-bit numbers) for
     * every announcement heard and every first copy of a message measured.
     */
    private final LongLruMap<Wanted> wanted = new LongLruMap<>(Integer.MAX_VALUE, true, null);

    /** Frames heard on each neighbor link, payloads and control alike; see {@link #stillComing(Wanted)}. */
    private final FramesHeard heard = new FramesHeard();

    /** Each origin's lag, least recently measured forgotten first; see {@link #waitFor(long)}. */
    private final LongLruMap<PayloadLag> lags = new LongLruMap<>(MAX_ORIGINS, true, null);

    /**
     * Origins that were orphaned ({@link Tree#orphaned}) and have a new parent: {the number of the first copy pushed
     * since, or {@link #NOT_YET}; when the orphan pulled, ms}. Missing numbers below that copy were on the lost
     * parent's path, or were only announced by the new parent before its GRAFT reached it (the message after the one
     * an orphan pulls, typically): neither is coming by push, so they are pulled as soon as an orphan's are.
     * Forgotten once the origin arrived in order up to that copy, or when none was pushed within
     * {@code graftTimeout}.
     */
    private final LongLruMap<long[]> adopted = new LongLruMap<>(MAX_ORIGINS, true, null);

    /**
     * {@link #adopted}: the orphan pulled, and no copy was pushed to it since; until one is, every missing number of
     * the origin is hurried (nothing pushes any here yet).
     */
    private static final long NOT_YET = Long.MAX_VALUE;

    /** GRAFTs being assembled during one check, per link, in the order the links were first asked. */
    private final LongLruMap<List<MessageId>> grafts = new LongLruMap<>();

    private boolean scheduled;
    private long ticks;
    private long pulled;
    private long lost;
    private long postponed;

    /**
     * @param token the timer token {@link #repair()} is to be called with
     */
    Pulls(DuplicateCache seen, Plumtree.Options options, DisseminationSink sink, Tree tree, long token) {
        this.seen = seen;
        this.options = options;
        this.sink = sink;
        this.tree = tree;
        this.token = token;
        // the check runs at least this often while something is missing, and no wait is shorter: announcements are
        // batched that long, so a payload is not late before it has passed
        this.period = Math.max(1, Math.min(options.ihaveIntervalMillis(), options.graftTimeoutMillis()));
        this.lag = new PayloadLag(period, options.graftTimeoutMillis());
    }

    void linkUp(long link) {
        heard.linkUp(link);
    }

    void linkDown(long link) {
        long[] gone = heard.linkDown(link);
        long now = sink.now();
        for (int slot = wanted.first(); slot >= 0; slot = wanted.after(slot)) {
            Wanted entry = wanted.valueAt(slot);
            entry.linkDown(link, gone);
            if (entry.attempts == 0 && entry.lowest >= 0 && tree.orphaned(entry.origin)) {
                entry.due = Math.min(entry.due, now); // its parent went: the payload it waited for is not coming
                check(1);
            }
        }
    }

    /** A frame, any frame, arrived on the link. */
    void heard(long link) {
        long[] count = heard.of(link);
        if (count != null) {
            count[0]++;
        }
    }

    /** The link announced messages of one origin. */
    void announced(long link, Frame.Announcement announcement) {
        long origin = announcement.origin();
        // publishers number their messages from 1
        long first = Math.max(Math.max(announcement.first(), 1), seen.seenUpTo(origin) + 1);
        long last = Math.min(announcement.last(), LAST_SEQUENCE);
        if (arrived(origin, first, last)) {
            return; // the usual case off the tree
        }
        Wanted entry = wanted.get(origin);
        if (entry == null) {
            if (wanted.size() >= MAX_ORIGINS) {
                int eldest = wanted.first();
                Wanted given = wanted.valueAt(eldest);
                wanted.removeAt(eldest);
                giveUp(given, given.upTo, "more than " + MAX_ORIGINS + " origins had messages missing at once");
            }
            entry = new Wanted(origin, first);
            wanted.put(origin, entry);
            check(period); // no wait is shorter than the period: the floor of every PayloadLag
        }
        last = Math.min(last, Math.max(entry.low, first) + MAX_AHEAD - 1);
        entry.announce(link, first, last, sink.now(), seen.contiguous(origin));
    }

    /**
     * An orphaned origin's first copy since its parent went down came on the link that is now its parent: what is
     * missing below {@code sequence} is not coming by push either, and is pulled as soon as an orphan's is.
     */
    void adopted(long origin, long sequence) {
        if (seen.seenUpTo(origin) >= sequence) {
            return; // nothing missing below it
        }
        adopted.put(origin, new long[] {sequence, sink.now()});
        Wanted entry = wanted.get(origin);
        if (entry != null && entry.attempts == 0 && entry.lowest >= 0 && entry.lowest < sequence) {
            entry.due = Math.min(entry.due, sink.now());
            check(1);
        }
    }

    /** A first copy of the message arrived on the link (pushed, or the answer to a pull). */
    void received(long link, long origin, long sequence) {
        if (!adopted.isEmpty()) {
            pushedSince(link, origin, sequence);
        }
        if (!options.adaptiveWait()) {
            return; // the lags only set the wait when it adapts: not measured on every first copy for nothing
        }
        Wanted entry = wanted.get(origin);
        if (entry == null) {
            return;
        }
        long at = entry.announcedAt(sequence);
        boolean answer = entry.attempts > 0 && sequence <= entry.pulledUpTo && link == entry.askedLink;
        if (at >= 0 && !answer) {
            // pushed on the tree after it was announced: how late payloads are. One pulled in vain counts too, or a
            // wait once short would never learn that payloads came later than it
            lag.sample(sink.now() - at);
            PayloadLag own = lags.get(origin);
            if (own == null) {
                own = new PayloadLag(period, options.graftTimeoutMillis());
                lags.put(origin, own);
            }
            own.sample(sink.now() - at);
        }
    }

    void tick() {
        ticks++;
    }

    /** The repair timer: pulls, puts off or gives up what is due, then runs again while anything is missing. */
    void repair() {
        scheduled = false;
        long now = sink.now();
        long next = Long.MAX_VALUE;
        for (int slot = wanted.first(), after; slot >= 0; slot = after) {
            after = wanted.after(slot);
            long due = step(wanted.valueAt(slot), now);
            if (due < 0) {
                adopted.remove(wanted.keyAt(slot)); // nothing missing: no gap left to hurry
                wanted.removeAt(slot);
            }
            else {
                next = Math.min(next, due);
            }
        }
        for (int slot = grafts.first(), after; slot >= 0; slot = after) {
            after = grafts.after(slot);
            sink.send(grafts.keyAt(slot), new Frame.Graft(grafts.valueAt(slot)));
            grafts.removeAt(slot);
        }
        if (!wanted.isEmpty()) {
            check(Math.max(1, Math.min(period, next - now)));
        }
    }

    /** Messages pulled (ids asked for in GRAFTs). */
    long pulled() {
        return pulled;
    }

    /** Messages given up on and reported lost. */
    long lost() {
        return lost;
    }

    /**
     * Keeps {@link #adopted} current on a first copy: the first one pushed (not the pull's answer) after an orphan's
     * pull ends the gap there; an entry whose gap has closed, or that waited for a push longer than
     * {@code graftTimeout}, is forgotten.
     */
    private void pushedSince(long link, long origin, long sequence) {
        long[] since = adopted.get(origin);
        if (since == null) {
            return;
        }
        if (since[0] == NOT_YET) {
            if (sink.now() - since[1] > options.graftTimeoutMillis()) {
                adopted.remove(origin);
                return;
            }
            Wanted entry = wanted.get(origin);
            boolean answer = entry != null && entry.attempts > 0 && sequence <= entry.pulledUpTo
                    && link == entry.askedLink;
            if (!answer) {
                since[0] = sequence;
            }
        }
        else if (seen.seenUpTo(origin) + 1 >= since[0]) {
            adopted.remove(origin);
        }
    }

    /** Pulls put off because the payload was on its way. */
    long postponed() {
        return postponed;
    }

    /**
     * The wait for one origin's payloads: that origin's own measured lag. Lags differ between origins by how much
     * longer each one's tree path is than the paths its announcements take (a tree built for one origin is not the
     * shortest for the others), so one node-wide figure pulled the payloads of origins on long paths early.
     */
    private long waitFor(long origin) {
        PayloadLag own = options.adaptiveWait() && tree.settled(origin) ? lags.get(origin) : null;
        return own == null ? options.graftTimeoutMillis() : own.waitMillis();
    }

    /**
     * Whether the origin's message {@code missing} is not coming by push: its parent went down ({@link Tree#orphaned})
     * or it is below the first copy a new parent pushed since ({@link #adopted}). Then it is pulled one period after
     * its announcement, not after the wait.
     */
    private boolean urgent(long origin, long missing) {
        if (tree.orphaned(origin)) {
            return true;
        }
        long[] since = adopted.get(origin);
        if (since == null) {
            return false;
        }
        if (since[0] == NOT_YET && sink.now() - since[1] > options.graftTimeoutMillis()) {
            adopted.remove(origin); // nothing pushed since the orphan's pull: its own wait is due again
            return false;
        }
        if (since[0] != NOT_YET && seen.seenUpTo(origin) + 1 >= since[0]) {
            adopted.remove(origin); // arrived in order up to the new parent's first copy: nothing left of the gap
            return false;
        }
        return missing < since[0];
    }

    /** How long a first pull now waits after an announcement, in ms, by the lags of every origin. */
    long waitMillis() {
        return lag.waitMillis();
    }

    /** Origins with messages wanted now. */
    int origins() {
        return wanted.size();
    }

    /** One origin's check; answers when it is due next, or -1 when nothing of it is missing any more. */
    private long step(Wanted entry, long now) {
        long missing = lowestMissing(entry);
        if (missing == DONE) {
            return -1;
        }
        if (missing == UNKNOWN) {
            return now; // a long stretch that has arrived: looked at further at the next check
        }
        if (missing != entry.lowest) {
            entry.arrivedBelow(missing);
            boolean answering = entry.attempts > 0 && missing <= entry.pulledUpTo;
            if (!answering) { // a pull still being answered keeps its round
                entry.newRound(missing, ticks);
                // one period only when nothing pushes it here: a link that replaced the lost parent may still
                // push it (in the simulator's churn, pulling at once sent 8 % more payloads twice: RMR 0.079)
                entry.due = Math.max(entry.announcedAt(missing), 0) + (urgent(entry.origin, missing) ? period
                        : waitFor(entry.origin));
            }
            entry.lowest = missing;
        }
        if (now < entry.due) {
            return entry.due;
        }
        if (entry.attempts > 0 && stillComing(entry)) {
            postponed++;
            return entry.due = now + retryWait(entry.attempts);
        }
        long flowing = seen.contiguous(entry.origin);
        if (flowing > entry.flowing && seen.highest(entry.origin) < missing && !urgent(entry.origin, missing)) {
            // The origin's earlier messages are still arriving, in order, and none after this one yet: it is on its
            // way behind them (a busy tree link), not lost. Pulling it now would only send it twice. Not so when
            // nothing pushes the origin's messages here (urgent): the earlier ones were pulled.
            entry.flowing = flowing;
            postponed++;
            return entry.due = now + waitFor(entry.origin);
        }
        Wanted.Announcer announcer = entry.nextAnnouncer(missing);
        if (announcer == null && entry.attempts < options.maxGraftAttempts()) {
            // Every announcer so far went away, and the others announced it before their links came up, or not to
            // this node: nobody announces it again. Ask the neighbors in turn, as a pull would an announcer; one
            // that lacks it sends nothing, and the next is asked after the wait.
            long link = notAChild(entry);
            if (link == FramesHeard.NONE) {
                entry.attempts++;
                return entry.due = now + retryWait(entry.attempts);
            }
            // asked, not made the parent: the tree stays as it is (the link may be a good parent's sibling)
            pull(entry, new Wanted.Announcer(link, missing, Math.max(missing, entry.upTo)), missing, false);
            return entry.due = now + retryWait(entry.attempts);
        }
        if (announcer == null || entry.attempts >= options.maxGraftAttempts()) {
            giveUp(entry, Math.max(missing, entry.roundUpTo), announcer == null
                    ? "every neighbor that announced it went away and no other neighbor sent it"
                    : "no announcer sent it after " + entry.attempts + " requests");
            entry.lowest = -1;
            return now;
        }
        pull(entry, announcer, missing, true);
        return entry.due = now + retryWait(entry.attempts);
    }

    /**
     * The next neighbor link in turn, one that is not the origin's child here first (a child gets the origin's
     * payloads from this node); {@link FramesHeard#NONE} when no link is up.
     */
    private long notAChild(Wanted entry) {
        for (int tried = 0; tried < heard.size(); tried++) {
            long link = heard.next(entry.origin + entry.attempts + tried);
            if (!tree.child(entry.origin, link)) {
                return link;
            }
        }
        return heard.next(entry.origin + entry.attempts);
    }

    /**
     * Asks the announcer for every number of the origin it announced that is missing, from {@code missing} on; with
     * {@code reparent} (an announcer, not a neighbor asked as a last resort) it becomes the origin's parent.
     */
    private void pull(Wanted entry, Wanted.Announcer announcer, long missing, boolean reparent) {
        List<MessageId> ids = grafts.get(announcer.link);
        if (ids == null) {
            ids = new ArrayList<>();
            grafts.put(announcer.link, ids);
        }
        long last = Math.min(announcer.upTo, missing + SCAN_BUDGET - 1);
        int asked = 0;
        for (long sequence = Math.max(missing, announcer.first); sequence <= last && asked < Frame.MAX_MESSAGE_IDS;
                sequence++) {
            if (!seen.contains(entry.origin, sequence)) {
                if (ids.size() == Frame.MAX_MESSAGE_IDS) {
                    sink.send(announcer.link, new Frame.Graft(ids));
                    ids.clear();
                }
                ids.add(new MessageId(entry.origin, sequence));
                entry.pulledUpTo = sequence;
                asked++;
            }
        }
        pulled += asked;
        entry.attempts++;
        entry.askedLink = announcer.link;
        entry.asked = heard.of(announcer.link);
        entry.heardWhenAsked = entry.asked == null ? 0 : entry.asked[0];
        entry.putOff = 0;
        if (!reparent) {
            return;
        }
        if (tree.orphaned(entry.origin)) {
            adopted.put(entry.origin, new long[] {NOT_YET, sink.now()}); // the announcer becomes its parent now
        }
        tree.pulling(announcer.link, entry.origin);
    }

    /** Reports every number of the origin still missing, up to {@code upTo}, as lost, and treats it as seen. */
    private void giveUp(Wanted entry, long upTo, String reason) {
        long from = Math.max(entry.low, seen.seenUpTo(entry.origin) + 1);
        for (long sequence = from; sequence <= Math.min(upTo, entry.upTo); sequence++) {
            if (!seen.contains(entry.origin, sequence)) {
                seen.firstSighting(entry.origin, sequence);
                lost++;
                sink.lost(new MessageId(entry.origin, sequence), reason);
            }
        }
    }

    /** Whether every number from {@code first} to {@code last} arrived; a long range is not looked through. */
    private boolean arrived(long origin, long first, long last) {
        if (first > last) {
            return true;
        }
        if (last - first >= 64 || seen.highest(origin) < last) {
            return false;
        }
        for (long sequence = first; sequence <= last; sequence++) {
            if (!seen.contains(origin, sequence)) {
                return false;
            }
        }
        return true;
    }

    private static final long DONE = -1;
    private static final long UNKNOWN = -2;

    /** The lowest announced number that has not arrived, {@link #DONE} when none, {@link #UNKNOWN} past the budget. */
    private long lowestMissing(Wanted entry) {
        entry.low = Math.max(entry.low, seen.seenUpTo(entry.origin) + 1);
        for (int checked = 0; entry.low <= entry.upTo; checked++) {
            if (!seen.contains(entry.origin, entry.low)) {
                return entry.low;
            }
            if (checked == SCAN_BUDGET) {
                return UNKNOWN;
            }
            entry.low++;
        }
        return DONE;
    }

    /**
     * Whether the answer to the last pull is still on its way: the asked neighbor's link delivered frames since the
     * pull (the answer queues behind them on a loaded or just-resumed link), the retry was put off fewer than
     * {@link #MAX_PUT_OFF} times, and the round is younger than the repair window. Asking again, or another
     * announcer, would only send the payload twice more and give up on it while it is coming; a link that goes
     * quiet, the count or the window ends the wait. The count, because an announcer that no longer holds the
     * message answers nothing, and on a loaded link frames of other messages never stop: the simulator's load
     * experiment had an origin's repair wait the whole window (7 s) for such an answer.
     */
    private boolean stillComing(Wanted entry) {
        if (entry.asked == null || entry.putOff >= MAX_PUT_OFF || ticks - entry.sinceTick >= options.repairTicks()) {
            return false;
        }
        long now = entry.asked[0];
        if (now == entry.heardWhenAsked) {
            return false;
        }
        entry.heardWhenAsked = now;
        entry.putOff++;
        return true;
    }

    private long retryWait(int attempts) {
        return options.graftRetryMillis() << Math.min(attempts - 1, 6);
    }

    private void check(long delay) {
        if (!scheduled) {
            scheduled = true;
            sink.schedule(token, delay);
        }
    }
}
