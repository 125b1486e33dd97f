package dev.peermesh.sample.topology;

import dev.peermesh.MeshNode;
import dev.peermesh.NodeId;
import dev.peermesh.NodeState;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * This node as {@code GET /api/node} and the {@code node} event show it.
 *
 * <p>{@code NodeView.of(node, properties.getPublicUrl())}
 *
 * @param nodeId its node id
 * @param meshId the mesh it belongs to
 * @param address the mesh address it advertises, {@code host:port}
 * @param httpUrl where its page is, when configured
 * @param running whether the node is started
 * @param online whether it has a neighbor
 * @param neighbors its neighbors
 */
public record NodeView(String nodeId, String meshId, @Nullable String address, @Nullable String httpUrl,
        boolean running, boolean online, List<NeighborView> neighbors) {

    /** A snapshot of the node now. */
    public static NodeView of(MeshNode node, @Nullable String httpUrl) {
        NodeState state = node.state();
        List<NeighborView> neighbors = state.neighbors().stream()
                .map(n -> new NeighborView(NodeId.format(n.nodeId()), n.address().toString(), n.outbound()))
                .sorted((a, b) -> a.nodeId().compareTo(b.nodeId()))
                .toList();
        return new NodeView(NodeId.format(state.nodeId()), state.meshId(),
                state.address() != null ? state.address().toString() : null, httpUrl, state.running(), state.online(),
                neighbors);
    }

    /**
     * A neighbor of this node.
     *
     * @param nodeId its node id
     * @param address the mesh address it advertises
     * @param outbound whether this node dialled the link
     */
    public record NeighborView(String nodeId, String address, boolean outbound) {
    }
}
