package dev.peermesh.actuate;

import dev.peermesh.MeshNode;
import dev.peermesh.NodeId;
import dev.peermesh.NodeState;

import java.time.Instant;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the mesh node, as contributor {@code peermesh}: DOWN when the node is not running; UP when it runs,
 * with or without neighbors, unless {@code peermesh.health.require-neighbors} is set, in which case a node without
 * neighbors is OUT_OF_SERVICE. The first node of a mesh legitimately has no neighbors, so by default that does not
 * fail liveness; put the stricter check in a readiness group when traffic should wait for the mesh.
 *
 * <p>Details: mesh id, node id, address, online, neighbors, and while the running node has no neighbor
 * {@code isolatedSince}, the ISO-8601 instant it was left alone (or started alone), so a node that stays alone far
 * longer than its peers take to link shows it; the node also logs a warning after {@code peermesh.isolation-warning}.
 */
public class PeermeshHealthIndicator extends AbstractHealthIndicator {

    private final MeshNode node;

    private final boolean requireNeighbors;

    public PeermeshHealthIndicator(MeshNode node, boolean requireNeighbors) {
        super("Mesh node health check failed");
        this.node = node;
        this.requireNeighbors = requireNeighbors;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        NodeState state = node.state();
        if (!state.running()) {
            builder.down();
        }
        else if (!state.online() && requireNeighbors) {
            builder.outOfService();
        }
        else {
            builder.up();
        }
        builder.withDetail("meshId", state.meshId())
                .withDetail("nodeId", NodeId.format(state.nodeId()))
                .withDetail("address", String.valueOf(state.address()))
                .withDetail("online", state.online())
                .withDetail("neighbors", state.neighbors().size());
        Instant isolatedSince = state.running() && !state.online() ? node.isolatedSince() : null;
        if (isolatedSince != null) {
            builder.withDetail("isolatedSince", isolatedSince.toString());
        }
    }
}
