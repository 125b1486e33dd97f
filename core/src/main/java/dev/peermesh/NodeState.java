package dev.peermesh;


import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A read-only snapshot of a node: who it is, its neighbours, and what it counted since it started.
 *
 * <p>{@code node.state().neighbours().size()}
 *
 * @param nodeId this node's id
 * @param meshId the mesh it belongs to
 * @param address the address it advertises, or {@code null} before it started
 * @param running whether it is started and not stopped
 * @param neighbours its current neighbours
 * @param counters what it counted
 */
public record NodeState(long nodeId, String meshId, @Nullable PeerAddress address, boolean running,
        List<Neighbour> neighbours, Counters counters) {

    public NodeState {
        neighbours = List.copyOf(neighbours);
    }

    /** Whether the node has at least one neighbour. */
    public boolean online() {
        return !neighbours.isEmpty();
    }

    /**
     * Totals since the node started.
     *
     * @param published messages published here
     * @param delivered messages handed to this node's subscribers, each at most once
     * @param forwarded copies sent to neighbours
     * @param duplicates copies received that had been seen before and were dropped
     * @param hopLimited messages not sent on because of their hop limit
     * @param filtered messages the propagation filter held back, locally or from neighbours
     * @param unrouted messages published while this node had no neighbour
     * @param deliveryOverflows messages and events dropped because subscribers fell too far behind
     * @param linksEstablished neighbour links established
     * @param linksRefused links refused during the handshake, by either side
     * @param linksClosed neighbour links ended, by reason
     * @param protocolErrors malformed or unexpected frames received
     * @param passiveViewSize peers in the referral cache now
     * @param bytesIn bytes received on all links
     * @param bytesOut bytes sent on all links
     * @param grafts messages pulled from neighbours that announced them (broadcast-tree repair)
     * @param prunes redundant tree links pruned
     * @param lost messages known to be missed and given up on, each reported as a loss event
     * @param rejected links, frames and referrals turned away because they broke a limit or a rule, by reason
     * @param pendingHandshakes inbound links authenticating now
     * @param forged messages and origin keys that failed verification (altered, signed by another key, unsigned
     *        where signatures are required, untrusted), dropped; each closed the link it came on
     * @param unknownOrigin signed messages dropped because no key of their origin was known here
     * @param tooLargeForNeighbor copies of messages not sent to (nor announced to) a neighbour because they are longer
     *        than its maximum message size: the nodes of the mesh disagree on {@code peermesh.max-message-size}
     * @param dials links this node dialled, each a handshake attempt once its TCP connection opens; a peer that
     *        keeps failing is dialled once per step of a doubling cooldown ({@code dial-backoff.*}), not in a loop
     * @param payloadsOverCap payloads a tree relay announced instead of pushing to a child because the child's link
     *        had more queued than {@code tree.payload-backlog-cap}: the link counted as lossy, the child pulls them
     */
    public record Counters(long published, long delivered, long forwarded, long duplicates, long hopLimited,
            long filtered, long unrouted, long deliveryOverflows, long linksEstablished, long linksRefused,
            Map<CloseReason, Long> linksClosed, long protocolErrors, int passiveViewSize, long bytesIn, long bytesOut,
            long grafts, long prunes, long lost, Map<Rejection, Long> rejected,
            int pendingHandshakes, long forged, long unknownOrigin, long tooLargeForNeighbor,
            long dials, long payloadsOverCap) {

        /** All zero: a node that never ran. */
        public static final Counters NONE = new Counters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(), 0, 0, 0, 0, 0, 0, 0,
                Map.of(), 0, 0, 0, 0, 0, 0);

        public Counters {
            linksClosed = Map.copyOf(linksClosed);
            rejected = Map.copyOf(rejected);
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

    /** The state of a node that is not running and has nothing to report. */
    public static NodeState stopped(long nodeId, String meshId, @Nullable PeerAddress address) {
        return new NodeState(nodeId, meshId, address, false, List.of(), Counters.NONE);
    }
}
