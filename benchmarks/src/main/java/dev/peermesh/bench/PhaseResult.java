package dev.peermesh.bench;

/**
 * What one worker measured in one phase's window, sent to the coordinator as one line of {@code key=value} pairs.
 *
 * @param published messages this node published in the window
 * @param deliveries other nodes' messages delivered here in the window
 * @param bytesOut bytes this node wrote to its links in the window, -1 when unknown
 * @param cpuNanos CPU time the worker process used in the window
 * @param overflows deliveries dropped because the subscriber fell behind
 * @param windowNanos length of the window
 * @param p50Micros median publish→delivery latency
 * @param p99Micros 99th percentile latency
 * @param p999Micros 99.9th percentile latency
 * @param grafts messages this node pulled (GRAFT) in the window, -1 when unknown
 * @param duplicates duplicate DATA frames this node received in the window, -1 when unknown
 */
record PhaseResult(long published, long deliveries, long bytesOut, long cpuNanos, long overflows, long windowNanos,
        double p50Micros, double p99Micros, double p999Micros, long grafts, long duplicates) {

    @Override
    public String toString() {
        return published + " " + deliveries + " " + bytesOut + " " + cpuNanos + " " + overflows + " " + windowNanos
                + " " + p50Micros + " " + p99Micros + " " + p999Micros + " " + grafts + " " + duplicates;
    }

    /** Reads what {@link #toString()} wrote. */
    static PhaseResult parse(String line) {
        String[] f = line.trim().split(" ");
        return new PhaseResult(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                Long.parseLong(f[4]), Long.parseLong(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]),
                Double.parseDouble(f[8]), Long.parseLong(f[9]), Long.parseLong(f[10]));
    }
}
