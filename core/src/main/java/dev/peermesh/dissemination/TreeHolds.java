package dev.peermesh.dissemination;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongPredicate;

import org.jspecify.annotations.Nullable;

/**
 * Credits up an origin's tree: a relay whose link to a child has more than its high-water mark waiting asks the
 * origins whose payloads it pushes there to hold back, through their trees, instead of piling their payloads on the
 * link until the hard cap and then announcing them (which had every node of a saturated 8-node mesh pull and receive
 * duplicates, docs/benchmarks.md). Reading never stops anywhere: a pause travels up each origin's tree by PAUSE frames
 * naming the origin, to the link its messages came on; the origin itself holds its publishes
 * ({@link DisseminationSink#holdPublishes}); a RESUME goes the same way once the cause is gone.
 *
 * <p>Why an origin is held here: a child link of its tree was congested when one of its payloads was pushed there
 * (until the link drains, checked every {@link #CHECK_MILLIS}), one of its messages came while this node's deliveries
 * were backlogged ({@link #LOCAL_DELIVERY}: messages held behind gaps for order, until they drain below the mark),
 * or a child sent a PAUSE naming it (until that child's
 * RESUME, the link going down, or {@link #LEASE_MILLIS} without the pause being repeated). A node whose own link stays
 * congested repeats its pauses every {@link #REFRESH_MILLIS}; a node between passes a repeat on, at most twice a
 * period, one hop fewer each time: a PAUSE carries the hops it may still go ({@link #PAUSE_HOPS} from the congested
 * node), so stale parents that form a cycle cannot keep a pause going round, and every hold whose cause is gone
 * runs out within a lease. A link congested for longer than {@link #MAX_HOLD_MILLIS} holds nobody any more until it
 * drains: its child is stalled rather than slow, and the tree goes on without it (payloads pile up on its link to the
 * payload cap and are then announced, as before credits; the backlog limit closes the link in the end).
 *
 * <p>A PAUSE is taken only from a link this node pushes the origin's payloads to, for an origin whose messages come
 * on a known link here (or for this node itself); others are ignored and counted, and so are pauses past
 * {@code maxOrigins} held origins: a neighbor cannot hold made-up origins or hold an origin from off its tree. If an
 * origin's messages start coming on another link while it is held, the pause moves there (never down to a link that
 * paused it). Frames to one link go out together ({@link HoldFrames}); congested links are timed in
 * {@link CongestedLinks}.
 *
 * <p>Sans-IO: time comes from {@link DisseminationSink#now()}, the check from a timer the sink schedules. Not
 * thread-safe: owned by the protocol thread.
 */
final class TreeHolds {

    /** How often a node repeats its pauses while a link of its own stays congested, in ms. */
    static final long REFRESH_MILLIS = 50;

    /** How long a child's pause holds without being repeated, in ms. */
    static final long LEASE_MILLIS = 4 * REFRESH_MILLIS;

    /** How often, while anything is held, congested links are checked for having drained, in ms. */
    static final long CHECK_MILLIS = 2;

    /** How long one link may stay congested and still hold origins, in ms: longer, its child counts as stalled. */
    static final long MAX_HOLD_MILLIS = 1_000;

    /** Hops a pause may travel from the congested node, passed on one fewer each time. */
    static final int PAUSE_HOPS = 32;

    /**
     * The pseudo child link of this node's own deliveries: congested while messages wait here for delivery in bulk
     * ({@link DisseminationSink#deliveryBacklogged}: held behind gaps for order), so the origins whose messages keep
     * coming are paused until the gaps are repaired — the receiver's window of a reliable multicast. Never a link id
     * (those count up from 1).
     */
    static final long LOCAL_DELIVERY = -1;

    /** The upstream of this node's own messages: its publishes. */
    static final long OWN = 0;

    /** No upstream known: the pause goes nowhere (yet). */
    private static final long NONE = OriginTrees.NO_LINK;

    /** What TreeHolds needs of the origins' trees. */
    interface Trees {

        /** The link the origin's messages come on, or {@link OriginTrees#NO_LINK}. */
        long parent(long origin);

        /** Whether this node pushes the origin's payloads to the link. */
        boolean child(long origin, long link);
    }

    private final DisseminationSink sink;

    /** The timer token {@link #check()} runs on. */
    private final long timerToken;

    private final Trees trees;

    private final int maxOrigins;

    private final LongLruMap<Hold> holds = new LongLruMap<>();

    private final CongestedLinks congestedLinks = new CongestedLinks(MAX_HOLD_MILLIS);

    /** Whether a child link, or this node's deliveries, are still congested: made once, checked every 2 ms. */
    private final LongPredicate stillCongested;

    private final HoldFrames outbox;

    private boolean checkScheduled;

    private boolean ownHeld;

    private long self = NONE;

    private long pausesSent;

    private long ignored;

    /** One held origin: why, and where its pause went. */
    private static final class Hold {

        final long origin;

        /** Child links that were congested when a payload of the origin was pushed there. */
        final LinkSet congested = new LinkSet();

        /** Child links that paused the origin, with when each pause runs out (same order). */
        final LinkSet pausedBy = new LinkSet();

        long[] leaseEnds = new long[4];

        long upstream = NONE;

        long lastSent = Long.MIN_VALUE / 2;

        Hold(long origin) {
            this.origin = origin;
        }

        boolean empty() {
            return congested.isEmpty() && pausedBy.isEmpty();
        }

        void lease(long link, long until) {
            pausedBy.add(link);
            leaseEnds = grown(leaseEnds, pausedBy.size());
            leaseEnds[pausedBy.indexOf(link)] = until;
        }

        void unlease(long link) {
            int index = pausedBy.indexOf(link);
            if (index >= 0) {
                System.arraycopy(leaseEnds, index + 1, leaseEnds, index, pausedBy.size() - index - 1);
                pausedBy.remove(link);
            }
        }
    }

    TreeHolds(DisseminationSink sink, long timerToken, Trees trees, int maxOrigins) {
        this.stillCongested = link -> link == LOCAL_DELIVERY ? sink.deliveryBacklogged() : sink.congested(link);
        this.sink = sink;
        this.timerToken = timerToken;
        this.trees = trees;
        this.maxOrigins = maxOrigins;
        this.outbox = new HoldFrames(sink);
    }

    /** This node publishes as {@code origin}: a pause naming it holds the node's publishes. */
    void self(long origin) {
        self = origin;
    }

    /** Whether any origin is held: the only question the push path asks while nothing is. */
    boolean any() {
        return !holds.isEmpty();
    }

    /** A payload of {@code origin}, which came on {@code from}, was pushed onto the congested child link. */
    void congested(long origin, long child, long from) {
        boolean holding = congestedLinks.seen(child, sink.now());
        scheduleCheck();
        if (!holding) {
            return;
        }
        Hold hold = hold(origin);
        if (hold != null) {
            hold.congested.add(child);
            follow(hold, from);
            outbox.send(PAUSE_HOPS);
        }
    }

    /** A payload of a held origin came on {@code from}: if its tree changed, the pause follows it. */
    void arrived(long origin, long from) {
        Hold hold = holds.get(origin);
        if (hold != null) {
            follow(hold, from);
            outbox.send(PAUSE_HOPS);
        }
    }

    /** The neighbor on {@code link} paused these origins; the pause may go {@code hops} further. */
    void paused(long link, int hops, List<Long> origins) {
        long now = sink.now();
        for (int i = 0; i < origins.size(); i++) {
            long origin = origins.get(i);
            boolean known = origin == self || trees.parent(origin) != NONE;
            if (!known || !trees.child(origin, link)) {
                ignored++;
                continue;
            }
            Hold hold = hold(origin);
            if (hold == null) {
                continue; // counted: past the bound
            }
            hold.lease(link, now + LEASE_MILLIS);
            if (origin == self) {
                moveUp(hold, OWN);
                continue;
            }
            if (hops <= 0) {
                continue; // held here, passed on no further
            }
            long up = trees.parent(origin);
            if (hold.pausedBy.contains(up)) {
                if (hold.upstream == up) {
                    moveUp(hold, NONE); // never back down to a link that paused it
                }
            }
            else if (hold.upstream != up) {
                moveUp(hold, up);
            }
            else if (now - hold.lastSent >= REFRESH_MILLIS / 2) {
                pause(hold, up); // the child repeated its pause: so does this node, at most twice a period
            }
        }
        outbox.send(hops - 1);
    }

    /** The neighbor on {@code link} resumed these origins. */
    void resumed(long link, List<Long> origins) {
        for (int i = 0; i < origins.size(); i++) {
            Hold hold = holds.get(origins.get(i));
            if (hold != null) {
                hold.unlease(link);
                releaseIfEmpty(hold);
            }
        }
        outbox.send(PAUSE_HOPS);
    }

    /** A neighbor link ended: it holds nothing any more, and pauses sent on it went with it. */
    void linkDown(long link) {
        congestedLinks.forget(link);
        for (Hold hold : all()) {
            hold.congested.remove(link);
            hold.unlease(link);
            if (hold.upstream == link) {
                hold.upstream = NONE;
            }
            releaseIfEmpty(hold);
        }
        outbox.send(PAUSE_HOPS);
    }

    /**
     * The check timer fired: drained links and run-out pauses hold nothing any more, links congested for too long
     * stop holding, live causes repeat their pauses.
     */
    void check() {
        checkScheduled = false;
        long now = sink.now();
        congestedLinks.check(now, stillCongested);
        for (Hold hold : all()) {
            for (int i = hold.congested.size() - 1; i >= 0; i--) {
                long link = hold.congested.get(i);
                if (!congestedLinks.holding(link)) {
                    hold.congested.remove(link);
                }
            }
            for (int i = hold.pausedBy.size() - 1; i >= 0; i--) {
                if (hold.leaseEnds[i] <= now) {
                    hold.unlease(hold.pausedBy.get(i));
                }
            }
            if (!releaseIfEmpty(hold) && !hold.congested.isEmpty() && hold.upstream != OWN
                    && hold.upstream != NONE && now - hold.lastSent >= REFRESH_MILLIS) {
                pause(hold, hold.upstream);
            }
        }
        outbox.send(PAUSE_HOPS);
        scheduleCheck();
    }

    /** Origins paused, counted once per PAUSE frame and origin. */
    long pausesSent() {
        return pausesSent;
    }

    /** Pauses ignored: from a link off the origin's tree, of an unknown origin, or past the bound. */
    long ignored() {
        return ignored;
    }

    /** Links that stayed congested past {@link #MAX_HOLD_MILLIS} and stopped holding origins. */
    long stalls() {
        return congestedLinks.stalls();
    }

    /** Whether this node's own publishes are held; for tests. */
    boolean ownHeld() {
        return ownHeld;
    }

    /** Origins held now; for tests. */
    int held() {
        return holds.size();
    }

    private @Nullable Hold hold(long origin) {
        Hold hold = holds.get(origin);
        if (hold == null) {
            if (holds.size() >= maxOrigins) {
                ignored++;
                return null;
            }
            hold = new Hold(origin);
            holds.put(origin, hold);
            scheduleCheck();
        }
        return hold;
    }

    /** The origin's payloads come on {@code from} (a link): its pause goes there, unless that link paused it. */
    private void follow(Hold hold, long from) {
        if (hold.upstream != from && hold.upstream != OWN && !hold.pausedBy.contains(from)) {
            moveUp(hold, from);
        }
    }

    /** The pause goes to {@code up} now: the former upstream is resumed. */
    private void moveUp(Hold hold, long up) {
        if (hold.upstream == up) {
            return;
        }
        resumeUpstream(hold);
        hold.upstream = up;
        if (up == OWN) {
            setOwnHeld(true);
        }
        else if (up != NONE) {
            pause(hold, up);
        }
    }

    private void pause(Hold hold, long link) {
        hold.lastSent = sink.now();
        pausesSent++;
        outbox.pause(link, hold.origin);
    }

    private boolean releaseIfEmpty(Hold hold) {
        if (!hold.empty()) {
            return false;
        }
        resumeUpstream(hold);
        holds.remove(hold.origin);
        return true;
    }

    private void resumeUpstream(Hold hold) {
        if (hold.upstream == OWN) {
            setOwnHeld(false);
        }
        else if (hold.upstream != NONE) {
            outbox.resume(hold.upstream, hold.origin);
        }
        hold.upstream = NONE;
    }

    private void setOwnHeld(boolean held) {
        if (ownHeld != held) {
            ownHeld = held;
            sink.holdPublishes(held);
        }
    }

    private void scheduleCheck() {
        if (!checkScheduled && (!holds.isEmpty() || !congestedLinks.isEmpty())) {
            checkScheduled = true;
            sink.schedule(timerToken, CHECK_MILLIS);
        }
    }

    private List<Hold> all() {
        List<Hold> all = new ArrayList<>(holds.size());
        holds.forEachValue(all::add);
        return all;
    }

    private static long[] grown(long[] array, int size) {
        return size <= array.length ? array : Arrays.copyOf(array, Math.max(size, array.length * 2));
    }
}
