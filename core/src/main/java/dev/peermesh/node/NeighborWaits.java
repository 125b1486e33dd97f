package dev.peermesh.node;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntSupplier;

/**
 * Callers waiting for a node to get a neighbor ({@link dev.peermesh.MeshNode#whenOnline()}). Each wait is its own
 * future, forgotten as soon as it ends — a neighbor came, the node stopped, or the caller cancelled it or let a
 * timeout end it — so waits that time out while a node stays alone leave nothing behind. Completed on the common
 * pool, never on the node's threads: a caller may publish from there, or wait on the delivery thread itself.
 */
final class NeighborWaits {

    private final Set<CompletableFuture<Void>> waiting = ConcurrentHashMap.newKeySet();

    /** A wait that ends once {@code neighbors} is positive; at once when it is now. */
    CompletableFuture<Void> await(IntSupplier neighbors) {
        if (neighbors.getAsInt() > 0) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> wait = new CompletableFuture<>();
        waiting.add(wait);
        wait.whenComplete((done, ex) -> waiting.remove(wait));
        // a neighbor that came between the first look and the add found no wait to end: look again
        if (neighbors.getAsInt() > 0) {
            wait.complete(null);
        }
        return wait;
    }

    /** On the protocol thread: a neighbor came up; every wait ends, on the common pool. */
    void arrived() {
        if (!waiting.isEmpty()) {
            ForkJoinPool.commonPool().execute(() -> waiting.forEach(wait -> wait.complete(null)));
        }
    }

    /** The node stopped: every wait fails with the reason. */
    void stopped(String reason) {
        IllegalStateException stopped = new IllegalStateException(reason);
        waiting.forEach(wait -> wait.completeExceptionally(stopped));
    }

    /** Waits not yet ended. */
    int size() {
        return waiting.size();
    }
}
