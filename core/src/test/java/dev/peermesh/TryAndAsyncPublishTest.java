package dev.peermesh;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.peermesh.BlockingPublishTest.awaitQuietly;
import static dev.peermesh.BlockingPublishTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The publishing calls that never block: {@code tryPublish} answers at once with a status, {@code publishAsync}
 * hands back a future that completes once the node takes the message, within a bound on how many may wait.
 */
class TryAndAsyncPublishTest {

    private final CountDownLatch stalled = new CountDownLatch(1);

    private final TestMesh mesh = new TestMesh("try-and-async-publish");

    @AfterEach
    void close() {
        stalled.countDown();
        mesh.close();
    }

    @Test
    void tryPublishWhileHeldReturnsAtOnceWithTheReason() {
        MeshNode node = nodeWithStalledSubscriber(settings -> settings.publishTimeout(Duration.ofSeconds(30)));

        PublishResult result = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> node.tryPublish("after", text("held"), Map.of()));

        assertThat(result.accepted()).isFalse();
        assertThat(result.status()).isEqualTo(PublishResult.Status.SUBSCRIBERS_BEHIND);
        assertThat(result.messageId()).isNull();
        assertThatExceptionOfType(PublishRejectedException.class).isThrownBy(result::orElseThrow)
                .withMessageContaining("peermesh.limits.max-pending-deliveries");
    }

    @Test
    void tryPublishAcceptsWhenNotHeldAndStillThrowsForAnInvalidMessage() {
        MeshNode node = mesh.start();

        PublishResult result = node.tryPublish("news", text("hello"), Map.of());

        assertThat(result.accepted()).isTrue();
        assertThat(result.orElseThrow().origin()).isEqualTo(node.nodeId());
        await().atMost(5, TimeUnit.SECONDS).until(() -> mesh.delivered(node, "news"));
        assertThatExceptionOfType(PublishRejectedException.class)
                .isThrownBy(() -> node.tryPublish(" ", text("no topic"), Map.of()))
                .satisfies(ex -> assertThat(ex.cause()).isEqualTo(PublishRejectedException.Cause.INVALID));
    }

    @Test
    void refusedPublishesCopyNothing() {
        MeshNode node = nodeWithStalledSubscriber(settings -> settings);
        byte[] payload = new byte[64 * 1024];
        Map<String, String> headers = Map.of("k", "v");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().getId();

        long before = threads.getThreadAllocatedBytes(me);
        for (int i = 0; i < 1_000; i++) {
            assertThat(node.tryPublish("after", payload, headers).accepted()).isFalse();
        }
        long allocated = threads.getThreadAllocatedBytes(me) - before;

        // a copy each would be 64 MB; what is left is the loop's and the assertions' own small change
        assertThat(allocated).as("bytes allocated by 1,000 refused publishes of 64 KiB").isLessThan(4L << 20);
    }

    @Test
    void asyncPublishHeldBackCompletesOnceTheNodeTakesPublishesAgain() {
        MeshNode node = nodeWithStalledSubscriber(settings -> settings.publishTimeout(Duration.ofSeconds(30)));

        List<CompletableFuture<MessageId>> futures = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            futures.add(node.publishAsync("after", text("released " + i), Map.of()));
        }
        await().during(300, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS)
                .until(() -> futures.stream().noneMatch(CompletableFuture::isDone));

        stalled.countDown();
        await().atMost(10, TimeUnit.SECONDS).until(() -> futures.stream().allMatch(CompletableFuture::isDone));
        List<MessageId> ids = futures.stream().map(CompletableFuture::join).toList();
        assertThat(ids).extracting(MessageId::sequence).as("accepted in the order of the calls").isSorted();
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(mesh.received(node).keySet())
                .containsAll(ids));
    }

    @Test
    void asyncPublishBeyondItsBoundFailsAtOnceNamingTheProperty() {
        MeshNode node = nodeWithStalledSubscriber(settings -> settings.publishTimeout(Duration.ofSeconds(30))
                .maxPendingAsyncPublishes(2));

        CompletableFuture<MessageId> first = node.publishAsync("after", text("one"), Map.of());
        CompletableFuture<MessageId> second = node.publishAsync("after", text("two"), Map.of());
        CompletableFuture<MessageId> third = node.publishAsync("after", text("three"), Map.of());

        assertThat(third).isCompletedExceptionally();
        assertThatExceptionOfType(CompletionException.class).isThrownBy(third::join)
                .havingCause().isInstanceOf(PublishRejectedException.class)
                .withMessageContaining("peermesh.limits.max-pending-async-publishes")
                .satisfies(ex -> assertThat(((PublishRejectedException) ex).cause())
                        .isEqualTo(PublishRejectedException.Cause.BACKPRESSURE));
        assertThat(first).isNotDone();
        assertThat(second).isNotDone();

        stalled.countDown();
        await().atMost(10, TimeUnit.SECONDS).until(() -> first.isDone() && second.isDone());
        assertThat(first).isCompleted();
        assertThat(second).isCompleted();
    }

    @Test
    void asyncPublishesWaitingWithMorePayloadBytesThanTheBoundFailAtOnceNamingTheProperty() {
        MeshNode node = nodeWithStalledSubscriber(settings -> settings.publishTimeout(Duration.ofSeconds(30))
                .maxMessageSize(32 << 10).maxPendingPublishBytes(40_000));

        CompletableFuture<MessageId> first = node.publishAsync("after", new byte[30_000], Map.of());
        CompletableFuture<MessageId> second = node.publishAsync("after", new byte[20_000], Map.of());
        CompletableFuture<MessageId> third = node.publishAsync("after", new byte[10_000], Map.of());

        assertThat(first).as("alone, within the bound").isNotDone();
        assertThatExceptionOfType(CompletionException.class).isThrownBy(second::join)
                .havingCause().isInstanceOf(PublishRejectedException.class)
                .withMessageContaining("peermesh.limits.max-pending-publish-bytes")
                .satisfies(ex -> assertThat(((PublishRejectedException) ex).cause())
                        .isEqualTo(PublishRejectedException.Cause.BACKPRESSURE));
        assertThat(third).as("40,000 bytes waiting in all").isNotDone();

        stalled.countDown();
        await().atMost(10, TimeUnit.SECONDS).until(() -> first.isDone() && third.isDone());
        assertThat(first).isCompleted();
        assertThat(third).isCompleted();
    }

    @Test
    void asyncPublishStillHeldAfterThePublishTimeoutFailsWithBackPressure() {
        MeshNode node = nodeWithStalledSubscriber(settings -> settings.publishTimeout(Duration.ofMillis(300)));

        CompletableFuture<MessageId> future = node.publishAsync("after", text("too late"), Map.of());

        await().atMost(5, TimeUnit.SECONDS).until(future::isDone);
        assertThatExceptionOfType(CompletionException.class).isThrownBy(future::join)
                .havingCause().isInstanceOf(PublishRejectedException.class)
                .withMessageContaining("peermesh.publish-timeout");
    }

    private MeshNode nodeWithStalledSubscriber(UnaryOperator<MeshSettings.Builder> settings) {
        MeshNode node = mesh.start(s -> settings.apply(s.maxPendingDeliveries(8)), builder -> builder);
        node.subscribe("load", message -> awaitQuietly(stalled));
        await().atMost(10, TimeUnit.SECONDS).until(() -> node.tryPublish("load", new byte[1], Map.of()).status()
                == PublishResult.Status.SUBSCRIBERS_BEHIND);
        return node;
    }
}
