package dev.peermesh;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Twelve real nodes on loopback, joined through one seed: they form a mesh within the neighbour bounds, deliver
 * every message exactly once, and repair themselves when four nodes go away.
 */
class MeshNodeClusterTest {

    private static final Duration SETTLE = Duration.ofSeconds(30);

    @Test
    void twelveNodesDeliverEveryMessageExactlyOnceBeforeAndAfterFourLeave() {
        try (TestMesh mesh = new TestMesh("cluster-12")) {
            MeshNode seed = mesh.start();
            for (int i = 1; i < 12; i++) {
                mesh.start(seed);
            }
            List<MeshNode> all = List.copyOf(mesh.nodes());

            await().atMost(SETTLE).untilAsserted(() -> {
                for (MeshNode node : all) {
                    assertThat(node.state().neighbours().size()).as("neighbours of %s", node.address())
                            .isBetween(node.settings().minNeighbours(), node.settings().maxNeighbours());
                }
                assertThat(TestMesh.connected(all)).as("mesh connected").isTrue();
            });

            List<MeshNode> publishers = List.of(all.get(9), all.get(10), all.get(11));
            List<MessageId> firstRound = publish(publishers, 1_000, "round-1");
            awaitExactlyOnce(mesh, all, firstRound);

            // Two leave gracefully, two vanish by closing all their channels at once.
            all.get(1).stop();
            all.get(2).stop();
            all.get(3).abort();
            all.get(4).abort();
            List<MeshNode> survivors = new ArrayList<>(all.subList(5, 12));
            survivors.add(0, seed);

            await().atMost(SETTLE).untilAsserted(() -> {
                for (MeshNode node : survivors) {
                    assertThat(node.state().neighbours().size()).as("neighbours of %s", node.address())
                            .isGreaterThanOrEqualTo(node.settings().minNeighbours());
                }
                assertThat(TestMesh.connected(survivors)).as("survivors connected among themselves").isTrue();
            });

            List<MessageId> secondRound = publish(publishers, 1_000, "round-2");
            awaitExactlyOnce(mesh, survivors, secondRound);
            for (MeshNode node : survivors) {
                assertThat(mesh.received(node).values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
                assertThat(mesh.received(node)).hasSize(firstRound.size() + secondRound.size());
            }
            assertThat(survivors).anySatisfy(node -> assertThat(node.state().counters().linksClosed())
                    .containsKey(dev.peermesh.wire.Reason.LEAVING));
        }
    }

    private static List<MessageId> publish(List<MeshNode> publishers, int each, String topic) {
        List<MessageId> ids = new ArrayList<>();
        for (int i = 0; i < each; i++) {
            for (MeshNode publisher : publishers) {
                byte[] payload = (topic + " message " + i + " from " + publisher.address())
                        .getBytes(StandardCharsets.UTF_8);
                ids.add(publisher.publish(topic, payload, Map.of("index", Integer.toString(i))));
            }
        }
        return ids;
    }

    private static void awaitExactlyOnce(TestMesh mesh, List<MeshNode> nodes, List<MessageId> ids) {
        await().atMost(SETTLE).untilAsserted(() -> {
            for (MeshNode node : nodes) {
                assertThat(mesh.received(node).keySet()).as("messages at %s", node.address()).containsAll(ids);
            }
        });
        for (MeshNode node : nodes) {
            Map<MessageId, AtomicInteger> counts = mesh.received(node);
            for (MessageId id : ids) {
                assertThat(counts.get(id).get()).as("deliveries of %s at %s", id, node.address()).isEqualTo(1);
            }
        }
    }
}
