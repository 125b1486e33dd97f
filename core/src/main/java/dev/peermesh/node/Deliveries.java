package dev.peermesh.node;

import dev.peermesh.MeshListener;
import dev.peermesh.MeshMessage;
import dev.peermesh.Subscription;
import dev.peermesh.TopicFilter;
import dev.peermesh.log.PeerText;
import dev.peermesh.protocol.MeshEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands messages to subscribers and events to listeners on one thread of its own, in the order the protocol
 * produced them. The loop queues them and hands each batch over as one task. When half the {@code capacity} is
 * waiting the node is {@linkplain #checkBackedUp() backed up}: it stops reading its links and taking publishes until a
 * quarter is left ({@code onCaughtUp}), so subscribers that fall behind slow the mesh down rather than lose messages.
 * What one turn of the loop read beyond the capacity waits on the loop for room; only beyond four times the capacity
 * (at least 16,384) is anything dropped, counted and logged.
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

    /** Messages and events flushed while the delivery thread had no room for them; loop thread only. */
    private List<Object> waiting = new ArrayList<>();

    private final int capacity;

    private final String name;

    private final Predicate<MeshMessage> taken;

    private final Predicate<MeshMessage> withheld;

    /** Whether the node stopped reading as deliveries backed up; set on the loop, cleared on the delivery thread. */
    private final AtomicBoolean backedUp = new AtomicBoolean();

    /** Run on the delivery thread when a backed-up node's deliveries are down to a quarter of the capacity. */
    private volatile Runnable onCaughtUp = () -> { };

    private volatile ThreadPoolExecutor executor;

    /** Deliveries that hand every message to the subscribers. */
    Deliveries(String name, int capacity) {
        this(name, capacity, message -> false, message -> false);
    }

    /**
     * @param taken on the loop, takes a message before it is queued (a reply): one it answers true for reaches no
     *        subscriber
     * @param withheld on the delivery thread, before the subscribers: one it answers true for reaches none
     */
    Deliveries(String name, int capacity, Predicate<MeshMessage> taken, Predicate<MeshMessage> withheld) {
        this.capacity = capacity;
        this.name = name;
        this.taken = taken;
        this.withheld = withheld;
        this.executor = newExecutor();
    }

    /** After {@link #shutdown}, takes deliveries again (the node restarted); subscribers and listeners stay. */
    void restart() {
        if (executor.isShutdown()) {
            executor = newExecutor();
            pending.set(0);
            backedUp.set(false);
            waiting = new ArrayList<>();
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

    /** What to do, on the delivery thread, when deliveries that backed up are down to a quarter of the capacity. */
    void onCaughtUp(Runnable action) {
        this.onCaughtUp = action;
    }

    /**
     * Whether half the capacity is waiting for subscribers: the node should stop reading and publishing until
     * {@code onCaughtUp}. Checked on the loop after each {@link #flush()}; call on the loop.
     */
    boolean checkBackedUp() {
        if (backedUp.get()) {
            return true;
        }
        if (pending.get() + waiting.size() >= capacity / 2) {
            backedUp.set(true);
            caughtUpIfDrained(); // the delivery thread may have drained in between
            return backedUp.get();
        }
        return false;
    }

    /** Whether the node is backed up now; readable from any thread, changes nothing. */
    boolean isBackedUp() {
        return backedUp.get();
    }

    private void caughtUpIfDrained() {
        if (pending.get() <= capacity / 4 && backedUp.compareAndSet(true, false)) {
            onCaughtUp.run();
        }
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
        if (!taken.test(message)) {
            batch.add(message);
        }
    }

    /** Queues an event for the listeners, in order with the messages. Call on the loop. */
    void event(MeshEvent event) {
        batch.add(event);
    }

    /**
     * Hands what was queued since the last flush to the delivery thread as one task, as far as the capacity allows;
     * the rest waits here, in order, for the next flush (the node is {@linkplain #checkBackedUp() backed up} by then
     * and reads nothing more). Only beyond {@link #waitingLimit()} is anything dropped, counted and logged.
     * Call on the loop.
     */
    void flush() {
        if (waiting.isEmpty()) {
            if (batch.isEmpty()) {
                return;
            }
            List<Object> swap = waiting;
            waiting = batch;
            batch = swap;
        }
        else if (!batch.isEmpty()) {
            waiting.addAll(batch);
            batch.clear();
        }
        int room = capacity - pending.get();
        List<Object> items;
        if (room <= 0) {
            items = List.of();
        }
        else if (waiting.size() <= room) {
            items = waiting;
            waiting = new ArrayList<>();
        }
        else {
            List<Object> first = waiting.subList(0, room);
            items = new ArrayList<>(first);
            first.clear();
        }
        if (waiting.size() > waitingLimit()) {
            List<Object> dropped = waiting.subList(waitingLimit(), waiting.size());
            for (Object item : dropped) {
                overflowed(item);
            }
            dropped.clear();
        }
        if (items.isEmpty()) {
            return;
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

    /**
     * Most items waiting on the loop: what a turn of reads brings in before the pause takes effect (up to 16 socket
     * reads of 64 KiB per link); never reached while reads pause, a bound in case they cannot.
     */
    private int waitingLimit() {
        return Math.max(4 * capacity, 16_384);
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
        if (backedUp.get()) {
            caughtUpIfDrained();
        }
    }

    private void toSubscribers(MeshMessage message) {
        try {
            if (withheld.test(message)) {
                return;
            }
        }
        catch (RuntimeException ex) {
            log.warn("Message {} (topic '{}') could not be checked before its subscribers; they get it", message.id(),
                    PeerText.escape(message.topic()), ex);
        }
        for (TopicSubscription subscription : subscriptions) {
            if (subscription.filter.matches(message.topic())) {
                try {
                    subscription.handler.accept(message);
                }
                catch (RuntimeException | Error ex) {
                    rethrowIfFatal(ex);
                    log.warn("Subscriber for '{}' failed on message {} (topic '{}')", subscription.filter,
                            message.id(), PeerText.escape(message.topic()), ex);
                }
            }
        }
    }

    private void toListeners(MeshEvent event) {
        for (MeshListener listener : listeners) {
            try {
                notify(listener, event);
            }
            catch (RuntimeException | Error ex) {
                rethrowIfFatal(ex);
                log.warn("Mesh listener failed on {}", event, ex);
            }
        }
    }

    /**
     * A subscriber's {@link Error} (a failed assertion, a class that would not load, a stack overflow) is its own
     * failure, like an exception: the delivery goes on, or the rest of the batch would be lost and its count never
     * given back. Only a failing JVM (out of memory, an internal error) ends the delivery thread.
     */
    private static void rethrowIfFatal(Throwable failure) {
        if (failure instanceof VirtualMachineError fatal && !(failure instanceof StackOverflowError)) {
            throw fatal;
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
            log.warn("Dropped {}: {} deliveries are waiting for subscribers (peermesh.limits.max-pending-deliveries, "
                    + "MeshSettings.Builder.maxPendingDeliveries); {} dropped so far. Make subscribers faster or hand "
                    + "work to another thread.",
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
        else if (event instanceof MeshEvent.NeighborUp up) {
            listener.neighborUp(up.neighbor());
        }
        else if (event instanceof MeshEvent.MessageLost lost) {
            listener.messageLost(lost.id(), lost.reason());
        }
        else if (event instanceof MeshEvent.NeighborDown down) {
            listener.neighborDown(down.neighbor(), down.reason().closeReason(), down.detail());
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
