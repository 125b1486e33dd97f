package dev.peermesh;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When a node pushes a publisher back, the message names the setting to change as it is spelled: the Spring Boot
 * property and, for plain-Java users, the {@code MeshSettings.Builder} method.
 */
class PushBackMessageTest {

    @Test
    void publishTurnedAwayBecauseSubscribersFellBehindNamesThePropertyAndTheBuilderMethod() throws Exception {
        CountDownLatch stalled = new CountDownLatch(1);
        try (TestMesh mesh = new TestMesh("push-back-message")) {
            // no publish timeout: the refusal comes at once, as this test reads it
            MeshNode node = mesh.start(settings -> settings.maxPendingDeliveries(8).publishTimeout(Duration.ZERO),
                    builder -> builder);
            // own messages come back to the node's subscribers: one that never returns fills the deliveries
            node.subscribe("load", message -> {
                try {
                    stalled.await();
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                PublishRejectedException rejected = await().atMost(10, TimeUnit.SECONDS).until(() -> {
                    try {
                        node.publish("load", new byte[1], Map.of());
                        return null;
                    }
                    catch (PublishRejectedException ex) {
                        return ex;
                    }
                }, ex -> ex != null);

                assertThat(rejected.cause()).isEqualTo(PublishRejectedException.Cause.BACKPRESSURE);
                assertThat(rejected).hasMessageContaining(
                        "half of peermesh.limits.max-pending-deliveries (MeshSettings.Builder.maxPendingDeliveries)");
            }
            finally {
                stalled.countDown(); // before the node stops, so it does not wait on the stalled subscriber
            }
        }
    }
}
