package dev.peermesh.node;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Where publishers wait while the node holds publishes back, and what wakes them: the loop calls {@link #opened()}
 * whenever the node may take publishes again (the last congested link drained, the subscribers caught up, a run of
 * publishes left the queue). Waiting publishers are parked on a condition, never polling; one that wakes and finds
 * the node still holding goes back to wait for the rest of its time.
 *
 * <p>A publisher announces itself ({@code blocked}) before it looks at the hold, and the loop changes the hold
 * before it looks at {@code blocked}, so either the publisher sees the hold ended or the loop sees it waiting: no
 * wake-up is lost, and a loop with nobody waiting pays one volatile read per signal.
 *
 * <p>Thread-safe. {@code while (queue.admit(n) != ACCEPTED) gate.await(nanosLeft, () -> queue.hold(n) != ACCEPTED);}
 */
final class PublishGate {

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition changed = lock.newCondition();

    /** Publishers in {@link #await}. */
    private final AtomicInteger blocked = new AtomicInteger();

    /** Whether the node stopped: nobody waits any more, until it starts again. */
    private volatile boolean closed;

    /** Also told when publishes may be taken again: the {@code publishAsync} calls that wait. */
    private volatile Runnable onOpened = () -> { };

    /**
     * Waits until {@link #opened()}, {@link #close()} or {@code nanos} passed, unless {@code held} already says the
     * node takes publishes; the caller then tries again.
     *
     * @throws InterruptedException when the thread is interrupted while it waits (its flag then cleared)
     */
    void await(long nanos, BooleanSupplier held) throws InterruptedException {
        blocked.incrementAndGet();
        try {
            lock.lockInterruptibly();
            try {
                if (!closed && held.getAsBoolean()) {
                    changed.awaitNanos(nanos);
                }
            }
            finally {
                lock.unlock();
            }
        }
        finally {
            blocked.decrementAndGet();
        }
    }

    /** The node may take publishes again: wakes whoever waits. Any thread; cheap when nobody waits. */
    void opened() {
        if (blocked.get() > 0) {
            signalAll();
        }
        onOpened.run();
    }

    /** What else to tell when publishes may be taken again; called on the thread that opened the gate. */
    void onOpened(Runnable action) {
        this.onOpened = action;
    }

    /** The node stops: every waiting publisher wakes and gives up. */
    void close() {
        closed = true;
        signalAll();
        onOpened.run();
    }

    /** The node started again. */
    void reopen() {
        closed = false;
    }

    /** Whether the node stopped since it last started. */
    boolean closed() {
        return closed;
    }

    private void signalAll() {
        lock.lock();
        try {
            changed.signalAll();
        }
        finally {
            lock.unlock();
        }
    }
}
