package dev.peermesh.bench;

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

    private int samples;

    private long deliveries;

    private long payloadBytes;

    private long total;

    synchronized void delivered(byte[] payload) {
        delivered(Payloads.stamp(payload), payload.length);
    }

    synchronized void delivered(long stampNanos, int length) {
        long latency = System.nanoTime() - stampNanos;
        deliveries++;
        total++;
        payloadBytes += length;
        if (samples < MAX_SAMPLES) {
            if (samples == latencies.length) {
                latencies = Arrays.copyOf(latencies, Math.min(MAX_SAMPLES, samples * 2));
            }
            latencies[samples++] = latency;
        }
    }

    synchronized void reset() {
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

    /** The latency in microseconds at each quantile (0.5, 0.99, …) of this window's samples; 0 when none. */
    synchronized double[] quantileMicros(double... quantiles) {
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
