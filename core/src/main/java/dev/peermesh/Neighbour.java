package dev.peermesh;

/**
 * A node this node holds an authenticated link with.
 *
 * @param nodeId the neighbour's node id
 * @param address the address the neighbour advertises
 * @param outbound whether this node dialled the link (rather than accepted it)
 */
public record Neighbour(long nodeId, PeerAddress address, boolean outbound) {

    @Override
    public String toString() {
        return NodeId.format(nodeId) + "@" + address + (outbound ? " (out)" : " (in)");
    }
}
