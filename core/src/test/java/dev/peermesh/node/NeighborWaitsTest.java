package dev.peermesh.node;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Waits for a first neighbor: ended by a neighbor, by the node stopping, or by the caller, and then forgotten. */
class NeighborWaitsTest {

    private final NeighborWaits waits = new NeighborWaits();

    private final AtomicInteger neighbors = new AtomicInteger();

    @Test
    void aNodeWithANeighborDoesNotWait() {
        neighbors.set(1);
        assertThat(waits.await(neighbors::get)).isCompleted();
        assertThat(waits.size()).isZero();
    }

    @Test
    void aNeighborEndsEveryWait() {
        CompletableFuture<Void> first = waits.await(neighbors::get);
        CompletableFuture<Void> second = waits.await(neighbors::get);
        assertThat(first).isNotDone();

        neighbors.set(1);
        waits.arrived();

        assertThat(first).succeedsWithin(Duration.ofSeconds(5));
        assertThat(second).succeedsWithin(Duration.ofSeconds(5));
        await().until(() -> waits.size() == 0);
    }

    @Test
    void waitsThatTimeOutOrAreCancelledAreForgotten() {
        for (int i = 0; i < 1_000; i++) {
            waits.await(neighbors::get).orTimeout(1, TimeUnit.MILLISECONDS);
        }
        waits.await(neighbors::get).cancel(false);
        await().until(() -> waits.size() == 0);
    }

    @Test
    void stoppingFailsTheWaitsWithTheReason() {
        CompletableFuture<Void> wait = waits.await(neighbors::get);
        waits.stopped("Node 1 stopped");
        assertThat(wait).failsWithin(Duration.ofSeconds(1)).withThrowableThat().havingCause()
                .isInstanceOf(IllegalStateException.class).withMessage("Node 1 stopped");
        assertThat(waits.size()).isZero();
    }
}
