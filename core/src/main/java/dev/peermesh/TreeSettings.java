package dev.peermesh;

import static dev.peermesh.SettingChecks.positive;
import static dev.peermesh.SettingChecks.range;

import java.time.Duration;
import java.util.Objects;

/**
 * Tree mode's timers and choices (properties {@code peermesh.tree.*}; {@link MeshSettings.Builder#tree} sets the
 * four timings, and {@code payloadBacklogCapBytes}, {@code adaptiveGraftWait} and {@code newOrigins} have builder
 * methods of their own).
 *
 * <p>{@code timers.schedule(settings.tree().graftTimeout(), () -> pull(id));}
 *
 * @param graftTimeout how long a node waits for a payload after hearing of it before pulling it; with
 *        {@code adaptiveGraftWait} the longest it waits
 * @param graftRetry how long a node waits after each pull before trying another announcer
 * @param announceInterval how long announcements to off-tree neighbors are batched
 * @param maxGraftAttempts pulls tried for one message before it is reported lost (1 to 100)
 * @param payloadBacklogCapBytes bytes queued for one neighbor below which a tree relay always pushes a payload to a
 *        child on it, however congested the link; above it the link counts as lossy, the relay only announces the
 *        message (the child pulls it) and counts the diverted payload. At most
 *        {@link LimitSettings#maxLinkBacklogBytes()}, which {@link MeshSettings.Builder#build()} checks
 * @param adaptiveGraftWait whether a node waits for a missing payload as long as that origin's payloads lately
 *        trailed their announcements (a smoothed lag plus four deviations, at most {@code graftTimeout}) instead of
 *        the whole {@code graftTimeout} before pulling it. Off by default: in the simulator's 1,000-node mesh with
 *        many random senders it pulled payloads that were on their way on longer tree paths, and the pulls reshaped
 *        the trees (RMR 0.000 with the fixed wait, 0.14 adaptive; docs/engine.md)
 * @param newOrigins how a node sends the first messages of an origin it has no tree for; see {@link NewOrigins}
 */
public record TreeSettings(Duration graftTimeout, Duration graftRetry, Duration announceInterval,
        int maxGraftAttempts, int payloadBacklogCapBytes, boolean adaptiveGraftWait, NewOrigins newOrigins) {

    public TreeSettings {
        positive("tree.graft-timeout", graftTimeout);
        positive("tree.graft-retry", graftRetry);
        positive("tree.announce-interval", announceInterval);
        range("tree.max-graft-attempts", maxGraftAttempts, 1, 100);
        range("tree.payload-backlog-cap", payloadBacklogCapBytes, 1024, Integer.MAX_VALUE);
        Objects.requireNonNull(newOrigins, "newOrigins");
    }

    /** How the first messages of an origin a node has no tree for yet travel (tree mode). */
    public enum NewOrigins {

        /**
         * To every link; the duplicates they cause prune the origin's tree down to its shortest paths. Costs almost
         * a flood per new origin (1,000 random senders in a 1,000-node mesh: RMR 1.9; 2.8 under churn), but spreads
         * busy origins' trees over more links (docs/engine.md). For meshes with a few busy publishers that run
         * near their links' bandwidth.
         */
        FLOOD,

        /**
         * Along the tree the node already has: each link's last PRUNE or GRAFT, for any origin; new links join it
         * only where a node is cut off from it (RMR 0.000 in the same stable mesh, 0.07 under churn). Every
         * origin's tree then starts as that one tree and keeps most of its links, so busy origins share the same
         * links (docs/engine.md). The default.
         */
        FOLLOW_TREE
    }
}
