package dev.peermesh.dissemination;

import dev.peermesh.DeliveryOrder;
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

    /**
     * A factory for the strategy of {@link MeshSettings#dissemination()}, delivering in the order of
     * {@link MeshSettings#ordering()}.
     */
    public static DisseminationFactory of(MeshSettings settings, PropagationFilter filter) {
        return ordered(settings, strategy(settings, filter));
    }

    /**
     * The strategy {@code strategy} delivering in the order of {@link MeshSettings#ordering()}: with
     * {@link DeliveryOrder#FIFO}, each origin's messages in sequence, waiting for a gap at most a repair window
     * and two ticks (the strategy reports it lost after one), within {@code limits.max-reorder-bytes}. An origin
     * first heard at a number above 1 waits three times {@code tree.graft-timeout} for lower ones (about what a pull
     * of a payload heard of but kept off takes), whatever the dissemination mode.
     */
    public static DisseminationFactory ordered(MeshSettings settings, DisseminationFactory strategy) {
        if (settings.ordering() == DeliveryOrder.NONE) {
            return strategy;
        }
        long tick = settings.maintenanceInterval().toMillis();
        return OrderedDissemination.of(strategy, 3 * settings.tree().graftTimeout().toMillis(),
                settings.limits().maxReorderBytes(),
                ticks(settings.repairWindow().toMillis(), tick) + 2, settings.duplicateCache().origins(),
                ticks(settings.duplicateCache().maxIdle().toMillis(), tick));
    }

    private static DisseminationFactory strategy(MeshSettings settings, PropagationFilter filter) {
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
