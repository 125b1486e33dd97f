package dev.peermesh.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Counts the deliveries of other members' messages and samples their publish→delivery latency, from the
 * {@link System#nanoTime()} stamp in a payload's first eight bytes (one monotonic clock for every process on a Linux
 * machine). Thread-safe: deliveries may come from several threads.
 *
 * <p>{@code recorder.delivered(payload)} in the delivery callback; {@code recorder.reset()} at a window's start.
 */
final class DeliveryRecorder {

    /** Most latencies kept per window; further deliveries are counted but not sampled. */
    static final int MAX_SAMPLES = 2_000_000;

    private long[] latencies = new long[1 << 16];

    /** With a trace: each sample's publish stamp and publisher ({@link Payloads}); {@code null} without. */
    private long[] stamps;

    private int[] publishers;

    /** When the window began and when its quantiles were taken, {@link System#nanoTime()}, for the trace. */
    private long windowStart;

    private long windowEnd;

    /** When the window began by the wall clock ({@link System#currentTimeMillis()}), to match profiler recordings. */
    private long windowStartMillis;

    /** A line about the window for the trace's header. */
    private String note = "";

    private int samples;

    private long deliveries;

    private long payloadBytes;

    private long total;

    /** Heap bytes of the sample arrays: the harness's own, kept out of a node's live heap figure. */
    synchronized long sampleBytes() {
        return 8L * latencies.length + (stamps == null ? 0 : 8L * stamps.length + 4L * publishers.length);
    }

    /** A recorder that also keeps each sample's publish time and publisher, for {@link #writeTrace}. */
    static DeliveryRecorder tracing() {
        DeliveryRecorder recorder = new DeliveryRecorder();
        recorder.stamps = new long[recorder.latencies.length];
        recorder.publishers = new int[recorder.latencies.length];
        return recorder;
    }

    synchronized void delivered(byte[] payload) {
        delivered(Payloads.stamp(payload), payload.length, Payloads.publisher(payload));
    }

    synchronized void delivered(long stampNanos, int length) {
        delivered(stampNanos, length, -1);
    }

    private void delivered(long stampNanos, int length, int publisher) {
        long latency = System.nanoTime() - stampNanos;
        deliveries++;
        total++;
        payloadBytes += length;
        if (samples < MAX_SAMPLES) {
            if (samples == latencies.length) {
                latencies = Arrays.copyOf(latencies, Math.min(MAX_SAMPLES, samples * 2));
                if (stamps != null) {
                    stamps = Arrays.copyOf(stamps, latencies.length);
                    publishers = Arrays.copyOf(publishers, latencies.length);
                }
            }
            if (stamps != null) {
                stamps[samples] = stampNanos;
                publishers[samples] = publisher;
            }
            latencies[samples++] = latency;
        }
    }

    /** Adds {@code text} to the trace's header for this window. */
    synchronized void note(String text) {
        note = text;
    }

    synchronized void reset() {
        note = "";
        windowStart = System.nanoTime();
        windowStartMillis = System.currentTimeMillis();
        samples = 0;
        deliveries = 0;
        payloadBytes = 0;
    }

    /** Deliveries since the recorder was made, across windows. */
    synchronized long total() {
        return total;
    }

    synchronized long deliveries() {
        return deliveries;
    }

    synchronized long payloadBytes() {
        return payloadBytes;
    }

    /**
     * Writes this window's samples, one line each: publish time ({@link System#nanoTime()}, the clock of
     * {@code -Xlog:…:timenanos}), latency in ns, publishing node; first a line {@code # window START END NOTE
     * wallclock MILLIS} (when the window began and when its quantiles were taken, the {@link #note}, and the window's
     * start in epoch ms, to match a profiler's recording). Nothing without {@link #tracing()}.
     */
    synchronized void writeTrace(Path file) throws IOException {
        if (stamps == null) {
            return;
        }
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.US_ASCII))) {
            out.println("# window " + windowStart + " " + windowEnd + " " + note + " wallclock " + windowStartMillis);
            for (int i = 0; i < samples; i++) {
                out.println(stamps[i] + " " + latencies[i] + " " + publishers[i]);
            }
        }
    }

    /** The latency in microseconds at each quantile (0.5, 0.99, …) of this window's samples; 0 when none. */
    synchronized double[] quantileMicros(double... quantiles) {
        windowEnd = System.nanoTime();
        long[] sorted = Arrays.copyOf(latencies, samples);
        Arrays.sort(sorted);
        double[] result = new double[quantiles.length];
        for (int i = 0; i < quantiles.length && sorted.length > 0; i++) {
            int index = (int) Math.min(sorted.length - 1, Math.ceil(quantiles[i] * sorted.length) - 1);
            result[i] = sorted[Math.max(0, index)] / 1000.0;
        }
        return result;
    }
}
