package dev.peermesh.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;

/**
 * What one node of the {@link PublishersScenario} delivered: publish→delivery latency of every measured message,
 * and per publisher which sequence numbers arrived, so that losses, duplicates and deliveries out of the publisher's
 * order can be counted. Thread-safe.
 *
 * <p>{@code recorder.delivered(payload)} in the node's delivery callback.
 */
final class OrderedRecorder {

    private final BitSet[] received;

    private final long[] highest;

    private long[] latencies = new long[1 << 14];

    private int samples;

    private long late;

    private long outOfOrder;

    private long duplicates;

    /** Measured deliveries by the links their copy crossed (the last bucket takes the rest). */
    private final long[] byHops = new long[16];

    /** Of those, the ones later than the late bound. */
    private final long[] lateByHops = new long[16];

    /** Their latencies summed, in nanoseconds. */
    private final long[] nanosByHops = new long[16];

    private final long lateNanos;

    /**
     * With tracing, five numbers per measured delivery (arrival {@code System.nanoTime()}, latency ns, hops,
     * publisher, sequence); otherwise {@code null}.
     */
    private long[] trace;

    private int traced;

    OrderedRecorder(int publishers, long lateNanos, boolean tracing) {
        this.trace = tracing ? new long[5 << 14] : null;
        this.received = new BitSet[publishers];
        this.highest = new long[publishers];
        for (int i = 0; i < publishers; i++) {
            received[i] = new BitSet();
            highest[i] = -1;
        }
        this.lateNanos = lateNanos;
    }

    synchronized void delivered(byte[] payload) {
        delivered(payload, 0);
    }

    /** A delivery whose copy crossed {@code hops} links. */
    synchronized void delivered(byte[] payload, int hops) {
        long now = System.nanoTime();
        long latency = now - Payloads.stamp(payload);
        int publisher = SequencedPayloads.publisher(payload);
        int sequence = SequencedPayloads.sequence(payload);
        if (received[publisher].get(sequence)) {
            duplicates++;
            return;
        }
        received[publisher].set(sequence);
        if (sequence < highest[publisher]) {
            outOfOrder++;
        }
        highest[publisher] = Math.max(highest[publisher], sequence);
        if (!SequencedPayloads.measured(payload)) {
            return;
        }
        int bucket = Math.min(hops, byHops.length - 1);
        byHops[bucket]++;
        nanosByHops[bucket] += latency;
        if (latency > lateNanos) {
            late++;
            lateByHops[bucket]++;
        }
        if (samples == latencies.length) {
            latencies = Arrays.copyOf(latencies, samples * 2);
        }
        latencies[samples++] = latency;
        if (trace != null) {
            if (traced + 5 > trace.length) {
                trace = Arrays.copyOf(trace, trace.length * 2);
            }
            trace[traced++] = now;
            trace[traced++] = latency;
            trace[traced++] = hops;
            trace[traced++] = publisher;
            trace[traced++] = sequence;
        }
    }

    /** The traced deliveries, one per line: arrival ns, latency ns, hops, publisher, sequence. */
    synchronized void writeTrace(Path file) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i + 5 <= traced; i += 5) {
            text.append(trace[i]).append(' ').append(trace[i + 1]).append(' ').append(trace[i + 2]).append(' ')
                    .append(trace[i + 3]).append(' ').append(trace[i + 4]).append('\n');
        }
        Files.writeString(file, text);
    }

    /** Distinct messages of every publisher delivered so far. */
    synchronized long distinct() {
        long sum = 0;
        for (BitSet set : received) {
            sum += set.cardinality();
        }
        return sum;
    }

    synchronized long[] latencies() {
        return Arrays.copyOf(latencies, samples);
    }

    synchronized long late() {
        return late;
    }

    synchronized long outOfOrder() {
        return outOfOrder;
    }

    synchronized long duplicates() {
        return duplicates;
    }

    synchronized long[] byHops() {
        return byHops.clone();
    }

    synchronized long[] nanosByHops() {
        return nanosByHops.clone();
    }

    synchronized long[] lateByHops() {
        return lateByHops.clone();
    }
}
