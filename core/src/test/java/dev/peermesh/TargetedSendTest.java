package dev.peermesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

/**
 * Sending to one node on six real nodes in a line, so the first and the last are five links apart: only the target
 * delivers the message, the sender learns it arrived, an unknown target fails the send, and a targeted message
 * comes in order with its origin's broadcasts.
 */
class TargetedSendTest {

    @Test
    void onlyTheTargetDeliversAMessageSentToItAndTheSenderIsToldItArrived() throws Exception {
        try (TestMesh mesh = new TestMesh("send")) {
            List<MeshNode> line = Chain.of(mesh, 6, b -> b);
            MeshNode sender = line.get(0);
            MeshNode target = line.get(5);

            MessageId id = sender.send(target.nodeId(), "direct", bytes("for 5 only"), Map.of("k", "v"))
                    .get(10, TimeUnit.SECONDS);

            assertThat(id.origin()).isEqualTo(sender.nodeId());
            assertThat(mesh.messages(target)).singleElement().satisfies(message -> {
                assertThat(message.id()).isEqualTo(id);
                assertThat(message.text()).isEqualTo("for 5 only");
                assertThat(message.headers()).containsEntry("k", "v")
                        .containsEntry(MeshMessage.TARGET_HEADER, NodeId.format(target.nodeId()));
            });
            // the target's receipt came back over the same line: every node has seen both by now
            for (MeshNode other : line.subList(0, 5)) {
                assertThat(mesh.messages(other)).as("deliveries at %s", NodeId.format(other.nodeId())).isEmpty();
            }
            assertThat(sender.state().counters().requests()).satisfies(requests -> {
                assertThat(requests.sent()).isEqualTo(1);
                assertThat(requests.answered()).isEqualTo(1);
                assertThat(requests.pending()).isZero();
            });
        }
    }

    @Test
    void aSendToANodeNotInTheMeshFailsAfterItsTimeout() {
        try (TestMesh mesh = new TestMesh("send-unknown")) {
            List<MeshNode> line = Chain.of(mesh, 2, b -> b);

            var sent = line.get(0).send(0x1234_5678L, "direct", bytes("nobody"), Map.of(), Duration.ofMillis(500));

            assertThatThrownBy(() -> sent.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("did not confirm the message on topic 'direct' within PT0.5S");
            assertThat(mesh.messages(line.get(1))).isEmpty();
            assertThat(line.get(0).state().counters().requests().timedOut()).isEqualTo(1);
        }
    }

    @Test
    void aTargetedMessageComesInOrderWithItsOriginsBroadcasts() throws Exception {
        try (TestMesh mesh = new TestMesh("send-order")) {
            List<MeshNode> line = Chain.built(mesh, 3, i -> settings -> settings.ordering(DeliveryOrder.FIFO),
                    i -> b -> b);
            MeshNode sender = line.get(0);
            MeshNode target = line.get(2);
            for (int i = 0; i < 200; i++) {
                if (i % 10 == 5) {
                    sender.send(target.nodeId(), "t", bytes("direct " + i), Map.of());
                }
                else {
                    sender.publish("t", bytes("all " + i), Map.of());
                }
            }
            await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                    assertThat(mesh.messages(target)).hasSize(200));
            List<Long> sequences = mesh.messages(target).stream().map(m -> m.id().sequence()).toList();
            assertThat(sequences).isSorted().doesNotHaveDuplicates();
            assertThat(mesh.messages(line.get(1))).hasSize(180);
        }
    }

    @Test
    void aMessageForANeighborGoesStraightToItInOrderWithTheBroadcastsAndNoOtherNodeSeesAGap() {
        try (TestMesh mesh = new TestMesh("send-straight")) {
            List<MeshNode> line = Chain.built(mesh, 3, i -> settings -> settings.ordering(DeliveryOrder.FIFO),
                    i -> b -> b);
            MeshNode other = line.get(0);
            MeshNode sender = line.get(1);
            MeshNode target = line.get(2);
            for (int i = 0; i < 200; i++) {
                if (i % 10 == 5) {
                    sender.send(target.nodeId(), "t", bytes("direct " + i), Map.of());
                }
                else {
                    sender.publish("t", bytes("all " + i), Map.of());
                }
            }

            await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
                assertThat(mesh.messages(target)).hasSize(200);
                assertThat(mesh.messages(other)).hasSize(180);
                assertThat(sender.state().counters().requests().answered()).isEqualTo(20);
            });
            assertThat(mesh.messages(target)).extracting(m -> m.id().sequence()).isSorted().doesNotHaveDuplicates();
            assertThat(mesh.messages(target)).filteredOn(m -> m.text().startsWith("direct")).hasSize(20)
                    .allSatisfy(m -> assertThat(m.headers()).doesNotContainKey(MeshMessage.DIRECT_HEADER));
            assertThat(sender.state().counters().direct().sent()).as("straight on the link to the target")
                    .isEqualTo(20);
            assertThat(target.state().counters().direct().received()).isEqualTo(20);
            assertThat(other.state().counters().lost()).as("the markers filled the sender's numbers").isZero();
            assertThat(target.state().counters().lost()).isZero();
        }
    }

    @Test
    void repliesAndRequestsBetweenNodesFiveLinksApartGoStraightOnceTheAnsweringNodeOpenedADirectLink()
            throws Exception {
        try (TestMesh mesh = new TestMesh("send-direct-link")) {
            List<MeshNode> line = Chain.of(mesh, 6, b -> b);
            MeshNode asking = line.get(0);
            MeshNode answering = line.get(5);
            answering.subscribe("price", request -> answering.reply(request, bytes("42"), Map.of()));

            MeshMessage first = asking.request(answering.nodeId(), "price", bytes("?"), Map.of(),
                    Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
            assertThat(first.text()).isEqualTo("42");
            // the request told the answering node where the asking one listens: it opened a direct link to it
            await().atMost(10, TimeUnit.SECONDS).until(() -> asking.state().counters().direct().sent() > 0
                    || sendStraight(asking, answering));
            for (int i = 0; i < 20; i++) {
                MeshMessage reply = asking.request(answering.nodeId(), "price", bytes("?" + i), Map.of(),
                        Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
                assertThat(reply.text()).isEqualTo("42");
            }

            assertThat(asking.state().counters().direct().sent()).as("requests sent straight").isGreaterThan(19);
            assertThat(answering.state().counters().direct().sent()).as("replies sent straight").isGreaterThan(19);
            assertThat(answering.state().counters().direct().received()).isGreaterThan(19);
            for (MeshNode between : line.subList(1, 5)) {
                assertThat(mesh.messages(between)).as("deliveries at a node between").isEmpty();
                assertThat(between.state().counters().lost()).isZero();
            }
            assertThat(asking.state().neighbors()).extracting(Neighbor::nodeId).doesNotContain(answering.nodeId());
        }
    }

    /** Whether a request from {@code asking} to {@code answering} now goes straight (it sends one to find out). */
    private static boolean sendStraight(MeshNode asking, MeshNode answering) throws Exception {
        long before = asking.state().counters().direct().sent();
        asking.request(answering.nodeId(), "price", bytes("probe"), Map.of(), Duration.ofSeconds(10))
                .get(10, TimeUnit.SECONDS);
        return asking.state().counters().direct().sent() > before;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
