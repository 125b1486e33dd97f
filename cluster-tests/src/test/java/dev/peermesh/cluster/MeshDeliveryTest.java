package dev.peermesh.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Five sample nodes in containers find each other through the resolver server and deliver to each other. */
class MeshDeliveryTest {

    private static MeshCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = MeshCluster.start("delivery", 5);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aMessagePostedOnOneNodeIsDeliveredOnceToEveryOtherNode() {
        String topic = "delivery-" + UUID.randomUUID();
        cluster.node(1).publish(topic, "hello from node1");

        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (ChatNode node : cluster.nodes().subList(1, 5)) {
                assertThat(node.messages(topic)).as("what %s received", node)
                        .singleElement()
                        .satisfies(message -> {
                            assertThat(message.text()).isEqualTo("hello from node1");
                            assertThat(message.origin()).isEqualTo(cluster.node(1).nodeId());
                            assertThat(message.hops()).isPositive();
                        });
            }
        });
    }

    @Test
    void everyNodesMessageReachesEveryNode() {
        String topic = "all-to-all-" + UUID.randomUUID();
        for (ChatNode node : cluster.nodes()) {
            node.publish(topic, "from " + node.name());
        }
        List<String> expected = cluster.nodes().stream().map(node -> "from " + node.name()).toList();

        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (ChatNode node : cluster.nodes()) {
                assertThat(node.texts(topic)).as("what %s received", node)
                        .containsExactlyInAnyOrderElementsOf(expected);
            }
        });
    }
}
