package dev.peermesh.dissemination;

import dev.peermesh.NodeState;

/**
 * What a dissemination strategy counted, since the node started.
 *
 * @param published messages this node published
 * @param delivered messages handed to this node's subscribers (each at most once)
 * @param forwarded copies sent on to neighbors, own publications included
 * @param duplicates copies received that had been seen before
 * @param hopLimited messages not sent on because their hop limit was reached
 * @param filtered messages the propagation filter kept from local delivery or from neighbors
 * @param unrouted messages this node published while it had no neighbor, which reached no other node
 * @param cachedOrigins publishers the duplicate cache remembers now
 * @param windowSkips sequence numbers the duplicate cache passed over unseen
 * @param announcements message ids announced lazily (IHAVE) to neighbors
 * @param grafts messages pulled from a neighbor that announced them (GRAFT)
 * @param prunes redundant tree links pruned (PRUNE sent)
 * @param lost messages known to be missed and given up on, each reported as a loss event
 * @param pauses PAUSE frames sent up origins' trees, a link towards a child being congested (tree mode)
 * @param pausesIgnored origins named in PAUSE frames that were not taken: from a link off the origin's tree, of an
 *        origin not known here, or past the bound on held origins
 * @param holdStalls links that stayed congested past the longest hold and stopped holding origins until they drained
 * @param reordering what delivering each origin's messages in order holds and gave up
 * @param catchUp what catching up delivered here and what this node replayed to neighbors
 * @param direct messages for one node sent straight to it, from here and to here
 */
public record DisseminationCounters(long published, long delivered, long forwarded, long duplicates,
        long hopLimited, long filtered, long unrouted, int cachedOrigins, long windowSkips, long announcements,
        long grafts, long prunes, long lost, long pauses, long pausesIgnored, long holdStalls,
        NodeState.Reordering reordering, NodeState.CatchUp catchUp, NodeState.Direct direct) {

    /** A strategy's counters, which knows nothing of ordering. */
    public DisseminationCounters(long published, long delivered, long forwarded, long duplicates, long hopLimited,
            long filtered, long unrouted, int cachedOrigins, long windowSkips, long announcements, long grafts,
            long prunes, long lost, long pauses, long pausesIgnored, long holdStalls) {
        this(published, delivered, forwarded, duplicates, hopLimited, filtered, unrouted, cachedOrigins, windowSkips,
                announcements, grafts, prunes, lost, pauses, pausesIgnored, holdStalls, NodeState.Reordering.NONE,
                NodeState.CatchUp.NONE, NodeState.Direct.NONE);
    }

    /**
     * These counters as the subscribers saw them through per-origin ordering: what it holds is not delivered yet,
     * a late arrival was not delivered at all, and what it gave up on was lost.
     */
    DisseminationCounters ordered(NodeState.Reordering r, long lateBeforeFloor, long reportedTwice) {
        long gaveUp = lateBeforeFloor + r.expired() + r.overflowed() - reportedTwice;
        return new DisseminationCounters(published, delivered - r.held() - r.late(), forwarded, duplicates,
                hopLimited, filtered, unrouted, cachedOrigins, windowSkips, announcements, grafts, prunes,
                lost + gaveUp, pauses, pausesIgnored, holdStalls, r, catchUp, direct);
    }

    /** These counters with a catch-up's, whose {@code replayedDelivered} messages were delivered here too. */
    DisseminationCounters caughtUp(NodeState.CatchUp c, long replayedDelivered) {
        return new DisseminationCounters(published, delivered + replayedDelivered, forwarded, duplicates,
                hopLimited, filtered, unrouted, cachedOrigins, windowSkips, announcements, grafts, prunes, lost,
                pauses, pausesIgnored, holdStalls, reordering, c, direct);
    }

    /**
     * These counters with direct routing's: {@code straightDelivered} more delivered here (the messages that came
     * straight, less the markers the strategy counted delivered in their place).
     */
    DisseminationCounters direct(NodeState.Direct d, long straightDelivered) {
        return new DisseminationCounters(published, delivered + straightDelivered, forwarded, duplicates,
                hopLimited, filtered, unrouted, cachedOrigins, windowSkips, announcements, grafts, prunes,
                lost + d.missed(), pauses, pausesIgnored, holdStalls, reordering, catchUp, d);
    }
}
