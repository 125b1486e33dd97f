package dev.peermesh.dissemination;

import dev.peermesh.DisseminationMode;
import dev.peermesh.MeshSettings;
import dev.peermesh.PropagationFilter;
import dev.peermesh.TreeSettings;

/**
 * The dissemination strategy a node's settings ask for, made with the caches and timers those settings size.
 *
 * <p>{@code new MeshProtocol(settings, id, address, key, random, actions, Disseminations.of(settings, filter))}
 */
public final class Disseminations {

    private Disseminations() {
    }

    /** A factory for the strategy of {@link MeshSettings#dissemination()}. */
    public static DisseminationFactory of(MeshSettings settings, PropagationFilter filter) {
        long tick = settings.maintenanceInterval().toMillis();
        long idleTicks = ticks(settings.duplicateCache().maxIdle().toMillis(), tick);
        long repairTicks = ticks(settings.repairWindow().toMillis(), tick);
        if (settings.dissemination() == DisseminationMode.FLOOD) {
            return sink -> new Flooding(new DuplicateCache(settings.duplicateCache().origins(), idleTicks), filter,
                    sink, repairTicks);
        }
        TreeSettings tree = settings.tree();
        Plumtree.Options options = new Plumtree.Options(tree.graftTimeout().toMillis(), tree.graftRetry().toMillis(),
                tree.announceInterval().toMillis(), tree.maxGraftAttempts(), repairTicks, tree.adaptiveGraftWait(),
                tree.newOrigins() == TreeSettings.NewOrigins.FOLLOW_TREE);
        return sink -> new Plumtree(new DuplicateCache(settings.duplicateCache().origins(), idleTicks),
                new MessageCache(settings.messageCache().count(), settings.messageCache().bytes(),
                        ticks(settings.messageCache().maxAge().toMillis(), tick)),
                filter, options, sink);
    }

    private static long ticks(long millis, long tickMillis) {
        return Math.max(1, (millis + tickMillis - 1) / tickMillis);
    }
}
