package dev.peermesh.dissemination;

import dev.peermesh.CatchUpSettings;
import dev.peermesh.DeliveryOrder;
import dev.peermesh.DisseminationMode;
import dev.peermesh.MeshSettings;
import dev.peermesh.PropagationFilter;
import dev.peermesh.TreeSettings;
import dev.peermesh.wire.Frame;

import java.util.ArrayList;
import java.util.List;

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
     * {@link MeshSettings#ordering()}, answering neighbors that catch up from its retention ring and catching up
     * itself as {@link MeshSettings#catchUp()} says. Flooding keeps no ring of its own: it gets one only when this
     * node catches up ({@code catch-up.enabled}), and answers an empty catch-up otherwise. A message for one node
     * goes straight to it when it is a neighbor ({@link DirectRouting}).
     */
    public static DisseminationFactory of(MeshSettings settings, PropagationFilter filter) {
        return ordered(settings, sink -> {
            long tick = settings.maintenanceInterval().toMillis();
            DuplicateCache seen = new DuplicateCache(settings.duplicateCache().origins(),
                    ticks(settings.duplicateCache().maxIdle().toMillis(), tick));
            boolean flood = settings.dissemination() == DisseminationMode.FLOOD;
            CatchUpSettings catchUp = settings.catchUp();
            MessageCache ring = new MessageCache(flood && !catchUp.enabled() ? 1 : settings.messageCache().count(),
                    settings.messageCache().bytes(), ticks(settings.messageCache().maxAge().toMillis(), tick));
            DirectRouting.MarkerSink markers = DirectRouting.sinkFor(sink);
            Dissemination strategy = flood ? flooding(settings, seen, filter, markers)
                    : plumtree(settings, seen, ring, filter, markers);
            // replays of markers for this node go through the markers' sink too; the ring keeps what the mesh got
            CatchUp own = catchUp.enabled() ? new CatchUp(request(catchUp), catchUp.neighbors(),
                    catchUp.timeout().toMillis(), CatchUpDissemination.CATCH_UP_TIMER, seen, filter, markers) : null;
            Dissemination catchingUp = new CatchUpDissemination(strategy, seen, ring, flood && catchUp.enabled(),
                    new Replays(ring, sink, tick, CatchUpDissemination.REPLAY_TIMER), own);
            return markers.route(catchingUp, seen, filter, ticks(settings.repairWindow().toMillis(), tick));
        });
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
        // an origin's first messages here wait for lower numbers as long as three first pulls and one retry take:
        // an orphan pulls a later number one announcement interval after its announcement, and a lower one whose
        // first pull missed comes a retry later (OrderUnderChurnTest had one reported late without the retry)
        return OrderedDissemination.of(strategy, 3 * settings.tree().graftTimeout().toMillis()
                + settings.tree().graftRetry().toMillis(),
                settings.limits().maxReorderBytes(),
                ticks(settings.repairWindow().toMillis(), tick) + 2, settings.duplicateCache().origins(),
                ticks(settings.duplicateCache().maxIdle().toMillis(), tick), catchesUpOnSomeTopics(settings));
    }

    /**
     * Whether the node catches up, and not with one rule for every topic ({@code *}): replays then leave history gaps
     * (other topics, or a topic's older messages past its own bound while others' are replayed).
     */
    private static boolean catchesUpOnSomeTopics(MeshSettings settings) {
        List<CatchUpSettings.Topics> topics = settings.catchUp().topics();
        return settings.catchUp().enabled() && !(topics.size() == 1 && "*".equals(topics.get(0).pattern()));
    }

    private static Dissemination flooding(MeshSettings settings, DuplicateCache seen, PropagationFilter filter,
            DisseminationSink sink) {
        return new Flooding(seen, filter, sink,
                ticks(settings.repairWindow().toMillis(), settings.maintenanceInterval().toMillis()));
    }

    private static Dissemination plumtree(MeshSettings settings, DuplicateCache seen, MessageCache ring,
            PropagationFilter filter, DisseminationSink sink) {
        long tick = settings.maintenanceInterval().toMillis();
        TreeSettings tree = settings.tree();
        Plumtree.Options options = new Plumtree.Options(tree.graftTimeout().toMillis(), tree.graftRetry().toMillis(),
                tree.announceInterval().toMillis(), tree.maxGraftAttempts(), ticks(settings.repairWindow().toMillis(),
                tick), tree.adaptiveGraftWait(), tree.newOrigins() == TreeSettings.NewOrigins.FOLLOW_TREE);
        return new Plumtree(seen, ring, filter, options, sink);
    }

    /** The CATCH_UP a catching-up node sends each neighbor it asks. */
    private static Frame.CatchUp request(CatchUpSettings catchUp) {
        List<Frame.CatchUpRule> rules = new ArrayList<>();
        for (CatchUpSettings.Topics topics : catchUp.topics()) {
            rules.add(new Frame.CatchUpRule(topics.pattern(), topics.maxAge().toMillis(), topics.maxMessages()));
        }
        return new Frame.CatchUp(rules);
    }

    private static long ticks(long millis, long tickMillis) {
        return Math.max(1, (millis + tickMillis - 1) / tickMillis);
    }
}
