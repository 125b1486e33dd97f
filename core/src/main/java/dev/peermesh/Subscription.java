package dev.peermesh;

/**
 * A subscriber's registration with a node; cancel it to stop receiving.
 *
 * <p>{@code try (Subscription s = node.subscribe("chat", handler)) { ... }}
 */
public interface Subscription extends AutoCloseable {

    /** Stops delivery to this subscriber. Idempotent. */
    void cancel();

    @Override
    default void close() {
        cancel();
    }
}
