package dev.peermesh;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Twelve real nodes on loopback, joined through one seed: they form a mesh within the neighbor bounds, deliver
 * every message exactly once, and repair themselves when four nodes go away.
 */
class MeshNodeClusterTest {

    private static final Duration SETTLE = Duration.ofSeconds(30);

    @ParameterizedTest
    @EnumSource(DisseminationMode.class)
    void twelveNodesDeliverEveryMessageExactlyOnceBeforeAndAfterFourLeave(DisseminationMode mode) {
        try (TestMesh mesh = new TestMesh("cluster-12")) {
            UnaryOperator<MeshSettings.Builder> settings = s -> s.dissemination(mode);
            MeshNode seed = mesh.start(settings, UnaryOperator.identity());
            for (int i = 1; i < 12; i++) {
                mesh.start(settings, UnaryOperator.identity(), seed);
            }
            List<MeshNode> all = List.copyOf(mesh.nodes());

            await().atMost(SETTLE).untilAsserted(() -> {
                for (MeshNode node : all) {
                    assertThat(node.state().neighbors().size()).as("neighbors of %s", node.address())
                            .isBetween(node.settings().neighbors().min(), node.settings().neighbors().max());
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
                    assertThat(node.state().neighbors().size()).as("neighbors of %s", node.address())
                            .isGreaterThanOrEqualTo(node.settings().neighbors().min());
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
                    .containsKey(CloseReason.LEAVING));
        }
    }

    @ParameterizedTest
    @EnumSource(DisseminationMode.class)
    void whenHalfOfSixteenNodesDieAtOnceEverySurvivorDeliversEveryLaterMessage(DisseminationMode mode) {
        try (TestMesh mesh = new TestMesh("half-of-16")) {
            UnaryOperator<MeshSettings.Builder> settings = s -> s.dissemination(mode);
            MeshNode seed = mesh.start(settings, UnaryOperator.identity());
            for (int i = 1; i < 16; i++) {
                mesh.start(settings, UnaryOperator.identity(), seed);
            }
            List<MeshNode> all = List.copyOf(mesh.nodes());
            await().atMost(SETTLE).until(() -> TestMesh.connected(all)
                    && all.stream().allMatch(node -> node.state().neighbors().size() >= 2));

            List<MeshNode> survivors = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                if (i % 2 == 1) {
                    all.get(i).abort();
                }
                else {
                    survivors.add(all.get(i));
                }
            }
            await().atMost(SETTLE).until(() -> TestMesh.connected(survivors));

            List<MessageId> after = publish(List.of(survivors.get(1), survivors.get(4), survivors.get(7)), 300,
                    "after-failure");
            awaitExactlyOnce(mesh, survivors, after);
        }
    }

    private static List<MessageId> publish(List<MeshNode> publishers, int each, String topic) {
        List<MessageId> ids = new ArrayList<>();
        for (int i = 0; i < each; i++) {
            for (MeshNode publisher : publishers) {
                byte[] payload = (topic + " message " + i + " from " + publisher.address())
                        .getBytes(StandardCharsets.UTF_8);
                ids.add(publishPatiently(publisher, topic, payload, i));
            }
        }
        return ids;
    }

    /** As a publisher should: slows down and tries again when the node pushes back. */
    private static MessageId publishPatiently(MeshNode publisher, String topic, byte[] payload, int index) {
        while (true) {
            try {
                return publisher.publish(topic, payload, Map.of("index", Integer.toString(index)));
            }
            catch (PublishRejectedException ex) {
                assertThat(ex.cause()).isEqualTo(PublishRejectedException.Cause.BACKPRESSURE);
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
        }
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
