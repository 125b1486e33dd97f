package dev.peermesh.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A node of five crashes while another publishes a stream of messages; the survivors lose none of them. */
class NodeLossTest {

    private static final int MESSAGES = 300;

    /** One message every 20 ms: the stream lasts 6 s, as long as the keepalive takes to notice the dead node. */
    private static final long PERIOD_MILLIS = 20;

    private static final int KILL_AFTER = MESSAGES / 4;

    private static MeshCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = MeshCluster.start("node-loss", 5);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everySurvivingNodeDeliversEveryMessageOfAStreamDuringWhichANodeIsKilled() {
        String topic = "stream-" + UUID.randomUUID();
        ChatNode publisher = cluster.node(1);
        ChatNode victim = cluster.node(3);
        List<ChatNode> survivors = cluster.nodes().stream().filter(node -> node != victim).toList();
        awaitMeshFormed(topic);

        List<String> sent = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        ScheduledExecutorService stream = Executors.newSingleThreadScheduledExecutor();
        try {
            stream.scheduleAtFixedRate(() -> {
                int i = next.getAndIncrement();
                if (i >= MESSAGES) {
                    return;
                }
                try {
                    if (i == KILL_AFTER) {
                        cluster.kill(victim);
                    }
                    String text = "message " + i;
                    publisher.publish(topic, text);
                    sent.add(text);
                }
                catch (RuntimeException ex) {
                    failures.add(ex);
                }
                finally {
                    finished.incrementAndGet();
                }
            }, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofMinutes(1)).until(() -> finished.get() >= MESSAGES);
        }
        finally {
            stream.shutdownNow();
        }
        assertThat(failures).as("failures while publishing or killing").isEmpty();
        List<String> expected = IntStream.range(0, MESSAGES).mapToObj(i -> "message " + i).toList();
        assertThat(sent).containsExactlyInAnyOrderElementsOf(expected);

        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            for (ChatNode node : survivors) {
                assertThat(node.texts(topic)).as("what %s received", node)
                        .containsExactlyInAnyOrderElementsOf(expected);
            }
        });
    }

    /** Every node hears a first message, so the stream starts on a formed mesh, not on one still joining. */
    private static void awaitMeshFormed(String topic) {
        cluster.node(1).publish(topic + "-warm-up", "warm-up");
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (ChatNode node : cluster.nodes()) {
                assertThat(node.texts(topic + "-warm-up")).as("what %s received", node).containsExactly("warm-up");
            }
        });
    }
}
