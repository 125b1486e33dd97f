package dev.peermesh;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A read-only snapshot of a node: who it is, its neighbors, and what it counted since it started.
 *
 * <p>{@code node.state().neighbors().size()}
 *
 * @param nodeId this node's id
 * @param meshId the mesh it belongs to
 * @param address the address it advertises, or {@code null} before it started
 * @param running whether it is started and not stopped
 * @param neighbors its current neighbors
 * @param counters what it counted
 */
public record NodeState(long nodeId, String meshId, @Nullable PeerAddress address, boolean running,
        List<Neighbor> neighbors, Counters counters) {

    public NodeState {
        neighbors = List.copyOf(neighbors);
    }

    /** Whether the node has at least one neighbor. */
    public boolean online() {
        return !neighbors.isEmpty();
    }

    /**
     * Totals since the node started.
     *
     * @param published messages published here
     * @param delivered messages handed to this node's subscribers, each at most once
     * @param forwarded copies sent to neighbors
     * @param duplicates copies received that had been seen before and were dropped
     * @param hopLimited messages not sent on because of their hop limit
     * @param filtered messages the propagation filter held back, locally or from neighbors
     * @param unrouted messages published while this node had no neighbor
     * @param deliveryOverflows messages and events dropped because subscribers fell too far behind
     * @param linksEstablished neighbor links established
     * @param linksRefused links refused during the handshake, by either side
     * @param linksClosed neighbor links ended, by reason
     * @param protocolErrors malformed or unexpected frames received
     * @param passiveViewSize peers in the referral cache now
     * @param bytesIn bytes received on all links
     * @param bytesOut bytes sent on all links
     * @param grafts messages pulled from neighbors that announced them (broadcast-tree repair)
     * @param prunes redundant tree links pruned
     * @param lost messages known to be missed and given up on, each reported as a loss event
     * @param rejected links, frames and referrals turned away because they broke a limit or a rule, by reason
     * @param pendingHandshakes inbound links authenticating now
     * @param forged messages and origin keys that failed verification (altered, signed by another key, unsigned
     *        where signatures are required, untrusted), dropped; each closed the link it came on
     * @param unknownOrigin signed messages dropped because no key of their origin was known here
     * @param tooLargeForNeighbor copies of messages not sent to (nor announced to) a neighbor because they are longer
     *        than its maximum message size: the nodes of the mesh disagree on {@code peermesh.max-message-size}
     * @param dials links this node dialled, each a handshake attempt once its TCP connection opens; a peer that
     *        keeps failing is dialled once per step of a doubling cooldown ({@code dial-backoff.*}), not in a loop
     * @param payloadsOverCap payloads a tree relay announced instead of pushing to a child because the child's link
     *        had more queued than {@code tree.payload-backlog-cap}: the link counted as lossy, the child pulls them
     * @param treePauses PAUSE frames this node sent up origins' trees because a link towards a child was congested
     *        (tree mode; each asks the origin, through the nodes between, to hold its publishes for a while)
     * @param treePausesIgnored origins named in PAUSE frames from neighbors that this node did not take: from a link
     *        off the origin's tree here, of an origin it does not know, or past the 4,096 origins it holds at most
     * @param treeStalls links towards a child that stayed congested for longer than a pause may hold (1 s): they
     *        stopped holding origins until they drained, and the tree went on without that child
     * @param reordering what per-origin ordering holds and gave up ({@code peermesh.ordering=fifo})
     * @param requests requests, sends to one node and their replies
     * @param catchUp what this node's catch-ups delivered and what it replayed to neighbors catching up
     * @param direct messages for one node that went straight to it, from here and to here
     */
    public record Counters(long published, long delivered, long forwarded, long duplicates, long hopLimited,
            long filtered, long unrouted, long deliveryOverflows, long linksEstablished, long linksRefused,
            Map<CloseReason, Long> linksClosed, long protocolErrors, int passiveViewSize, long bytesIn, long bytesOut,
            long grafts, long prunes, long lost, Map<Rejection, Long> rejected,
            int pendingHandshakes, long forged, long unknownOrigin, long tooLargeForNeighbor,
            long dials, long payloadsOverCap, long treePauses, long treePausesIgnored, long treeStalls,
            Reordering reordering, Requests requests, CatchUp catchUp, Direct direct) {

        /** All zero: a node that never ran. */
        public static final Counters NONE = new Counters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(), 0, 0, 0, 0, 0, 0, 0,
                Map.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0, Reordering.NONE, Requests.NONE, CatchUp.NONE,
                Direct.NONE);

        public Counters {
            linksClosed = Map.copyOf(linksClosed);
            rejected = Map.copyOf(rejected);
        }

        /** These counters with {@code requests} for the requests'. */
        public Counters withRequests(Requests requests) {
            return new Counters(published, delivered, forwarded, duplicates, hopLimited, filtered, unrouted,
                    deliveryOverflows, linksEstablished, linksRefused, linksClosed, protocolErrors, passiveViewSize,
                    bytesIn, bytesOut, grafts, prunes, lost, rejected, pendingHandshakes, forged, unknownOrigin,
                    tooLargeForNeighbor, dials, payloadsOverCap, treePauses, treePausesIgnored, treeStalls,
                    reordering, requests, catchUp, direct);
        }

        /** Everything rejected, whatever the reason. */
        public long rejectedTotal() {
            long total = 0;
            for (long count : rejected.values()) {
                total += count;
            }
            return total;
        }
    }

    /**
     * What delivering each origin's messages in order ({@link DeliveryOrder#FIFO}) holds now and gave up; every
     * message it gave up on was reported as a loss and is counted in {@link Counters#lost()} too.
     *
     * @param held messages waiting now for an earlier message of their origin
     * @param heldBytes their payloads' bytes, with 128 per message; at most {@code limits.max-reorder-bytes}
     * @param late messages that arrived after a later message of their origin had been delivered, not delivered:
     *        reported lost when their gap was given up on, or as they came when below where the order began
     * @param expired missing messages given up on because the messages behind them had waited a repair window
     * @param overflowed missing messages given up on because the held messages reached
     *        {@code limits.max-reorder-bytes}
     */
    public record Reordering(int held, long heldBytes, long late, long expired, long overflowed) {

        /** Nothing held, nothing given up. */
        public static final Reordering NONE = new Reordering(0, 0, 0, 0, 0);
    }

    /**
     * Requests ({@link MeshNode#request}, {@link MeshNode#requestAll}) and sends to one node ({@link MeshNode#send},
     * confirmed by a receipt) made here, and the replies that came back.
     *
     * @param sent requests and sends made
     * @param answered those answered: a first reply, a receipt, or a window that collected at least one reply
     * @param timedOut those that ended without an answer (a failed future, or a window with no reply)
     * @param rejected those refused at once: over {@code limits.max-pending-requests}, or not accepted for publishing
     * @param replies replies and receipts that came back
     * @param lateReplies of those, the ones for no waiting request: after its timeout or window, or not for it
     * @param pending requests waiting now
     */
    public record Requests(long sent, long answered, long timedOut, long rejected, long replies, long lateReplies,
            int pending) {

        /** Nothing asked, nothing answered. */
        public static final Requests NONE = new Requests(0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * Late-joiner catch-up ({@code peermesh.catch-up.*}): what this node's catch-ups delivered, and what it replayed
     * to neighbors catching up (every node answers).
     *
     * @param started catch-ups begun: when the node started or got a neighbor again after it had none
     * @param timedOut of those, the ones that ended at {@code catch-up.timeout} with answers still owed
     * @param replayed replayed messages taken here (delivered, or kept from the subscribers by the propagation
     *        filter), each marked {@link MeshMessage#REPLAYED_HEADER}
     * @param duplicates replayed messages dropped because they had been seen: heard live, or replayed by another
     *        neighbor
     * @param unasked replayed messages dropped because they came after the catch-up ended or unasked
     * @param tooOld replayed messages dropped because they were published before this node first heard of their
     *        origin and the duplicate cache's ranges for such numbers of that origin (16) were full: whether they were
     *        delivered here is not known, and they are not delivered twice
     * @param served messages this node replayed to neighbors catching up
     */
    public record CatchUp(long started, long timedOut, long replayed, long duplicates, long unasked, long tooOld,
            long served) {

        /** Nothing asked, nothing replayed. */
        public static final CatchUp NONE = new CatchUp(0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * Messages for one node (sends, replies) that went straight to it on the link between the two, a marker taking
     * their place in the mesh ({@link MeshMessage#DIRECT_HEADER}).
     *
     * @param sent messages this node sent straight to a neighbor
     * @param received messages that came straight to this node and were taken (delivered unless filtered)
     * @param missed messages whose marker came but which did not, within the repair window: reported lost
     */
    public record Direct(long sent, long received, long missed) {

        /** Nothing sent or received straight. */
        public static final Direct NONE = new Direct(0, 0, 0);
    }

    /** The state of a node that is not running and has nothing to report. */
    public static NodeState stopped(long nodeId, String meshId, @Nullable PeerAddress address) {
        return new NodeState(nodeId, meshId, address, false, List.of(), Counters.NONE);
    }
}
