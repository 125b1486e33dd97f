package dev.peermesh.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Network;

/**
 * The network of five nodes is cut in two halves, each going on as a mesh of its own, and then healed: the mesh
 * forms again across the cut — with the resolver server stopped before the cut, so the halves find each other only
 * through the neighbors each node lost across it and keeps dialling again ({@code peermesh.dial-backoff.lost-peers}).
 * The time it takes is printed, not asserted (timings belong in benchmarks).
 */
class PartitionHealTest {

    private static MeshCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = MeshCluster.start("partition", 5);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void meshCutInTwoHalvesFormsAgainAfterHealingAndDeliversEveryLaterMessageToEveryNode() {
        String topic = "partition-" + UUID.randomUUID();
        List<ChatNode> sideA = cluster.nodes().subList(0, 3);     // with the resolver server
        List<ChatNode> sideB = cluster.nodes().subList(3, 5);
        awaitEveryNodeReceives(cluster.nodes(), topic, cluster.node(1), "before the cut");
        Map<String, ChatNode> byId = new HashMap<>();
        cluster.nodes().forEach(node -> byId.put(node.nodeId(), node));
        cluster.stopResolver();

        long cutAt = System.nanoTime();
        Network cut = cluster.partition(sideB);
        await("each half keeps only neighbors of its own").atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    assertNeighborsWithin(sideA, byId);
                    assertNeighborsWithin(sideB, byId);
                });
        System.out.printf("Partition: each half dropped its links across the cut %.1f s after it was made%n",
                seconds(System.nanoTime() - cutAt));
        awaitEveryNodeReceives(sideA, topic, cluster.node(1), "side A during the cut");
        awaitEveryNodeReceives(sideB, topic, cluster.node(4), "side B during the cut");

        cluster.heal(sideB, cut); // Docker's network calls: the halves reach each other once they return
        long healedAt = System.nanoTime();
        Probes probes = new Probes(topic + "-probe", cluster.node(1), cluster.node(4));
        await("a message from each half reaches every node").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> probes.sendAndCheck(cluster.nodes()));
        System.out.printf("Partition healed, resolver stopped: the mesh formed again %.1f s after the halves were "
                + "reconnected (the first probe to reach all %d nodes was published then; seen everywhere %.1f s after "
                + "healing)%n",
                seconds(probes.firstDeliveredPublishedAt() - healedAt), cluster.nodes().size(),
                seconds(probes.confirmedAt() - healedAt));

        String after = topic + "-after";
        List<String> expected = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            for (ChatNode node : cluster.nodes()) {
                String text = node.name() + " after healing " + round;
                node.publish(after, text);
                expected.add(text);
            }
        }
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (ChatNode node : cluster.nodes()) {
                assertThat(node.texts(after)).as("what %s received after healing", node)
                        .containsExactlyInAnyOrderElementsOf(expected);
            }
        });
    }

    private static void awaitEveryNodeReceives(List<ChatNode> nodes, String topic, ChatNode publisher, String text) {
        publisher.publish(topic, text);
        await(text).atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (ChatNode node : nodes) {
                assertThat(node.texts(topic)).as("what %s received", node).contains(text);
            }
        });
    }

    private static void assertNeighborsWithin(List<ChatNode> side, Map<String, ChatNode> byId) {
        for (ChatNode node : side) {
            Set<ChatNode> neighbors = node.neighborIds().stream().map(byId::get).collect(Collectors.toSet());
            assertThat(side).as("%s's neighbors %s", node, neighbors).containsAll(neighbors);
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
