package dev.peermesh.dissemination;

import dev.peermesh.MessageId;
import dev.peermesh.PropagationFilter;
import dev.peermesh.wire.Frame;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Epidemic broadcast trees (Plumtree; Leitão, Pereira and Rodrigues, SRDS 2007). Payloads travel eagerly along a
 * spanning tree that emerges from the overlay, one tree per origin ({@link OriginTrees}); every other neighbour only
 * hears the message id, lazily and in batches (IHAVE). The link a first copy came on is the origin's parent and never
 * gets its payloads back; a duplicate keeps the path with fewer hops and prunes the other link out of the origin's
 * tree (PRUNE naming the origin); a node that hears of a message it lacks waits, then pulls it from an announcer
 * (GRAFT), which becomes its parent (the former one is pruned) and makes it a child. The trees so heal themselves
 * after failures, and each payload crosses each node about once. A pull is put off while the origin's earlier
 * messages are still arriving in order (the payload is behind them on a busy tree link), so a loaded mesh does not
 * pull everything twice. A link can also be taken off the tree for every origin (PRUNE naming none).
 *
 * <p>Messages that stay missing — every announcer tried, or a gap in an origin's sequence still open after the
 * repair window — are reported as lost through the sink, never dropped silently.
 *
 * <p>{@code DisseminationFactory tree = sink -> new Plumtree(seen, cache, PropagationFilter.ALL, options, sink);}
 */
public final class Plumtree implements Dissemination {

    private static final long FLUSH = 0;

    /** Origins whose own trees are remembered; see {@link OriginTrees}. */
    static final int MAX_TREES = 4096;

    /**
     * Timing of the tree's repair.
     *
     * @param graftTimeoutMillis how long a node waits for a payload after its first announcement before pulling it
     * @param graftRetryMillis how long it waits after the first pull before trying the next announcer; each further
     *        wait doubles
     * @param ihaveIntervalMillis how long announcements are batched before they are sent
     * @param maxGraftAttempts pulls tried for one message before it is reported lost
     * @param repairTicks maintenance ticks a gap in an origin's sequence may stay open before it is reported lost
     */
    public record Options(long graftTimeoutMillis, long graftRetryMillis, long ihaveIntervalMillis,
            int maxGraftAttempts, long repairTicks) {

        /** 250 ms to the first pull, then 100 ms doubling; 20 ms announcement batches; 7 pulls (≈ 6.5 s); 5 ticks. */
        public static Options defaults() {
            return new Options(250, 100, 20, 7, 5);
        }
    }

    private final DuplicateCache seen;
    private final MessageCache cache;
    private final LocalGate local;
    private final Options options;
    private final DisseminationSink sink;

    private final Set<Long> eager = new LinkedHashSet<>();
    private final Set<Long> lazy = new LinkedHashSet<>();
    private final OriginTrees trees = new OriginTrees(MAX_TREES);
    private final Map<Long, List<Frame.Announcement>> announcements = new LinkedHashMap<>();
    private final Map<MessageId, Missing> missing = new HashMap<>();
    private final Map<Long, MessageId> timers = new HashMap<>();

    /** Frames heard on each neighbour link, payloads and control alike; see {@link #stillComing(Missing)}. */
    private final Map<Long, long[]> heard = new HashMap<>();

    private long ticks;

    private boolean flushScheduled;
    private long nextToken = FLUSH + 1;

    private long published;
    private long forwarded;
    private long duplicates;
    private long hopLimited;
    private long unrouted;
    private long announced;
    private long grafts;
    private long prunes;
    private long lost;
    private long postponed;

    public Plumtree(DuplicateCache seen, MessageCache cache, PropagationFilter filter, Options options,
            DisseminationSink sink) {
        this.seen = seen;
        this.cache = cache;
        this.local = new LocalGate(filter, sink);
        this.options = options;
        this.sink = sink;
    }

    @Override
    public void neighbourUp(long link) {
        lazy.remove(link);
        eager.add(link);
        heard.put(link, new long[1]);
    }

    @Override
    public void neighbourDown(long link) {
        eager.remove(link);
        lazy.remove(link);
        trees.forget(link);
        announcements.remove(link);
        long[] gone = heard.remove(link);
        for (Missing entry : missing.values()) {
            entry.announcers.remove(link);
            if (gone != null && entry.asked == gone) {
                entry.asked = null; // no answer comes from a link that went away
            }
        }
    }

    @Override
    public void publish(Frame.Data message) {
        seen.firstSighting(message.origin(), message.sequence());
        published++;
        if (local.pass(message, 0, PropagationFilter.Origin.LOCAL)) {
            if (eager.isEmpty() && lazy.isEmpty()) {
                unrouted++;
            }
            cache.put(message);
            push(0, message, message);
        }
    }

    @Override
    public void receive(long link, Frame.Data message) {
        heardOn(link);
        if (seen.contains(message.origin(), message.sequence())) {
            duplicates++;
            if (eager.contains(link)) {
                Long redundant = trees.duplicate(message.origin(), link, message.hops());
                if (redundant != null) {
                    prune(redundant, message.origin());
                }
            }
            return;
        }
        if (!sink.authentic(link, message)) {
            return; // not marked seen: a genuine copy may still come, by push or pull
        }
        seen.firstSighting(message.origin(), message.sequence());
        missing.remove(new MessageId(message.origin(), message.sequence()));
        trees.firstCopy(message.origin(), link, message.hops());
        if (lazy.remove(link)) {
            eager.add(link);
        }
        if (!local.pass(message, message.hops(), PropagationFilter.Origin.REMOTE)) {
            return;
        }
        if (message.hopLimit() != 0 && message.hops() >= message.hopLimit()) {
            hopLimited++;
            return;
        }
        Frame.Data onward = message.forwarded();
        cache.put(onward);
        push(link, onward, message);
    }

    @Override
    public void receiveControl(long link, Frame frame) {
        if (!eager.contains(link) && !lazy.contains(link)) {
            return;
        }
        heardOn(link);
        if (frame instanceof Frame.IHave ihave) {
            for (Frame.Announcement announcement : ihave.announcements()) {
                announced(link, announcement);
            }
        }
        else if (frame instanceof Frame.Graft graft) {
            lazy.remove(link);
            eager.add(link);
            for (MessageId id : graft.ids()) {
                trees.grafted(id.origin(), link);
            }
            // answered even on a congested link: the asker has no other copy coming, and withholding it turned a
            // long congestion (a subscriber that stalled its node) into messages given up as lost; the link's
            // backlog limit still bounds what piles up
            for (MessageId id : graft.ids()) {
                Frame.Data message = cache.get(id);
                if (message != null && sink.fits(link, message)) {
                    forwarded++;
                    sink.send(link, message); // cached as the tree links got it
                }
            }
        }
        else if (frame instanceof Frame.Prune prune) {
            if (prune.origins().isEmpty()) {
                if (eager.remove(link)) {
                    lazy.add(link);
                }
            }
            else {
                for (long origin : prune.origins()) {
                    trees.pruned(origin, link);
                }
            }
        }
    }

    @Override
    public void onTimer(long token) {
        if (token == FLUSH) {
            flushScheduled = false;
            for (Map.Entry<Long, List<Frame.Announcement>> batch : announcements.entrySet()) {
                sink.send(batch.getKey(), new Frame.IHave(batch.getValue()));
            }
            announcements.clear();
            return;
        }
        MessageId id = timers.remove(token);
        Missing entry = id == null ? null : missing.get(id);
        if (entry == null) {
            return;
        }
        if (stillComing(entry)) {
            postponed++;
            schedule(id, options.graftRetryMillis() << Math.min(entry.attempts - 1, 6));
            return;
        }
        long flowing = seen.contiguous(id.origin());
        if (flowing > entry.flowing && seen.highest(id.origin()) < id.sequence()) {
            // The origin's earlier messages are still arriving, in order, and none after this one yet: it is on its
            // way behind them (a busy tree link), not lost. Pulling it now would only send it twice.
            entry.flowing = flowing;
            postponed++;
            schedule(id, options.graftTimeoutMillis());
            return;
        }
        Long announcer = entry.announcers.poll();
        if (announcer == null && entry.attempts < options.maxGraftAttempts()) {
            // Every announcer so far went away; others may still announce it. Wait, as a pull would.
            entry.attempts++;
            schedule(id, options.graftRetryMillis() << Math.min(entry.attempts - 1, 6));
            return;
        }
        if (announcer == null || entry.attempts >= options.maxGraftAttempts()) {
            missing.remove(id);
            seen.firstSighting(id.origin(), id.sequence());
            lost++;
            sink.lost(id, announcer == null ? "every neighbour that announced it went away"
                    : "no announcer sent it after " + entry.attempts + " requests");
            return;
        }
        // Round robin over the announcers, waiting longer each time: under load a reply can take a while.
        entry.announcers.add(announcer);
        entry.attempts++;
        entry.asked = heard.get(announcer);
        entry.heardWhenAsked = entry.asked == null ? 0 : entry.asked[0];
        grafts++;
        lazy.remove(announcer);
        eager.add(announcer);
        Long former = trees.pull(id.origin(), announcer);
        sink.send(announcer, new Frame.Graft(List.of(id)));
        if (former != null && eager.contains(former)) {
            prune(former, id.origin());
        }
        schedule(id, options.graftRetryMillis() << Math.min(entry.attempts - 1, 6));
    }

    @Override
    public void tick() {
        ticks++;
        seen.tick();
        cache.tick();
        seen.expireGaps(options.repairTicks(), (origin, sequence) -> {
            MessageId id = new MessageId(origin, sequence);
            missing.remove(id);
            lost++;
            sink.lost(id, "it never arrived and could not be repaired in time");
        });
    }

    @Override
    public DisseminationCounters counters() {
        return new DisseminationCounters(published, local.delivered(), forwarded, duplicates, hopLimited,
                local.filtered(), unrouted, seen.origins(), seen.windowSkips(), announced, grafts, prunes, lost);
    }

    /** Pulls put off because the origin's earlier messages were still arriving in order. */
    public long postponed() {
        return postponed;
    }

    /** Whether payloads of this origin go to this link (rather than announcements only). */
    public boolean onTree(long origin, long link) {
        return eager.contains(link) && trees.onTree(origin, link);
    }

    /** The link this origin's messages come on (never pushed back up), or {@code null}; for tests. */
    Long parent(long origin) {
        return trees.parent(origin);
    }

    /** Links in the tree (eager) and off it (lazy) for every origin, for tests and the state view. */
    public List<Set<Long>> links() {
        return List.of(Set.copyOf(eager), Set.copyOf(lazy));
    }

    private void announced(long link, Frame.Announcement announcement) {
        if (seen.contains(announcement.origin(), announcement.sequence())) {
            return;
        }
        MessageId id = new MessageId(announcement.origin(), announcement.sequence());
        Missing entry = missing.get(id);
        if (entry == null) {
            entry = new Missing(seen.contiguous(id.origin()), ticks);
            missing.put(id, entry);
            schedule(id, options.graftTimeoutMillis());
        }
        if (!entry.announcers.contains(link)) {
            entry.announcers.add(link);
        }
    }

    private void heardOn(long link) {
        long[] count = heard.get(link);
        if (count != null) {
            count[0]++;
        }
    }

    /**
     * Whether the answer to the last pull is still on its way: the asked neighbour's link delivered frames since the
     * pull (the answer queues behind them on a loaded or just-resumed link), and the message has been missing for
     * less than the repair window. Asking again, or another announcer, would only send the payload twice more and
     * give up on it while it is coming; a link that goes quiet, or the window, ends the wait.
     */
    private boolean stillComing(Missing entry) {
        if (entry.asked == null || ticks - entry.since >= options.repairTicks()) {
            return false;
        }
        long now = entry.asked[0];
        if (now == entry.heardWhenAsked) {
            return false;
        }
        entry.heardWhenAsked = now;
        return true;
    }

    private void schedule(MessageId id, long delay) {
        long token = nextToken++;
        timers.put(token, id);
        sink.schedule(token, delay);
    }

    /**
     * Payload to the tree links, announcement to the others; never back to {@code from}. A tree link over the hard
     * payload cap ({@link DisseminationSink#overPayloadCap}) gets the announcement too: a relay does not pile payloads
     * on a link that cannot take them, its peer pulls the message when it misses it, and the link stays on the tree.
     * Below the cap a congested tree link still gets the payload. A neighbour whose maximum message size is below the
     * message's gets neither: it could not take the payload, and an announcement would only have it pull
     * in vain until it gave up; it reports the gap in the origin's sequence as lost instead.
     */
    private void push(long from, Frame.Data outgoing, Frame.Data received) {
        Frame.Announcement announcement = new Frame.Announcement(received.origin(), received.sequence(),
                outgoing.hops());
        trees.pushed(received.origin(), outgoing.hops());
        for (long link : eager) {
            if (link == from || !sink.fits(link, outgoing)) {
                continue;
            }
            if (trees.onTree(received.origin(), link) && !sink.overPayloadCap(link)) {
                forwarded++;
                sink.send(link, outgoing);
            }
            else {
                announce(link, announcement);
            }
        }
        for (long link : lazy) {
            if (link != from && sink.fits(link, outgoing)) {
                announce(link, announcement);
            }
        }
    }

    private void prune(long link, long origin) {
        prunes++;
        sink.send(link, new Frame.Prune(List.of(origin)));
    }

    private void announce(long link, Frame.Announcement announcement) {
        List<Frame.Announcement> batch = announcements.computeIfAbsent(link, l -> new ArrayList<>());
        batch.add(announcement);
        announced++;
        if (batch.size() >= Frame.MAX_MESSAGE_IDS) {
            sink.send(link, new Frame.IHave(batch));
            announcements.remove(link);
        }
        else if (!flushScheduled) {
            flushScheduled = true;
            sink.schedule(FLUSH, options.ihaveIntervalMillis());
        }
    }


    /** A message heard of but not received: who announced it and how many pulls were tried. */
    private static final class Missing {

        final ArrayDeque<Long> announcers = new ArrayDeque<>(4);

        int attempts;

        /** How far the origin's messages had arrived in order when this one was last checked. */
        long flowing;

        /** The maintenance tick at which it was first announced. */
        final long since;

        /** Frames heard on the link of the last pull ({@code null} before the first or once that link is gone)… */
        long[] asked;

        /** …and how many had been heard when it was sent or last checked. */
        long heardWhenAsked;

        Missing(long flowing, long since) {
            this.flowing = flowing;
            this.since = since;
        }
    }
}
