package dev.peermesh;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A subscriber that falls behind slows the mesh down instead of losing messages: once half of
 * {@code max-pending-deliveries} waits, its node stops reading its links, and what its neighbors send waits in their
 * congested links (a publisher linked to it directly is pushed back); when the subscriber catches up, everything
 * arrives, once, and nothing was given up as lost while the links were not read.
 */
class SlowSubscriberTest {

    private static final int MESSAGES = 4_000;

    @ParameterizedTest
    @EnumSource(DisseminationMode.class)
    void aStalledSubscriberPushesThePublisherBackAndMissesNothing(DisseminationMode mode)
            throws Exception {
        try (TestMesh mesh = new TestMesh("slow-subscriber-" + mode)) {
            // a short publish queue, so a held queue shows as BACKPRESSURE rather than absorbing the whole run, and
            // no publish timeout, so the publisher is turned away at once and counts it rather than waiting
            MeshNode publisher = mesh.start(settings -> settings.dissemination(mode).linkHighWaterBytes(64 * 1024)
                    .maxPendingPublishes(100).publishTimeout(Duration.ZERO), builder -> builder);
            MeshNode relay = mesh.start(settings -> settings.dissemination(mode), builder -> builder, publisher);
            MeshNode slow = mesh.start(settings -> settings.dissemination(mode).maxPendingDeliveries(200),
                    builder -> builder, publisher, relay);
            await().atMost(10, TimeUnit.SECONDS).until(() -> slow.state().neighbors().size() == 2);
            CountDownLatch stalled = new CountDownLatch(1);
            slow.subscribe("load", message -> {
                try {
                    stalled.await();
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            });

            AtomicInteger pushedBack = new AtomicInteger();
            Thread publishing = new Thread(() -> {
                byte[] payload = new byte[4096];
                for (int n = 0; n < MESSAGES; n++) {
                    while (true) {
                        try {
                            publisher.publish("load", payload, Map.of());
                            break;
                        }
                        catch (PublishRejectedException ex) {
                            pushedBack.incrementAndGet();
                            LockSupport.parkNanos(100_000);
                        }
                    }
                }
            });
            publishing.start();

            // flooding sends every payload on the publisher's own link to the stalled node, so the publisher is
            // pushed back; a tree may reach it through the relay, whose link then congests instead (relays do not
            // push back on publishers: the stalled node pulls what it missed once it reads again)
            await().atMost(30, TimeUnit.SECONDS).until(() -> pushedBack.get() > 0 || !publishing.isAlive());
            if (mode == DisseminationMode.FLOOD) {
                assertThat(pushedBack).as("publisher pushed back by its congested link").hasPositiveValue();
            }
            // the stall goes on for 2 s more: longer than a tree's repair gives a message announced but not read
            // (graft timeout × attempts) and than the keepalive allows (3 × 500 ms); while the links are not read,
            // nothing may count as lost and no link may be given up
            await().during(2, TimeUnit.SECONDS).atMost(5, TimeUnit.SECONDS).until(() -> {
                NodeState.Counters stalledCounters = slow.state().counters();
                return stalledCounters.lost() == 0 && stalledCounters.linksClosed().isEmpty();
            });
            assertThat(slow.state().counters().deliveryOverflows()).isZero();
            stalled.countDown();
            publishing.join(60_000);

            await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(mesh.received(slow))
                    .as(() -> mode + ": " + mesh.describe(slow)).hasSize(MESSAGES));
            assertThat(mesh.received(slow).values()).allSatisfy(count -> assertThat(count).hasValue(1));
            NodeState.Counters counters = slow.state().counters();
            assertThat(counters.deliveryOverflows()).isZero();
            assertThat(counters.lost()).isZero();
            assertThat(counters.linksClosed()).isEmpty();
            assertThat(publisher.state().counters().linksClosed()).isEmpty();
        }
    }
}
