package dev.peermesh.integration.outbound;

import dev.peermesh.MeshNode;
import dev.peermesh.PublishRejectedException;
import dev.peermesh.PublishResult;
import dev.peermesh.integration.MeshHeaders;
import dev.peermesh.integration.Standalone;
import dev.peermesh.integration.TwoNodeMesh;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.MessageHandlingException;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * While the publishing node holds publishes back, a send to {@link MeshMessageHandler} waits — at most its send
 * timeout, else the node's {@code peermesh.publish-timeout} — and goes on once the node takes publishes again.
 */
class MeshMessageHandlerBackPressureTests {

    private final CountDownLatch stalled = new CountDownLatch(1);

    private TwoNodeMesh mesh;

    private MeshMessageHandler handler;

    private final List<String> heard = new CopyOnWriteArrayList<>();

    @BeforeEach
    void holdThePublishingNode() {
        mesh = TwoNodeMesh.linked(settings -> settings.maxPendingDeliveries(8).publishTimeout(Duration.ofSeconds(30)));
        handler = Standalone.started(new MeshMessageHandler(mesh.first()));
        mesh.second().subscribe("orders", message -> heard.add(message.text()));
        MeshNode publisher = mesh.first();
        // the publisher's own subscriber never returns: its deliveries back up and it holds its publishes back
        publisher.subscribe("load", message -> {
            try {
                stalled.await();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        await().atMost(10, TimeUnit.SECONDS).until(() -> publisher.tryPublish("load", new byte[1], Map.of())
                .status() == PublishResult.Status.SUBSCRIBERS_BEHIND);
    }

    @AfterEach
    void stopNodes() {
        stalled.countDown();
        mesh.close();
    }

    @Test
    void aSendWaitsAtMostTheHandlersSendTimeoutAndThenFailsWithBackPressure() {
        handler.setSendTimeout(Duration.ofMillis(200));

        assertThatExceptionOfType(MessageHandlingException.class)
                .isThrownBy(() -> handler.handleMessage(MessageBuilder.withPayload("late")
                        .setHeader(MeshHeaders.TOPIC, "orders").build()))
                .havingCause()
                .isInstanceOfSatisfying(PublishRejectedException.class,
                        ex -> assertThat(ex.cause()).isEqualTo(PublishRejectedException.Cause.BACKPRESSURE))
                .withMessageContaining("waited 200 ms");
    }

    @Test
    void aWaitingSendGoesOnOnceTheNodeTakesPublishesAgain() {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread sender = new Thread(() -> {
            try {
                handler.handleMessage(MessageBuilder.withPayload("order 42").setHeader(MeshHeaders.TOPIC, "orders")
                        .build());
            }
            catch (RuntimeException ex) {
                failure.set(ex);
            }
        });
        sender.start();
        await().atMost(5, TimeUnit.SECONDS).until(() -> sender.getState() == Thread.State.TIMED_WAITING);
        await().during(300, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS).until(sender::isAlive);

        stalled.countDown();

        await().atMost(10, TimeUnit.SECONDS).until(() -> heard.contains("order 42"));
        assertThat(failure.get()).isNull();
    }
}
