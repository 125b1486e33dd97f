package dev.peermesh.bench;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * One run of one group, reduced to the figures the report shows: the saturated phase, then the latency phases at one
 * absolute rate and at fixed fractions of the saturated rate. Throughput figures are means over nodes; p50 is the
 * mean of the nodes' medians, p99 and p999 are the worst node's.
 *
 * @param deliveredPerNode other nodes' messages delivered per second per node, publishing as fast as possible
 * @param megabytesPerNode payload MB/s delivered per node at that rate
 * @param wireBytesPerDelivery bytes written to links per delivery, both over the counter interval
 *     ({@link PhaseResult}); -1 when the system does not tell
 * @param cpuPercentPerNode CPU used per node process, in % of one core
 * @param cpuMicrosPerDelivery CPU of all node processes over all deliveries: the cost when the machine is saturated
 * @param jitMicrosPerDelivery of which the JIT compiler threads ({@link JvmCpu}); -1 when unknown
 * @param gcMicrosPerDelivery of which the GC threads and the VM thread; -1 when unknown
 * @param kernelMicrosPerDelivery of which in the kernel, all threads (socket reads and writes); -1 when unknown
 * @param warmupSeconds how long the saturated phase warmed up (longest node) until the JIT settled or the cap
 * @param windowJitPercent the JIT's share of the CPU in the saturated window, all nodes; -1 when unknown
 * @param overflows deliveries dropped because subscribers fell behind, all nodes
 * @param liveHeapMegabytes the largest node's heap in use after a full collection at the saturated window's end, in
 *     MB; -1 when unknown
 * @param saturatedCounters the saturated phase's protocol counters per delivery
 * @param atRate latency at the common absolute rate, or null when {@code --latency-rate 0}
 * @param latencies per load fraction: {p50, p99, p999} in microseconds, and the share of messages delivered
 */
record GroupFigures(double deliveredPerNode, double megabytesPerNode, double wireBytesPerDelivery,
        double cpuPercentPerNode, double cpuMicrosPerDelivery, double jitMicrosPerDelivery,
        double gcMicrosPerDelivery, double kernelMicrosPerDelivery, double warmupSeconds, double windowJitPercent,
        long overflows,
        double liveHeapMegabytes, PhaseCounters saturatedCounters, Latency atRate, List<Latency> latencies) {

    /**
     * Latency at one load level.
     *
     * @param fraction of the saturated publish rate, or NaN for the common absolute rate
     * @param rate messages/s each node published, as asked
     * @param p50Micros mean of the nodes' medians
     * @param p99Micros worst node's 99th percentile
     * @param p999Micros worst node's 99.9th percentile
     * @param deliveredShare deliveries over (published × (N − 1)) in the window
     * @param counters the phase's protocol counters per delivery
     */
    record Latency(double fraction, double rate, double p50Micros, double p99Micros, double p999Micros,
            double deliveredShare, PhaseCounters counters) {

        static Latency of(double fraction, double rate, List<PhaseResult> phase) {
            long published = phase.stream().mapToLong(PhaseResult::published).sum();
            long deliveries = phase.stream().mapToLong(PhaseResult::deliveries).sum();
            return new Latency(fraction, rate, phase.stream().mapToDouble(PhaseResult::p50Micros).average().orElse(0),
                    phase.stream().mapToDouble(PhaseResult::p99Micros).max().orElse(0),
                    phase.stream().mapToDouble(PhaseResult::p999Micros).max().orElse(0),
                    published == 0 ? 0 : (double) deliveries / (published * (phase.size() - 1)),
                    PhaseCounters.of(phase));
        }

        /** Messages pulled (GRAFT) over deliveries, all nodes; -1 when the system does not tell. */
        double graftsPerDelivery() {
            return counters.grafts();
        }

        /** Duplicate DATA frames received over deliveries, all nodes; -1 when the system does not tell. */
        double duplicatesPerDelivery() {
            return counters.duplicates();
        }
    }

    /** The saturated phase's throughput figures, with the latency levels measured after it. */
    static GroupFigures of(List<PhaseResult> saturated, Latency atRate, List<Latency> latencies) {
        double delivered = saturated.stream()
                .mapToDouble(r -> r.deliveries() * 1e9 / r.windowNanos()).average().orElse(0);
        long deliveries = saturated.stream().mapToLong(PhaseResult::deliveries).sum();
        long counted = saturated.stream().mapToLong(PhaseResult::counted).sum();
        boolean wireKnown = saturated.stream().allMatch(r -> r.bytesOut() >= 0);
        double wire = !wireKnown || counted <= 0 ? -1
                : (double) saturated.stream().mapToLong(PhaseResult::bytesOut).sum() / counted;
        double cpu = saturated.stream().mapToDouble(r -> 100.0 * r.cpuNanos() / r.windowNanos()).average().orElse(0);
        long cpuNanos = saturated.stream().mapToLong(PhaseResult::cpuNanos).sum();
        double jit = micros(saturated, PhaseResult::jitNanos, deliveries);
        double gc = micros(saturated, PhaseResult::gcNanos, deliveries);
        double kernel = micros(saturated, PhaseResult::kernelNanos, deliveries);
        long jitNanos = saturated.stream().mapToLong(PhaseResult::jitNanos).sum();
        double jitPercent = jit < 0 || cpuNanos == 0 ? -1 : 100.0 * jitNanos / cpuNanos;
        double warmup = saturated.stream().mapToLong(PhaseResult::warmupNanos).max().orElse(0) / 1e9;
        return new GroupFigures(delivered, delivered * Payloads.SIZE / 1e6, wire, cpu,
                deliveries == 0 ? 0 : cpuNanos / 1000.0 / deliveries, jit, gc, kernel, warmup, jitPercent,
                saturated.stream().mapToLong(r -> r.counters().overflows()).sum(),
                saturated.stream().anyMatch(r -> r.liveHeapBytes() < 0) ? -1
                        : saturated.stream().mapToLong(PhaseResult::liveHeapBytes).max().orElse(0) / 1e6,
                PhaseCounters.of(saturated),
                atRate, latencies);
    }

    /** All nodes' nanoseconds of one kind over all deliveries, in µs; -1 when a node does not know. */
    private static double micros(List<PhaseResult> phase, ToLongFunction<PhaseResult> nanos, long deliveries) {
        if (deliveries == 0 || phase.stream().anyMatch(r -> nanos.applyAsLong(r) < 0)) {
            return -1;
        }
        return phase.stream().mapToLong(nanos).sum() / 1000.0 / deliveries;
    }

    /**
     * CPU µs per delivery in user space without the JIT and GC threads: what a system's own code costs (the kernel's
     * share, mostly copying bytes through sockets, is the same per byte for every system); -1 when unknown.
     */
    double userMicrosWithoutJitGc() {
        double withoutJitGc = cpuMicrosWithoutJitGc();
        return withoutJitGc < 0 || kernelMicrosPerDelivery < 0 ? -1 : withoutJitGc - kernelMicrosPerDelivery;
    }

    /** CPU µs per delivery without the JIT and GC threads; -1 when they are unknown. */
    double cpuMicrosWithoutJitGc() {
        return jitMicrosPerDelivery < 0 || gcMicrosPerDelivery < 0 ? -1
                : cpuMicrosPerDelivery - jitMicrosPerDelivery - gcMicrosPerDelivery;
    }
}
