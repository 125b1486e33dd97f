package dev.peermesh;

import dev.peermesh.protocol.MeshEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands messages to subscribers and events to listeners on one thread of its own, in the order the protocol
 * produced them, so a slow subscriber never stalls the mesh. The loop queues them and hands each batch over as one
 * task; at most {@code capacity} wait at a time, and what does not fit is dropped, counted and logged.
 */
final class Deliveries {

    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

    private final List<TopicSubscription> subscriptions = new CopyOnWriteArrayList<>();

    private final List<MeshListener> listeners = new CopyOnWriteArrayList<>();

    private final AtomicLong overflows = new AtomicLong();

    /** Messages and events handed to the delivery thread and not yet delivered. */
    private final AtomicInteger pending = new AtomicInteger();

    /** Messages and events queued on the loop since the last flush; touched by the loop thread only. */
    private List<Object> batch = new ArrayList<>();

    private final int capacity;

    private final String name;

    private volatile ThreadPoolExecutor executor;

    Deliveries(String name, int capacity) {
        this.capacity = capacity;
        this.name = name;
        this.executor = newExecutor();
    }

    /** After {@link #shutdown}, takes deliveries again (the node restarted); subscribers and listeners stay. */
    void restart() {
        if (executor.isShutdown()) {
            executor = newExecutor();
            pending.set(0);
            batch = new ArrayList<>();
        }
    }

    private ThreadPoolExecutor newExecutor() {
        // unbounded in tasks, bounded in what they carry: flush() keeps pending under the capacity
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "peermesh-delivery-" + name);
                    thread.setDaemon(true);
                    return thread;
                });
    }

    Subscription subscribe(TopicFilter filter, Consumer<MeshMessage> handler) {
        TopicSubscription subscription = new TopicSubscription(filter, handler);
        subscriptions.add(subscription);
        return subscription;
    }

    void addListener(MeshListener listener) {
        listeners.add(listener);
    }

    void removeListener(MeshListener listener) {
        listeners.remove(listener);
    }

    /** Queues a message for the subscribers; it is handed over at the next {@link #flush()}. Call on the loop. */
    void deliver(MeshMessage message) {
        batch.add(message);
    }

    /** Queues an event for the listeners, in order with the messages. Call on the loop. */
    void event(MeshEvent event) {
        batch.add(event);
    }

    /**
     * Hands what was queued since the last flush to the delivery thread as one task. What does not fit under the
     * capacity is dropped, counted and logged. Call on the loop.
     */
    void flush() {
        if (batch.isEmpty()) {
            return;
        }
        List<Object> items = batch;
        batch = new ArrayList<>();
        int room = capacity - pending.get();
        if (items.size() > room) {
            List<Object> dropped = items.subList(Math.max(0, room), items.size());
            for (Object item : dropped) {
                overflowed(item);
            }
            dropped.clear();
            if (items.isEmpty()) {
                return;
            }
        }
        pending.addAndGet(items.size());
        try {
            executor.execute(() -> handOver(items));
        }
        catch (RejectedExecutionException ex) {
            pending.addAndGet(-items.size());
            log.debug("{} deliveries not made: the node stopped", items.size());
        }
    }

    private void handOver(List<Object> items) {
        for (Object item : items) {
            pending.decrementAndGet();
            if (item instanceof MeshMessage message) {
                toSubscribers(message);
            }
            else {
                toListeners((MeshEvent) item);
            }
        }
    }

    private void toSubscribers(MeshMessage message) {
        for (TopicSubscription subscription : subscriptions) {
            if (subscription.filter.matches(message.topic())) {
                try {
                    subscription.handler.accept(message);
                }
                catch (RuntimeException ex) {
                    log.warn("Subscriber for '{}' failed on message {}", subscription.filter, message.id(), ex);
                }
            }
        }
    }

    private void toListeners(MeshEvent event) {
        for (MeshListener listener : listeners) {
            try {
                notify(listener, event);
            }
            catch (RuntimeException ex) {
                log.warn("Mesh listener failed on {}", event, ex);
            }
        }
    }

    long overflows() {
        return overflows.get();
    }

    /** Lets queued deliveries finish, up to the timeout, then stops the thread. */
    void shutdown(long timeoutMillis) {
        ThreadPoolExecutor executor = this.executor;
        executor.shutdown();
        try {
            executor.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }

    private void overflowed(Object item) {
        long count = overflows.incrementAndGet();
        if (Long.bitCount(count) == 1) { // 1, 2, 4, 8, …: visible without flooding the log
            String what = item instanceof MeshMessage message ? "message " + message.id() : "event " + item;
            log.warn("Dropped {}: {} deliveries are waiting for subscribers (peermesh max-pending-deliveries); "
                    + "{} dropped so far. Make subscribers faster or hand work to another thread.",
                    what, capacity, count);
        }
    }

    private static void notify(MeshListener listener, MeshEvent event) {
        if (event instanceof MeshEvent.Online) {
            listener.online();
        }
        else if (event instanceof MeshEvent.Offline) {
            listener.offline();
        }
        else if (event instanceof MeshEvent.NeighbourUp up) {
            listener.neighbourUp(up.neighbour());
        }
        else if (event instanceof MeshEvent.MessageLost lost) {
            listener.messageLost(lost.id(), lost.reason());
        }
        else if (event instanceof MeshEvent.NeighbourDown down) {
            listener.neighbourDown(down.neighbour(), down.reason(), down.detail());
        }
    }

    private final class TopicSubscription implements Subscription {

        private final TopicFilter filter;

        private final Consumer<MeshMessage> handler;

        TopicSubscription(TopicFilter filter, Consumer<MeshMessage> handler) {
            this.filter = filter;
            this.handler = handler;
        }

        @Override
        public void cancel() {
            subscriptions.remove(this);
        }
    }
}
