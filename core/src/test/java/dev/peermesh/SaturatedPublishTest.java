package dev.peermesh;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every node publishing as fast as it is allowed: publishers are pushed back (never silently dropped), links stay up,
 * and every message reaches every other node exactly once — the batching, back-pressure and per-origin trees under
 * the load the benchmark puts on them. (Order is not promised: in tree mode a payload kept off a congested link is
 * pulled later, after ones that went on.)
 */
class SaturatedPublishTest {

    private static final int NODES = 3;

    private static final int PER_NODE = 4_000;

    @ParameterizedTest
    @EnumSource(DisseminationMode.class)
    void everyNodePublishingFlatOutLosesNothing(DisseminationMode mode) throws Exception {
        try (TestMesh mesh = new TestMesh("saturated-" + mode)) {
            MeshNode first = mesh.start(settings -> settings.dissemination(mode).linkHighWaterBytes(64 * 1024),
                    builder -> builder);
            for (int i = 1; i < NODES; i++) {
                mesh.start(settings -> settings.dissemination(mode).linkHighWaterBytes(64 * 1024),
                        builder -> builder, first);
            }
            await().atMost(10, TimeUnit.SECONDS).until(() -> mesh.nodes().stream()
                    .allMatch(node -> node.state().neighbors().size() == NODES - 1));

            AtomicInteger pushedBack = new AtomicInteger();
            List<Thread> publishers = mesh.nodes().stream().map(node -> new Thread(() -> {
                byte[] payload = new byte[1024];
                for (int n = 0; n < PER_NODE; n++) {
                    while (true) {
                        try {
                            node.publish("load", payload, Map.of());
                            break;
                        }
                        catch (PublishRejectedException ex) {
                            assertThat(ex.cause()).isEqualTo(PublishRejectedException.Cause.BACKPRESSURE);
                            pushedBack.incrementAndGet();
                            LockSupport.parkNanos(50_000);
                        }
                    }
                }
            })).toList();
            publishers.forEach(Thread::start);
            for (Thread publisher : publishers) {
                publisher.join(60_000);
            }

            int expected = (NODES - 1) * PER_NODE;
            for (MeshNode node : mesh.nodes()) {
                await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(fromOthers(mesh, node))
                        .as(() -> mode + ": " + mesh.describe(node))
                        .hasSize(expected));
                assertThat(mesh.received(node).values()).allSatisfy(count -> assertThat(count).hasValue(1));
                NodeState.Counters counters = node.state().counters();
                assertThat(counters.lost()).isZero();
                assertThat(counters.deliveryOverflows()).isZero();
                assertThat(counters.linksClosed()).as("no link was cut as too slow").isEmpty();
            }
            System.out.printf("%s: %d publishes pushed back and retried%n", mode, pushedBack.get());
        }
    }

    private static List<MeshMessage> fromOthers(TestMesh mesh, MeshNode node) {
        return mesh.messages(node).stream().filter(m -> m.id().origin() != node.nodeId()).toList();
    }
}
