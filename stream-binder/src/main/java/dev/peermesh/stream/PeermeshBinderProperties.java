package dev.peermesh.stream;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The binder's own settings: how consumer groups keep their membership
 * ({@code spring.cloud.stream.peermesh.binder.*}).
 */
@ConfigurationProperties("spring.cloud.stream.peermesh.binder")
public class PeermeshBinderProperties {

    /** How often each consumer-group member announces its groups to the mesh. */
    private Duration groupHeartbeatInterval = Duration.ofSeconds(1);

    /**
     * How long a group member may be silent before the others take it for gone and take over its messages; at least
     * two heartbeat intervals.
     */
    private Duration groupMemberTimeout = Duration.ofSeconds(3);

    /** Most members of one group a node keeps track of; more are ignored and counted. */
    private int maxGroupMembers = 512;

    /**
     * Most messages per group a node keeps for a takeover (those other members own, for the member timeout plus two
     * heartbeats); what falls out earlier is counted, and a takeover cannot see it.
     */
    private int maxGroupBacklog = 10_000;

    /** Most payload bytes per group a node keeps for a takeover, beside max-group-backlog. */
    private DataSize maxGroupBacklogSize = DataSize.ofMegabytes(16);

    public DataSize getMaxGroupBacklogSize() {
        return maxGroupBacklogSize;
    }

    public void setMaxGroupBacklogSize(DataSize maxGroupBacklogSize) {
        this.maxGroupBacklogSize = maxGroupBacklogSize;
    }

    public Duration getGroupHeartbeatInterval() {
        return groupHeartbeatInterval;
    }

    public void setGroupHeartbeatInterval(Duration groupHeartbeatInterval) {
        this.groupHeartbeatInterval = groupHeartbeatInterval;
    }

    public Duration getGroupMemberTimeout() {
        return groupMemberTimeout;
    }

    public void setGroupMemberTimeout(Duration groupMemberTimeout) {
        this.groupMemberTimeout = groupMemberTimeout;
    }

    public int getMaxGroupMembers() {
        return maxGroupMembers;
    }

    public void setMaxGroupMembers(int maxGroupMembers) {
        this.maxGroupMembers = maxGroupMembers;
    }

    public int getMaxGroupBacklog() {
        return maxGroupBacklog;
    }

    public void setMaxGroupBacklog(int maxGroupBacklog) {
        this.maxGroupBacklog = maxGroupBacklog;
    }
}
