package dev.peermesh.event;

import dev.peermesh.MeshNode;
import dev.peermesh.NodeId;

/**
 * The node lost its last neighbor: until it finds another, what it publishes reaches nobody (it keeps trying its
 * resolver and the peers it knew; see {@code peermesh.isolation-warning}).
 *
 * <p>{@code @EventListener void offline(MeshOfflineEvent event) { alerts.raise("mesh lost"); }}
 */
public final class MeshOfflineEvent extends PeermeshEvent {

    public MeshOfflineEvent(MeshNode node) {
        super(node);
    }

    @Override
    public String toString() {
        return "MeshOfflineEvent[node " + NodeId.format(getNode().nodeId()) + "]";
    }
}
