package dev.peermesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Late-joiner catch-up on real nodes over loopback TCP: a node started after 500 messages were published delivers
 * them, replayed, and then the live ones, each once; only the topics it asks for; nothing without catch-up.
 */
class LateJoinerCatchUpTest {

    private static final CatchUpSettings ALL = CatchUpSettings.enabled(List.of(CatchUpSettings.Topics.ALL));

    @ParameterizedTest
    @EnumSource(DeliveryOrder.class)
    void aNodeStartedAfter500MessagesDeliversThemReplayedThenTheLiveOnesEachOnce(DeliveryOrder order) {
        try (TestMesh mesh = new TestMesh("catch-up-" + order.name().toLowerCase())) {
            MeshNode publisher = mesh.start();
            MeshNode relay = mesh.start(s -> s.ordering(order), b -> b, publisher);
            await().atMost(Duration.ofSeconds(10)).until(() -> TestMesh.connected(List.of(publisher, relay)));
            for (int i = 1; i <= 500; i++) {
                publisher.publish("orders.eu", bytes("before " + i), Map.of());
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(mesh.received(relay)).hasSize(500));

            MeshNode late = mesh.start(s -> s.ordering(order).catchUp(ALL), b -> b, publisher, relay);
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(mesh.received(late)).as(mesh.describe(late)).hasSize(500));
            for (int i = 1; i <= 100; i++) {
                publisher.publish("orders.eu", bytes("after " + i), Map.of());
            }
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(mesh.received(late)).as(mesh.describe(late)).hasSize(600));

            assertThat(mesh.received(late).values()).extracting(AtomicInteger::get).containsOnly(1);
            List<MeshMessage> delivered = mesh.messages(late);
            assertThat(delivered).filteredOn(MeshMessage::isReplayed).extracting(m -> m.id().sequence())
                    .as("the 500 published before it started, replayed")
                    .containsExactlyInAnyOrderElementsOf(range(1, 500));
            assertThat(delivered).filteredOn(m -> !m.isReplayed()).extracting(m -> m.id().sequence())
                    .as("the 100 after, live").containsExactlyInAnyOrderElementsOf(range(501, 600));
            if (order == DeliveryOrder.FIFO) {
                assertThat(delivered).extracting(m -> m.id().sequence()).isEqualTo(range(1, 600));
            }
            NodeState.CatchUp counters = late.state().counters().catchUp();
            assertThat(counters.started()).isEqualTo(1);
            assertThat(counters.replayed()).isEqualTo(500);
            // each neighbor asked (one or both, as they came up) replayed what it held: beyond the 500 taken, only
            // duplicates, or replays that came after the catch-up ended (a link replaced meanwhile)
            long served = publisher.state().counters().catchUp().served()
                    + relay.state().counters().catchUp().served();
            assertThat(served).isBetween(500L, 1_000L);
            assertThat(counters.duplicates() + counters.unasked()).isLessThanOrEqualTo(served - 500);
        }
    }

    @Test
    void aNodeCatchesUpOnlyOnTheTopicsItAsksForAndAtMostAsManyAsItAsks() {
        try (TestMesh mesh = new TestMesh("catch-up-topics")) {
            MeshNode publisher = mesh.start();
            for (int i = 1; i <= 300; i++) {
                publisher.publish(i % 2 == 0 ? "orders.eu" : "news", bytes("m" + i), Map.of());
            }
            CatchUpSettings orders = new CatchUpSettings(true,
                    List.of(new CatchUpSettings.Topics("orders.*", Duration.ofMinutes(1), 100)), 1,
                    Duration.ofSeconds(10));

            MeshNode late = mesh.start(s -> s.catchUp(orders), b -> b, publisher);

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> late.state().counters().catchUp().started() == 1 && mesh.received(late).size() == 100);
            assertThat(mesh.messages(late)).extracting(m -> m.id().sequence())
                    .as("the newest 100 on orders.*, none on news")
                    .containsExactlyInAnyOrderElementsOf(range(101, 300).stream().filter(s -> s % 2 == 0).toList());
            assertThat(mesh.messages(late)).allSatisfy(m -> assertThat(m.topic()).isEqualTo("orders.eu"));
        }
    }

    @Test
    void aNodeWithoutCatchUpDeliversOnlyWhatIsPublishedAfterItJoined() {
        try (TestMesh mesh = new TestMesh("no-catch-up")) {
            MeshNode publisher = mesh.start();
            for (int i = 1; i <= 50; i++) {
                publisher.publish("t", bytes("before " + i), Map.of());
            }
            MeshNode late = mesh.start(publisher);
            await().atMost(Duration.ofSeconds(10)).until(() -> TestMesh.connected(List.of(publisher, late)));

            publisher.publish("t", bytes("after"), Map.of());

            await().atMost(Duration.ofSeconds(10)).until(() -> mesh.delivered(late, "t"));
            assertThat(mesh.messages(late)).extracting(MeshMessage::text).containsExactly("after");
            assertThat(late.state().counters().catchUp()).isEqualTo(NodeState.CatchUp.NONE);
        }
    }

    private static List<Long> range(long from, long to) {
        return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
