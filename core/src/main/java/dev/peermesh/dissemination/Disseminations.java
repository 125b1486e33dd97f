package dev.peermesh.dissemination;

import dev.peermesh.MeshSettings;
import dev.peermesh.PropagationFilter;

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
        long idleTicks = ticks(settings.duplicateCacheMaxIdle().toMillis(), tick);
        long repairTicks = ticks(settings.repairWindow().toMillis(), tick);
        if (settings.dissemination() == MeshSettings.DisseminationMode.FLOOD) {
            return sink -> new Flooding(new DuplicateCache(settings.duplicateCacheOrigins(), idleTicks), filter, sink,
                    repairTicks);
        }
        Plumtree.Options options = new Plumtree.Options(settings.graftTimeout().toMillis(),
                settings.graftRetry().toMillis(), settings.announceInterval().toMillis(), settings.maxGraftAttempts(),
                repairTicks, settings.adaptiveGraftWait(),
                settings.newOrigins() == MeshSettings.NewOrigins.FOLLOW_TREE);
        return sink -> new Plumtree(new DuplicateCache(settings.duplicateCacheOrigins(), idleTicks),
                new MessageCache(settings.messageCacheCount(), settings.messageCacheBytes(),
                        ticks(settings.messageCacheMaxAge().toMillis(), tick)),
                filter, options, sink);
    }

    private static long ticks(long millis, long tickMillis) {
        return Math.max(1, (millis + tickMillis - 1) / tickMillis);
    }
}
