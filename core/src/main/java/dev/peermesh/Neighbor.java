package dev.peermesh;

/**
 * A node this node holds an authenticated link with.
 *
 * @param nodeId the neighbor's node id
 * @param address the address the neighbor advertises
 * @param outbound whether this node dialled the link (rather than accepted it)
 */
public record Neighbor(long nodeId, PeerAddress address, boolean outbound) {

    @Override
    public String toString() {
        return NodeId.format(nodeId) + "@" + address + (outbound ? " (out)" : " (in)");
    }
}
