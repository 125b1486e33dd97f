package dev.peermesh.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Threads that broadcast stamped payloads from one node, as fast as it accepts them (rate 0) or paced to a total
 * rate. Pacing keeps a fixed schedule per thread and sends late messages at once; waiting caused by push-back is
 * therefore in the latency only once the message is sent (no coordinated-omission correction). A paced thread wakes
 * at most once per {@link #TICK_NANOS} and then sends every message due: woken for each message (every 15–30 µs at
 * half of a saturated rate), the publishers of a 3-node group took 17 % of the machine's CPU, 11 points of it in
 * parking and waking (async-profiler, docs/benchmarks.md), CPU the systems under test did not get.
 *
 * <p>{@code try (Publishers p = Publishers.start(node, 0, 2, 5_000)) { … p.published() … }}
 */
final class Publishers implements AutoCloseable {

    /** First wait after push-back; it doubles while the node keeps pushing back. */
    private static final long BACKOFF_NANOS = 20_000;

    /** Longest wait after push-back, so rejected attempts (peermesh throws) cost little CPU. */
    private static final long MAX_BACKOFF_NANOS = 1_000_000;

    /** Shortest wait of a paced publisher; messages due meanwhile go out together when it wakes. */
    static final long TICK_NANOS = 1_000_000;

    private final List<Thread> threads = new ArrayList<>();

    private final AtomicLong published = new AtomicLong();

    /** Attempts the node turned away (push-back), each followed by a wait. */
    private final AtomicLong refused = new AtomicLong();

    private volatile boolean running = true;

    private Publishers() {
    }

    /**
     * Starts the threads, their payloads marked as node {@code index}'s ({@link Payloads#publisher}); {@code rate} is
     * messages per second for the whole node, 0 for as fast as possible.
     */
    static Publishers start(BroadcastNode node, int index, int count, double rate) {
        Publishers publishers = new Publishers();
        long interval = rate <= 0 ? 0 : (long) (count * 1e9 / rate);
        for (int i = 0; i < count; i++) {
            Thread thread = new Thread(() -> publishers.publish(node, index, interval), "bench-publisher-" + i);
            thread.setDaemon(true);
            publishers.threads.add(thread);
            thread.start();
        }
        return publishers;
    }

    private void publish(BroadcastNode node, int index, long interval) {
        long next = System.nanoTime() + interval;
        try {
            while (running) {
                if (interval > 0) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(Math.max(wait, TICK_NANOS));
                    }
                    next += interval;
                }
                long backoff = BACKOFF_NANOS;
                while (running && !node.broadcast(Payloads.stamped(index))) {
                    refused.incrementAndGet();
                    LockSupport.parkNanos(backoff);
                    backoff = Math.min(MAX_BACKOFF_NANOS, backoff * 2);
                }
                published.incrementAndGet();
            }
        }
        catch (Exception ex) {
            if (running) {
                ex.printStackTrace();
            }
        }
    }

    long published() {
        return published.get();
    }

    /** Attempts turned away by push-back so far; each is retried with a new stamp. */
    long refused() {
        return refused.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(2_000);
        }
    }
}
