package dev.peermesh.protocol;

import dev.peermesh.Neighbor;
import dev.peermesh.wire.Reason;

/**
 * A membership change the protocol reports to the application.
 */
public sealed interface MeshEvent {

    /** The node gained its first neighbor. */
    record Online() implements MeshEvent {
    }

    /** The node lost its last neighbor. */
    record Offline() implements MeshEvent {
    }

    /** A neighbor link was established. */
    record NeighborUp(Neighbor neighbor) implements MeshEvent {
    }

    /** A message this node knows it missed could not be repaired. */
    record MessageLost(dev.peermesh.MessageId id, String reason) implements MeshEvent {
    }

    /**
     * A message or origin key from a neighbor failed verification and was dropped. When {@code forged}, the link it
     * came on is closed too (a {@link NeighborDown} with {@code FORGED_MESSAGE} follows); otherwise its origin's key
     * was unknown and the link stays.
     */
    record MessageRejected(Neighbor from, boolean forged, String detail) implements MeshEvent {
    }

    /**
     * A message was not sent to a neighbor because it is longer than the neighbor's maximum message size: its
     * decoder would have closed the link. Nodes of one mesh disagree on {@code max-message-size}.
     *
     * @param to the neighbor that did not get it
     * @param id the message
     * @param size its counted DATA frame length
     * @param neighborLimit the neighbor's maximum message size
     * @param ownLimit this node's
     */
    record MessageTooLargeForNeighbor(Neighbor to, dev.peermesh.MessageId id, long size, int neighborLimit,
            int ownLimit) implements MeshEvent {
    }

    /** A neighbor link ended. */
    record NeighborDown(Neighbor neighbor, Reason reason, String detail) implements MeshEvent {
    }
}
