package dev.peermesh;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A publisher the node holds back waits instead of being turned away: {@code publish} blocks while a link is
 * congested, the node's subscribers are behind or its publish queue is full, goes on the moment the hold ends, and
 * fails with back-pressure only after {@code peermesh.publish-timeout}.
 */
class BlockingPublishTest {

    private final CountDownLatch stalled = new CountDownLatch(1);

    private final TestMesh mesh = new TestMesh("blocking-publish");

    @AfterEach
    void close() {
        stalled.countDown(); // before the nodes stop, so none waits on a stalled subscriber or filter
        mesh.close();
    }

    @Test
    void publisherHeldBySubscribersBehindIsReleasedWhenTheyCatchUpAndItsMessageIsDelivered() {
        MeshNode node = nodeWithStalledSubscriber(settings -> settings);

        assertHeldUntilReleasedThenDelivered(node, node, Duration.ofSeconds(10));
    }

    @Test
    void publisherHeldByACongestedLinkIsReleasedWhenTheLinkDrains() {
        MeshNode publisher = mesh.start(settings -> settings.linkHighWaterBytes(16 * 1024), builder -> builder);
        MeshNode slow = mesh.start(settings -> settings.maxPendingDeliveries(16), builder -> builder, publisher);
        await().atMost(10, TimeUnit.SECONDS).until(() -> publisher.state().neighbors().size() == 1);
        slow.subscribe("load", message -> awaitQuietly(stalled));
        // the slow node stops reading once its subscriber is behind; the publisher's link to it then fills up
        await().atMost(10, TimeUnit.SECONDS).until(() -> {
            publisher.publish("load", new byte[1], Map.of());
            return slow.tryPublish("probe", new byte[1], Map.of()).status()
                    == PublishResult.Status.SUBSCRIBERS_BEHIND;
        });
        byte[] payload = new byte[8 * 1024];
        // congested at two polls in a row with nothing accepted in between: not a passing burst (the sockets'
        // buffers grow while they fill)
        await().atMost(20, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50)).until(() -> {
            int accepted = 0;
            PublishResult result;
            while ((result = publisher.tryPublish("load", payload, Map.of())).accepted()) {
                accepted++;
            }
            return accepted == 0 && result.status() == PublishResult.Status.LINK_CONGESTED;
        });

        assertHeldUntilReleasedThenDelivered(publisher, slow, Duration.ofSeconds(20));
    }

    @Test
    void publisherHeldByAFullQueueIsReleasedWhenTheNodeTakesPublishesAgain() {
        CountDownLatch filtering = new CountDownLatch(1);
        // a filter that blocks stops the node's protocol thread, so what is published next stays queued
        PropagationFilter blocking = (message, origin) -> {
            if (message.topic().equals("block")) {
                filtering.countDown();
                awaitQuietly(stalled);
            }
            return Propagation.LOCAL_AND_REMOTE;
        };
        MeshNode node = mesh.start(settings -> settings.maxPendingPublishes(2),
                builder -> builder.propagationFilter(blocking));
        node.publish("block", text("stop the loop"), Map.of());
        awaitQuietly(filtering);
        node.publish("fill", text("one"), Map.of());
        node.publish("fill", text("two"), Map.of());
        assertThat(node.tryPublish("fill", text("three"), Map.of()).status())
                .isEqualTo(PublishResult.Status.QUEUE_FULL);

        assertHeldUntilReleasedThenDelivered(node, node, Duration.ofSeconds(10));
    }

    @Test
    void publishStillHeldAfterThePublishTimeoutFailsWithBackPressureNamingTheProperty() {
        MeshNode node = nodeWithStalledSubscriber(settings -> settings.publishTimeout(Duration.ofMillis(300)));
        long before = node.state().counters().published();

        long start = System.nanoTime();
        assertThatExceptionOfType(PublishRejectedException.class)
                .isThrownBy(() -> node.publish("after", text("too late"), Map.of()))
                .satisfies(ex -> assertThat(ex.cause()).isEqualTo(PublishRejectedException.Cause.BACKPRESSURE))
                .withMessageContaining("waited 300 ms")
                .withMessageContaining("peermesh.publish-timeout (MeshSettings.Builder.publishTimeout)")
                .withMessageContaining("peermesh.limits.max-pending-deliveries");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("it waited").isGreaterThanOrEqualTo(
                Duration.ofMillis(300));
        assertThat(node.state().counters().published()).as("nothing published").isEqualTo(before);
    }

    @Test
    void withAPublishTimeoutOfZeroAHeldPublishFailsAtOnceAsItAlwaysDid() {
        MeshNode node = nodeWithStalledSubscriber(settings -> settings.publishTimeout(Duration.ZERO));

        Publishing refused = Publishing.start(() -> node.publish("after", text("refused"), Map.of()));

        await().atMost(2, TimeUnit.SECONDS).until(() -> refused.failure() != null);
        assertThat(refused.failure().cause()).isEqualTo(PublishRejectedException.Cause.BACKPRESSURE);
        assertThat(refused.failure()).hasMessageContaining("peermesh.limits.max-pending-deliveries")
                .hasMessageContaining("peermesh.publish-timeout");
    }

    @Test
    void interruptedPublisherFailsWithBackPressureAndKeepsItsInterruptFlag() {
        MeshNode node = nodeWithStalledSubscriber(settings -> settings.publishTimeout(Duration.ofSeconds(30)));

        Publishing blocked = Publishing.start(() -> node.publish("after", text("interrupted"), Map.of()));
        blocked.awaitParked();
        blocked.thread.interrupt();

        await().atMost(5, TimeUnit.SECONDS).until(() -> blocked.failure() != null);
        assertThat(blocked.failure().cause()).isEqualTo(PublishRejectedException.Cause.BACKPRESSURE);
        assertThat(blocked.failure()).hasMessageContaining("interrupted");
        assertThat(blocked.interruptedAfter).as("interrupt flag kept").isTrue();
    }

    @Test
    void publisherWaitingWhenTheNodeStopsFailsWithNotRunning() {
        MeshNode node = nodeWithStalledSubscriber(settings -> settings.publishTimeout(Duration.ofSeconds(30)));

        Publishing blocked = Publishing.start(() -> node.publish("after", text("stopped"), Map.of()));
        blocked.awaitParked();
        node.abort();

        await().atMost(5, TimeUnit.SECONDS).until(() -> blocked.failure() != null);
        assertThat(blocked.failure().cause()).isEqualTo(PublishRejectedException.Cause.NOT_RUNNING);
    }

    /** A lone node whose subscriber never returns, publishing until it holds its publishes back. */
    /**
     * A publish on {@code publisher} parks and stays parked; once the stall ends it returns its id within
     * {@code within}, and {@code receiver} delivers the message.
     */
    private void assertHeldUntilReleasedThenDelivered(MeshNode publisher, MeshNode receiver, Duration within) {
        Publishing blocked = Publishing.start(() -> publisher.publish("after", text("released"), Map.of()));
        blocked.awaitParked();
        await().during(300, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS).until(blocked::pending);

        stalled.countDown();
        await().atMost(within).until(() -> blocked.id() != null);
        await().atMost(within).until(() -> mesh.delivered(receiver, "after"));
    }

    private MeshNode nodeWithStalledSubscriber(java.util.function.UnaryOperator<MeshSettings.Builder> settings) {
        MeshNode node = mesh.start(s -> settings.apply(s.maxPendingDeliveries(8)), builder -> builder);
        // a node's own messages come back to its subscribers: one that never returns fills the deliveries
        node.subscribe("load", message -> awaitQuietly(stalled));
        await().atMost(10, TimeUnit.SECONDS).until(() -> node.tryPublish("load", new byte[1], Map.of()).status()
                == PublishResult.Status.SUBSCRIBERS_BEHIND);
        return node;
    }

    static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** A publish on a thread of its own, so a test can watch it wait. */
    static final class Publishing {

        final Thread thread;

        private final AtomicReference<MessageId> id = new AtomicReference<>();

        private final AtomicReference<PublishRejectedException> failure = new AtomicReference<>();

        private final AtomicBoolean done = new AtomicBoolean();

        volatile boolean interruptedAfter;

        private Publishing(java.util.function.Supplier<MessageId> publish) {
            this.thread = new Thread(() -> {
                try {
                    id.set(publish.get());
                }
                catch (PublishRejectedException ex) {
                    failure.set(ex);
                }
                finally {
                    interruptedAfter = Thread.currentThread().isInterrupted();
                    done.set(true);
                }
            }, "test-publisher");
        }

        static Publishing start(java.util.function.Supplier<MessageId> publish) {
            Publishing publishing = new Publishing(publish);
            publishing.thread.start();
            return publishing;
        }

        /** Waits until the publisher parks: it waits for a signal, it does not spin. */
        void awaitParked() {
            await().atMost(5, TimeUnit.SECONDS).until(() -> done.get()
                    || thread.getState() == Thread.State.TIMED_WAITING || thread.getState() == Thread.State.WAITING);
            assertThat(failure.get()).as("publisher failed instead of waiting").isNull();
            assertThat(id.get()).as("publisher accepted instead of waiting").isNull();
        }

        boolean pending() {
            return !done.get();
        }

        MessageId id() {
            return id.get();
        }

        PublishRejectedException failure() {
            return failure.get();
        }
    }
}
