package dev.peermesh.test;

import dev.peermesh.MeshMessage;
import dev.peermesh.MeshNode;
import dev.peermesh.Subscription;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What a node delivered on some topics, from the moment the recorder subscribed: a test publishes, then
 * {@link #awaitCount(int)} waits (woken by each delivery, no polling) until that many messages arrived and returns
 * them in delivery order. Closing unsubscribes.
 *
 * <p>{@code MessageRecorder orders = MessageRecorder.on(node, "orders.*"); ... orders.awaitCount(2)}
 */
public final class MessageRecorder implements AutoCloseable {

    /** How long {@link #awaitCount(int)} waits unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition arrived = lock.newCondition();

    private final List<MeshMessage> messages = new ArrayList<>();

    private final String topicPattern;

    private final Subscription subscription;

    private MessageRecorder(MeshNode node, String topicPattern) {
        this.topicPattern = topicPattern;
        this.subscription = node.subscribe(topicPattern, this::add);
    }

    /** Records what the node delivers on topics matching the pattern (a topic, a prefix ending in '*', or '*'). */
    public static MessageRecorder on(MeshNode node, String topicPattern) {
        return new MessageRecorder(node, topicPattern);
    }

    /** What arrived so far, in delivery order. */
    public List<MeshMessage> messages() {
        lock.lock();
        try {
            return List.copyOf(messages);
        }
        finally {
            lock.unlock();
        }
    }

    /** The payloads that arrived so far, as UTF-8 text. */
    public List<String> texts() {
        return messages().stream().map(MeshMessage::text).toList();
    }

    /** Waits until at least {@code count} messages arrived, at most {@link #DEFAULT_TIMEOUT}; returns them all. */
    public List<MeshMessage> awaitCount(int count) {
        return awaitCount(count, DEFAULT_TIMEOUT);
    }

    /**
     * Waits until at least {@code count} messages arrived, at most {@code timeout}.
     *
     * @return every message that arrived, in delivery order
     * @throws IllegalStateException when fewer arrived in time, naming how many and which topics
     */
    public List<MeshMessage> awaitCount(int count, Duration timeout) {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (messages.size() < count) {
                if (left <= 0) {
                    throw new IllegalStateException("Expected " + count + " message(s) on '" + topicPattern
                            + "' within " + timeout + ", got " + messages.size() + ": " + topics());
                }
                left = arrived.awaitNanos(left);
            }
            return List.copyOf(messages);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for messages on '" + topicPattern + "'", ex);
        }
        finally {
            lock.unlock();
        }
    }

    /** Forgets what arrived so far. */
    public void clear() {
        lock.lock();
        try {
            messages.clear();
        }
        finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        subscription.cancel();
    }

    private void add(MeshMessage message) {
        lock.lock();
        try {
            messages.add(message);
            arrived.signalAll();
        }
        finally {
            lock.unlock();
        }
    }

    private List<String> topics() {
        List<String> topics = new ArrayList<>(messages.size());
        messages.forEach(message -> topics.add(message.topic()));
        return topics;
    }
}
