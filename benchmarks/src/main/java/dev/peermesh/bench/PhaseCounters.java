package dev.peermesh.bench;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * A phase's protocol counters per delivery, all nodes together, over the counter interval ({@link PhaseResult}):
 * each is -1 when a node's system does not tell.
 *
 * @param grafts messages pulled with a GRAFT
 * @param duplicates duplicate DATA frames received
 * @param prunes tree links pruned
 * @param forwarded copies sent to neighbors
 * @param overCap payloads announced instead of pushed because a child's link was over its cap
 * @param pauses PAUSE frames sent up origins' trees
 */
record PhaseCounters(double grafts, double duplicates, double prunes, double forwarded, double overCap,
        double pauses) {

    static PhaseCounters of(List<PhaseResult> phase) {
        long counted = phase.stream().mapToLong(PhaseResult::counted).sum();
        return new PhaseCounters(perDelivery(phase, NodeCounters::grafts, counted),
                perDelivery(phase, NodeCounters::duplicates, counted),
                perDelivery(phase, NodeCounters::prunes, counted),
                perDelivery(phase, NodeCounters::forwarded, counted),
                perDelivery(phase, NodeCounters::overCap, counted),
                perDelivery(phase, NodeCounters::pauses, counted));
    }

    private static double perDelivery(List<PhaseResult> phase, ToLongFunction<NodeCounters> counter, long counted) {
        if (counted <= 0 || phase.stream().anyMatch(r -> counter.applyAsLong(r.counters()) < 0)) {
            return -1;
        }
        return (double) phase.stream().mapToLong(r -> counter.applyAsLong(r.counters())).sum() / counted;
    }
}
