package dev.peermesh.bench;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one worker measured in one phase, sent to the coordinator as one line of {@code key=value} pairs.
 *
 * <p>Two intervals: the <em>window</em> (deliveries, latency, CPU) and the <em>counter interval</em> between the two
 * counter snapshots around it (bytes and protocol counters, over the deliveries counted in that same interval —
 * {@link #counted}). The snapshots answer from a busy event loop late; each snapshot's delivery count is the mean of
 * the counts just before and just after it was asked for.
 *
 * @param published messages this node published in the window
 * @param deliveries other nodes' messages delivered here in the window
 * @param cpuNanos CPU time the worker process used in the window
 * @param jitNanos of which the JIT compiler threads, -1 when unknown ({@link JvmCpu})
 * @param gcNanos of which the GC threads and the VM thread, -1 when unknown
 * @param kernelNanos of which in the kernel (all threads: mostly socket reads and writes), -1 when unknown
 * @param windowNanos length of the window
 * @param p50Micros median publish→delivery latency
 * @param p99Micros 99th percentile latency
 * @param p999Micros 99.9th percentile latency
 * @param counted deliveries in the counter interval
 * @param counters how much the node's counters grew in the counter interval
 * @param warmupNanos how long the phase warmed up before its window
 * @param warmJitShare the JIT's share of the process CPU in the last warm-up window
 * @param liveHeapBytes heap in use after a full collection just after a saturated window, publishers still running,
 *     less the harness's latency samples ({@link Worker}); -1 when unknown or not saturated
 */
record PhaseResult(long published, long deliveries, long cpuNanos, long jitNanos, long gcNanos, long kernelNanos,
        long windowNanos,
        double p50Micros, double p99Micros, double p999Micros, long counted, NodeCounters counters, long warmupNanos,
        double warmJitShare, long liveHeapBytes) {

    /** Bytes this node wrote to its links in the counter interval, -1 when unknown. */
    long bytesOut() {
        return counters.bytesOut();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "published=%d deliveries=%d cpu=%d jit=%d gc=%d kernel=%d window=%d "
                + "p50=%s p99=%s p999=%s counted=%d bytesOut=%d grafts=%d duplicates=%d prunes=%d forwarded=%d "
                + "overCap=%d overflows=%d pauses=%d warmup=%d warmJitShare=%s liveHeap=%d",
                published, deliveries, cpuNanos, jitNanos, gcNanos, kernelNanos,
                windowNanos, p50Micros, p99Micros, p999Micros, counted, counters.bytesOut(), counters.grafts(),
                counters.duplicates(), counters.prunes(), counters.forwarded(), counters.overCap(),
                counters.overflows(), counters.pauses(), warmupNanos, warmJitShare, liveHeapBytes);
    }

    /** Reads what {@link #toString()} wrote. */
    static PhaseResult parse(String line) {
        Map<String, String> f = new HashMap<>();
        for (String pair : line.trim().split(" ")) {
            int eq = pair.indexOf('=');
            f.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        NodeCounters counters = new NodeCounters(l(f, "bytesOut"), l(f, "grafts"), l(f, "duplicates"),
                l(f, "prunes"), l(f, "forwarded"), l(f, "overCap"), l(f, "overflows"),
                f.containsKey("pauses") ? l(f, "pauses") : -1);
        return new PhaseResult(l(f, "published"), l(f, "deliveries"), l(f, "cpu"), l(f, "jit"), l(f, "gc"),
                f.containsKey("kernel") ? l(f, "kernel") : -1, l(f, "window"), d(f, "p50"), d(f, "p99"), d(f, "p999"),
                l(f, "counted"), counters, l(f, "warmup"), d(f, "warmJitShare"),
                f.containsKey("liveHeap") ? l(f, "liveHeap") : -1);
    }

    private static long l(Map<String, String> fields, String key) {
        return Long.parseLong(fields.get(key));
    }

    private static double d(Map<String, String> fields, String key) {
        return Double.parseDouble(fields.get(key));
    }
}
