package dev.peermesh.event;

import dev.peermesh.MeshNode;
import dev.peermesh.NodeId;

/**
 * The node gained its first neighbor: it is in the mesh, and what it publishes reaches someone.
 *
 * <p>{@code @EventListener void online(MeshOnlineEvent event) { ready.countDown(); }}
 */
public final class MeshOnlineEvent extends PeermeshEvent {

    public MeshOnlineEvent(MeshNode node) {
        super(node);
    }

    @Override
    public String toString() {
        return "MeshOnlineEvent[node " + NodeId.format(getNode().nodeId()) + "]";
    }
}
