package dev.peermesh.protocol;

import dev.peermesh.Neighbor;

/**
 * The neighbor that accepts the shortest messages, and how long they may be: what a publisher checks a message
 * against, so it never sends one that the neighbor's decoder would refuse by closing the link.
 *
 * <p>{@code if (size > smallest.maxMessageSize()) refuse(smallest.neighbor());}
 *
 * @param neighbor the neighbor
 * @param maxMessageSize the longest frame it accepts (its {@code max-message-size}, told in the handshake), counted
 *        as {@link dev.peermesh.wire.FrameWriter#dataLength} counts a DATA frame
 */
public record NeighborLimit(Neighbor neighbor, int maxMessageSize) {
}
