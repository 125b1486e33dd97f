package dev.peermesh.dissemination;

import dev.peermesh.wire.Frame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongUnaryOperator;

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
 * (until the link drains, checked every {@link #CHECK_MILLIS} while anything is held), or a child sent a PAUSE naming
 * it (until that child's RESUME, the link going down, or {@link #LEASE_MILLIS} without the pause being repeated). A
 * node repeats its pauses every {@link #REFRESH_MILLIS} only while a link of its own stays congested, so pauses that
 * lost their cause (a RESUME that went to a former parent, a tree that changed) expire, and pauses cannot keep one
 * another alive in a cycle. When an origin's messages start coming on another link while it is held, the pause moves
 * there. At most {@code maxOrigins} origins are held at once; pauses of others are ignored (counted).
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

    /** The upstream of this node's own messages: its publishes. */
    static final long OWN = 0;

    /** No upstream known: the pause goes nowhere (yet). */
    private static final long NONE = Long.MIN_VALUE;

    private final DisseminationSink sink;

    /** The timer token {@link #check()} runs on. */
    private final long timerToken;

    /** The link an origin's messages come on here, or {@link #NONE}: the pause's way up. */
    private final LongUnaryOperator parent;

    private final int maxOrigins;

    private final LongLruMap<Hold> holds = new LongLruMap<>();

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

        /** Child links that paused the origin, with when each pause runs out. */
        final LinkSet pausedBy = new LinkSet();

        long[] leaseEnds = new long[4];

        long upstream = NONE;

        long lastSent;

        Hold(long origin) {
            this.origin = origin;
        }

        boolean empty() {
            return congested.size() == 0 && pausedBy.size() == 0;
        }

        void lease(long link, long until) {
            pausedBy.add(link);
            int index = pausedBy.indexOf(link);
            if (index >= leaseEnds.length) {
                leaseEnds = Arrays.copyOf(leaseEnds, Math.max(index + 1, leaseEnds.length * 2));
            }
            leaseEnds[index] = until;
        }

        void unlease(long link) {
            int index = pausedBy.indexOf(link);
            if (index >= 0) {
                System.arraycopy(leaseEnds, index + 1, leaseEnds, index, pausedBy.size() - index - 1);
                pausedBy.remove(link);
            }
        }
    }

    /**
     * @param parent the link an origin's messages come on, or {@link Long#MIN_VALUE} when none is known
     */
    TreeHolds(DisseminationSink sink, long timerToken, LongUnaryOperator parent, int maxOrigins) {
        this.sink = sink;
        this.timerToken = timerToken;
        this.parent = parent;
        this.maxOrigins = maxOrigins;
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
        Hold hold = hold(origin);
        if (hold == null) {
            return;
        }
        hold.congested.add(child);
        if (hold.upstream != from) {
            moveUp(hold, from);
        }
    }

    /** A payload of a held origin came on {@code from}: if its tree changed, the pause follows it. */
    void arrived(long origin, long from) {
        Hold hold = holds.get(origin);
        if (hold != null && hold.upstream != from && hold.upstream != OWN) {
            moveUp(hold, from);
        }
    }

    /** The neighbor on {@code link} paused these origins. */
    void paused(long link, List<Long> origins) {
        long until = sink.now() + LEASE_MILLIS;
        for (int i = 0; i < origins.size(); i++) {
            long origin = origins.get(i);
            Hold hold = hold(origin);
            if (hold == null) {
                continue;
            }
            hold.lease(link, until);
            long up = origin == self ? OWN : parent.applyAsLong(origin);
            if (up == link) {
                up = NONE; // never back down to the child that asked
            }
            if (hold.upstream != up) {
                moveUp(hold, up);
            }
            else if (up != OWN && up != NONE && sink.now() - hold.lastSent >= REFRESH_MILLIS / 2) {
                pause(hold, up); // the child repeated its pause: so does this node, at most twice a period
            }
        }
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
    }

    /** A neighbor link ended: it holds nothing any more, and pauses sent on it went with it. */
    void linkDown(long link) {
        List<Hold> affected = new ArrayList<>();
        holds.forEachValue(affected::add);
        for (Hold hold : affected) {
            hold.congested.remove(link);
            hold.unlease(link);
            if (hold.upstream == link) {
                hold.upstream = NONE;
            }
            releaseIfEmpty(hold);
        }
    }

    /** The check timer fired: drained links and run-out pauses hold nothing any more; live causes repeat. */
    void check() {
        checkScheduled = false;
        long now = sink.now();
        List<Hold> all = new ArrayList<>();
        holds.forEachValue(all::add);
        for (Hold hold : all) {
            for (int i = hold.congested.size() - 1; i >= 0; i--) {
                long link = hold.congested.get(i);
                if (!sink.congested(link)) {
                    hold.congested.remove(link);
                }
            }
            for (int i = hold.pausedBy.size() - 1; i >= 0; i--) {
                if (hold.leaseEnds[i] <= now) {
                    hold.unlease(hold.pausedBy.get(i));
                }
            }
            if (!releaseIfEmpty(hold) && hold.congested.size() > 0 && hold.upstream != OWN
                    && hold.upstream != NONE && now - hold.lastSent >= REFRESH_MILLIS) {
                pause(hold, hold.upstream);
            }
        }
        scheduleCheck();
    }

    /** PAUSE frames sent so far. */
    long pausesSent() {
        return pausesSent;
    }

    /** Pauses ignored because {@code maxOrigins} origins were held already. */
    long ignored() {
        return ignored;
    }

    /** Whether this node's own publishes are held; for tests. */
    boolean ownHeld() {
        return ownHeld;
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

    /** The pause goes to {@code up} now: the former upstream is resumed. */
    private void moveUp(Hold hold, long up) {
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
        sink.send(link, new Frame.Pause(List.of(hold.origin)));
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
            sink.send(hold.upstream, new Frame.Resume(List.of(hold.origin)));
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
        if (!checkScheduled && !holds.isEmpty()) {
            checkScheduled = true;
            sink.schedule(timerToken, CHECK_MILLIS);
        }
    }
}
