package dev.peermesh;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Credits up an origin's tree over real sockets: in a line publisher — relay(s) — stalled node, the last relay's link
 * to the stalled node fills while the publisher's own link stays clear (relays never stop reading); the relay pauses
 * the publisher through its tree (through the relay between, with two), so the publisher is held back
 * ({@code TREE_CONGESTED}) instead of having its payloads piled on the relay's link, and it goes on once the stalled
 * node reads again. Nothing is lost or delivered twice.
 */
class TreeCreditsTest {

    @ParameterizedTest(name = "{0} relays")
    @ValueSource(ints = {1, 2})
    void aRelayWhoseChildStallsPausesThePublisherUpTheTreeUntilItReadsAgain(int relays) throws Exception {
        try (TestMesh mesh = new TestMesh("tree-credits-" + relays)) {
            int length = relays + 2;
            List<MeshNode> line = Chain.built(mesh, length, i -> settings -> i == length - 1
                    ? settings.maxPendingDeliveries(200) : settings.linkHighWaterBytes(64 * 1024),
                    i -> UnaryOperator.identity());
            MeshNode publisher = line.get(0);
            MeshNode relay = line.get(length - 2); // the one whose link to the stalled node fills
            MeshNode stalledNode = line.get(length - 1);
            CountDownLatch stall = new CountDownLatch(1);
            stalledNode.subscribe("load", message -> {
                try {
                    stall.await();
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            });

            byte[] payload = new byte[4096];
            int[] accepted = {0};
            await().atMost(30, TimeUnit.SECONDS).pollInterval(java.time.Duration.ofMillis(1)).until(() -> {
                PublishResult result = publisher.tryPublish("load", payload, Map.of());
                if (result.accepted()) {
                    accepted[0]++;
                }
                return result.status() == PublishResult.Status.TREE_CONGESTED;
            });
            // paused for longer than a pause's lease: the relay repeats it while its link stays full
            await().during(3 * 200, TimeUnit.MILLISECONDS).atMost(5, TimeUnit.SECONDS).until(() ->
                    publisher.tryPublish("load", payload, Map.of()).status() == PublishResult.Status.TREE_CONGESTED);
            assertThat(relay.state().counters().payloadsOverCap()).as("nothing announced for being over the cap")
                    .isZero();
            assertThat(relay.state().counters().treePauses()).as("the relay paused the publisher").isPositive();

            stall.countDown();
            await().atMost(30, TimeUnit.SECONDS).until(() -> {
                PublishResult result = publisher.tryPublish("load", payload, Map.of());
                if (result.accepted()) {
                    accepted[0]++;
                }
                return result.accepted();
            });

            int published = accepted[0];
            await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(mesh.received(stalledNode))
                    .as(() -> mesh.describe(stalledNode)).hasSize(published));
            assertThat(mesh.received(stalledNode).values()).allSatisfy(count -> assertThat(count).hasValue(1));
            for (int i = 1; i < length - 1; i++) {
                assertThat(mesh.received(line.get(i))).as("relay %d", i).hasSize(published);
            }
            assertThat(stalledNode.state().counters().lost()).isZero();
            assertThat(relay.state().counters().linksClosed()).isEmpty();
        }
    }
}
