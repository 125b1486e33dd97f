package dev.peermesh.listener;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Where a listener's calls run: with one lane, on the delivering thread; with more, each on one of that many
 * threads, chosen by the message's publisher so that each publisher's messages stay in order. A lane's queue is
 * bounded: when it is full the delivering thread waits for room, which holds the node's deliveries and, through
 * them, publishers back — nothing is dropped.
 */
final class ListenerLanes {

    private final ThreadPoolExecutor[] lanes;

    ListenerLanes(String listenerId, int concurrency, int queueCapacity) {
        lanes = new ThreadPoolExecutor[concurrency > 1 ? concurrency : 0];
        for (int i = 0; i < lanes.length; i++) {
            ThreadPoolExecutor lane = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                    new ArrayBlockingQueue<>(queueCapacity),
                    new CustomizableThreadFactory("peermesh-listener-" + listenerId + "-" + i + "-"),
                    (task, executor) -> waitForRoom(task, executor));
            lanes[i] = lane;
        }
    }

    /** Runs the call for a message from {@code origin}, on its lane. */
    void run(long origin, Runnable call) {
        if (lanes.length == 0) {
            call.run();
            return;
        }
        long mixed = origin * 0x9E3779B97F4A7C15L; // spread node ids, whose low bits may be alike
        lanes[(int) Math.floorMod(mixed >>> 32, (long) lanes.length)].execute(call);
    }

    /** Lets queued calls finish, at most the timeout, then interrupts what still runs. */
    void close(long timeoutMillis) {
        for (ThreadPoolExecutor lane : lanes) {
            lane.shutdown();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (ThreadPoolExecutor lane : lanes) {
            try {
                if (!lane.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    lane.shutdownNow();
                }
            }
            catch (InterruptedException ex) {
                lane.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void waitForRoom(Runnable task, ThreadPoolExecutor executor) {
        if (executor.isShutdown()) {
            throw new RejectedExecutionException("The listener stopped");
        }
        try {
            executor.getQueue().put(task);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new RejectedExecutionException("Interrupted while waiting for the listener's queue", ex);
        }
    }
}
