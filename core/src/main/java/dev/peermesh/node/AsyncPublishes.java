package dev.peermesh.node;

import dev.peermesh.MessageId;
import dev.peermesh.PublishResult.Status;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code publishAsync} calls that wait for the node to take publishes again: at most {@code limit} of them,
 * holding at most {@code maxBytes} of payload (the first one may hold more, alone), in the order of the calls. When
 * the node may take publishes again ({@link #opened()}, from the loop), one task on
 * {@link ForkJoinPool#commonPool()} hands them over in order until the node holds publishes back again, and
 * completes their futures there — never on the loop, whose thread a caller's callbacks must not hold. A call still
 * waiting after the publish timeout fails; one timer, for the oldest call, is all it takes, as every call waits
 * the same time and they wait in order.
 *
 * <p>Thread-safe. {@code CompletableFuture<MessageId> id = async.submit(outgoing);}
 */
final class AsyncPublishes {

    private final Publisher publisher;

    private final PublishQueue queue;

    private final int limit;

    /** Most payload bytes the waiting calls hold: {@code limits.max-pending-publish-bytes}. */
    private final long maxBytes;

    /** Payload bytes of the calls in {@link #waiting}. */
    private final AtomicLong bytes = new AtomicLong();

    private final long timeoutNanos;

    private final Executor executor = ForkJoinPool.commonPool();

    private final Queue<Waiting> waiting = new ConcurrentLinkedQueue<>();

    /** Calls in {@link #waiting}; the bound is checked on it, as the queue's size is not constant-time. */
    private final AtomicInteger count = new AtomicInteger();

    /** Whether {@link #process()} runs: only one hands calls over, so they go in order. */
    private final AtomicBoolean working = new AtomicBoolean();

    /** Whether a timer for the oldest call's deadline is set. */
    private final AtomicBoolean timerSet = new AtomicBoolean();

    private record Waiting(Outgoing message, CompletableFuture<MessageId> future, long deadline) {
    }

    AsyncPublishes(Publisher publisher, PublishQueue queue, int limit, long maxBytes, long timeoutNanos) {
        this.publisher = publisher;
        this.queue = queue;
        this.limit = limit;
        this.maxBytes = maxBytes;
        this.timeoutNanos = timeoutNanos;
    }

    /** Accepts a checked message now when nothing is held back or waits before it, else lets it wait. */
    CompletableFuture<MessageId> submit(Outgoing message) {
        if (waiting.isEmpty()) {
            Status hold = queue.admit(message.payload().length);
            if (hold == Status.ACCEPTED) {
                try {
                    return CompletableFuture.completedFuture(publisher.id(publisher.accept(message)));
                }
                catch (RuntimeException ex) {
                    return CompletableFuture.failedFuture(ex);
                }
            }
            if (timeoutNanos == 0) {
                return CompletableFuture.failedFuture(publisher.timedOut(hold, Duration.ZERO));
            }
        }
        if (count.incrementAndGet() > limit) {
            count.decrementAndGet();
            return CompletableFuture.failedFuture(publisher.asyncOverflow(limit));
        }
        int size = message.payload().length;
        long held;
        do { // the first waiting call may be larger than the bound, alone; added only where it fits
            held = bytes.get();
            if (held > 0 && held + size > maxBytes) {
                count.decrementAndGet();
                return CompletableFuture.failedFuture(publisher.asyncBytesOverflow(maxBytes));
            }
        } while (!bytes.compareAndSet(held, held + size));
        Waiting call = new Waiting(message, new CompletableFuture<>(), System.nanoTime() + timeoutNanos);
        waiting.add(call);
        // added before looking at the hold, as opened() changes the hold before it looks here: nothing is missed
        if (mayProceed()) {
            trigger();
        }
        armTimer();
        return call.future();
    }

    /** The node may take publishes again, or stopped: hand the waiting calls over. Any thread. */
    void opened() {
        if (count.get() > 0 && !working.get()) {
            trigger();
        }
    }

    private void trigger() {
        executor.execute(this::process);
    }

    private void process() {
        do {
            if (!working.compareAndSet(false, true)) {
                return;
            }
            try {
                handOver();
            }
            finally {
                working.set(false);
            }
        } while (mayProceed()); // an opened() while this ran found it working and left it to this check
        armTimer();
    }

    /** Accepts waiting calls in order until the node holds publishes back; fails those past their deadline. */
    private void handOver() {
        Waiting call;
        while ((call = waiting.peek()) != null) {
            if (publisher.closed()) {
                settle().completeExceptionally(publisher.notRunning());
                continue;
            }
            Status hold = queue.admit(call.message().payload().length);
            if (hold == Status.ACCEPTED) {
                long sequence;
                try {
                    sequence = publisher.accept(call.message());
                }
                catch (RuntimeException ex) {
                    settle().completeExceptionally(ex);
                    continue;
                }
                settle().complete(publisher.id(sequence));
            }
            else if (System.nanoTime() - call.deadline() >= 0) {
                settle().completeExceptionally(publisher.timedOut(hold, Duration.ofNanos(timeoutNanos)));
            }
            else {
                return;
            }
        }
    }

    /** Takes the oldest call off the queue, for its future to be completed. */
    private CompletableFuture<MessageId> settle() {
        Waiting call = waiting.poll();
        count.decrementAndGet();
        bytes.addAndGet(-call.message().payload().length);
        return call.future();
    }

    /** Whether the oldest call can be settled now: accepted, failed for a stopped node or past its deadline. */
    private boolean mayProceed() {
        Waiting oldest = waiting.peek();
        return oldest != null && (publisher.closed() || queue.hold(oldest.message().payload().length) == Status.ACCEPTED
                || System.nanoTime() - oldest.deadline() >= 0);
    }

    /**
     * Sets a timer for the oldest call's deadline unless one is set: an earlier one, since calls wait in order for
     * the same time; when it fires, {@link #process()} fails what is due and sets the next.
     */
    private void armTimer() {
        Waiting oldest = waiting.peek();
        if (oldest == null || !timerSet.compareAndSet(false, true)) {
            return;
        }
        long delay = Math.max(0, oldest.deadline() - System.nanoTime());
        CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS, executor).execute(() -> {
            timerSet.set(false);
            process();
        });
    }
}
