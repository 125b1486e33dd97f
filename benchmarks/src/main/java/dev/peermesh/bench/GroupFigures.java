package dev.peermesh.bench;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * One run of one group, reduced to the figures the report shows: the saturated phase, then the latency phases at
 * fixed fractions of its rate. Throughput figures are means over nodes; p50 is the mean of the nodes' medians, p99
 * and p999 are the worst node's.
 *
 * @param deliveredPerNode other nodes' messages delivered per second per node, publishing as fast as possible
 * @param megabytesPerNode payload MB/s delivered per node at that rate
 * @param wireBytesPerDelivery bytes written to links per delivery, -1 when the system does not tell
 * @param cpuPercentPerNode CPU used per node process, in % of one core
 * @param cpuMicrosPerDelivery CPU of all node processes over all deliveries: the cost when the machine is saturated
 * @param overflows deliveries dropped because subscribers fell behind, all nodes
 * @param latencies per load fraction: {p50, p99, p999} in microseconds, and the share of messages delivered
 */
record GroupFigures(double deliveredPerNode, double megabytesPerNode, double wireBytesPerDelivery,
        double cpuPercentPerNode, double cpuMicrosPerDelivery, long overflows, List<Latency> latencies) {

    /**
     * Latency at one load level.
     *
     * @param fraction of the saturated publish rate
     * @param p50Micros mean of the nodes' medians
     * @param p99Micros worst node's 99th percentile
     * @param p999Micros worst node's 99.9th percentile
     * @param deliveredShare deliveries over (published × (N − 1)) in the window
     * @param graftsPerDelivery messages pulled (GRAFT) over deliveries, all nodes; -1 when the system does not tell
     * @param duplicatesPerDelivery duplicate DATA frames received over deliveries, all nodes; -1 when not told
     */
    record Latency(double fraction, double p50Micros, double p99Micros, double p999Micros, double deliveredShare,
            double graftsPerDelivery, double duplicatesPerDelivery) {

        static Latency of(double fraction, List<PhaseResult> phase) {
            long published = phase.stream().mapToLong(PhaseResult::published).sum();
            long deliveries = phase.stream().mapToLong(PhaseResult::deliveries).sum();
            return new Latency(fraction, phase.stream().mapToDouble(PhaseResult::p50Micros).average().orElse(0),
                    phase.stream().mapToDouble(PhaseResult::p99Micros).max().orElse(0),
                    phase.stream().mapToDouble(PhaseResult::p999Micros).max().orElse(0),
                    published == 0 ? 0 : (double) deliveries / (published * (phase.size() - 1)),
                    perDelivery(phase, PhaseResult::grafts, deliveries),
                    perDelivery(phase, PhaseResult::duplicates, deliveries));
        }

        private static double perDelivery(List<PhaseResult> phase, ToLongFunction<PhaseResult> counter,
                long deliveries) {
            if (deliveries == 0 || phase.stream().anyMatch(r -> counter.applyAsLong(r) < 0)) {
                return -1;
            }
            return (double) phase.stream().mapToLong(counter).sum() / deliveries;
        }
    }

    /** The saturated phase's throughput figures, with the latency levels measured after it. */
    static GroupFigures of(List<PhaseResult> saturated, List<Latency> latencies) {
        double delivered = saturated.stream()
                .mapToDouble(r -> r.deliveries() * 1e9 / r.windowNanos()).average().orElse(0);
        long deliveries = saturated.stream().mapToLong(PhaseResult::deliveries).sum();
        boolean wireKnown = saturated.stream().allMatch(r -> r.bytesOut() >= 0);
        double wire = !wireKnown || deliveries == 0 ? -1
                : (double) saturated.stream().mapToLong(PhaseResult::bytesOut).sum() / deliveries;
        double cpu = saturated.stream().mapToDouble(r -> 100.0 * r.cpuNanos() / r.windowNanos()).average().orElse(0);
        double cpuPerDelivery = deliveries == 0 ? 0
                : saturated.stream().mapToLong(PhaseResult::cpuNanos).sum() / 1000.0 / deliveries;
        return new GroupFigures(delivered, delivered * Payloads.SIZE / 1e6, wire, cpu, cpuPerDelivery,
                saturated.stream().mapToLong(PhaseResult::overflows).sum(), latencies);
    }
}
