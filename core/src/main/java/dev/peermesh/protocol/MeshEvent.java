package dev.peermesh.protocol;

import dev.peermesh.Neighbour;
import dev.peermesh.wire.Reason;

/**
 * A membership change the protocol reports to the application.
 */
public sealed interface MeshEvent {

    /** The node gained its first neighbour. */
    record Online() implements MeshEvent {
    }

    /** The node lost its last neighbour. */
    record Offline() implements MeshEvent {
    }

    /** A neighbour link was established. */
    record NeighbourUp(Neighbour neighbour) implements MeshEvent {
    }

    /** A message this node knows it missed could not be repaired. */
    record MessageLost(dev.peermesh.MessageId id, String reason) implements MeshEvent {
    }

    /**
     * A message or origin key from a neighbour failed verification and was dropped. When {@code forged}, the link it
     * came on is closed too (a {@link NeighbourDown} with {@code FORGED_MESSAGE} follows); otherwise its origin's key
     * was unknown and the link stays.
     */
    record MessageRejected(Neighbour from, boolean forged, String detail) implements MeshEvent {
    }

    /**
     * A message was not sent to a neighbour because it is longer than the neighbour's maximum message size: its
     * decoder would have closed the link. Nodes of one mesh disagree on {@code max-message-size}.
     *
     * @param to the neighbour that did not get it
     * @param id the message
     * @param size its counted DATA frame length
     * @param neighborLimit the neighbour's maximum message size
     * @param ownLimit this node's
     */
    record MessageTooLargeForNeighbor(Neighbour to, dev.peermesh.MessageId id, long size, int neighborLimit,
            int ownLimit) implements MeshEvent {
    }

    /** A neighbour link ended. */
    record NeighbourDown(Neighbour neighbour, Reason reason, String detail) implements MeshEvent {
    }
}
