package dev.peermesh.stream;

import dev.peermesh.MeshNode;
import dev.peermesh.stream.group.GroupMembership;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The binder's health in actuator ({@code /actuator/health/binders/peermesh}): UP while the mesh node runs, DOWN
 * otherwise, with the node's neighbors and the consumer groups' takeover figures.
 */
class PeermeshBinderHealthIndicator extends AbstractHealthIndicator {

    private final MeshNode node;

    private final GroupMembership groups;

    PeermeshBinderHealthIndicator(MeshNode node, GroupMembership groups) {
        this.node = node;
        this.groups = groups;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        (node.isRunning() ? builder.up() : builder.down())
                .withDetail("meshId", node.settings().meshId())
                .withDetail("neighbors", node.neighborCount())
                .withDetail("groupMessagesTakenOver", groups.takenOver())
                .withDetail("groupMessagesSkipped", groups.skipped())
                .withDetail("groupBacklog", groups.backlog())
                .withDetail("groupBacklogOverflowed", groups.backlogOverflowed())
                .withDetail("groupAnnouncementsIgnored", groups.ignored());
    }
}
