package dev.peermesh;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MeshNode#whenOnline()}: completes when a first neighbor comes, even for a subscriber waiting on the node's
 * own delivery thread (whose neighbor events queue behind it), and fails when the node stops.
 */
class WhenOnlineTest {

    private final TestMesh mesh = new TestMesh("when-online-test");

    @AfterEach
    void release() {
        mesh.close();
    }

    @Test
    void aSubscriberWaitingOnTheDeliveryThreadIsWokenByTheFirstNeighbor() throws Exception {
        MeshNode node = mesh.start();
        List<String> woken = new CopyOnWriteArrayList<>();
        node.subscribe("wait", message -> {
            try {
                node.whenOnline().get(30, TimeUnit.SECONDS);
                woken.add(message.text());
            }
            catch (Exception ex) {
                woken.add("failed: " + ex);
            }
        });
        node.publish("wait", "alone", Map.of());
        assertThat(node.whenOnline()).isNotDone();

        mesh.start(node);

        org.awaitility.Awaitility.await().until(() -> woken.size() == 1);
        assertThat(woken).containsExactly("alone");
        assertThat(node.whenOnline()).isCompleted();
    }

    @Test
    void aWaitFailsWhenTheNodeStopsAndAtOnceOnAStoppedNode() {
        MeshNode node = mesh.start();
        CompletableFuture<Void> wait = node.whenOnline();

        node.stop();

        assertThat(wait).failsWithin(Duration.ofSeconds(5)).withThrowableThat().havingCause()
                .isInstanceOf(IllegalStateException.class).withMessageContaining("stopped");
        assertThat(node.whenOnline()).isCompletedExceptionally();
    }
}
