package dev.peermesh;

import dev.peermesh.protocol.link.MeshKey;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.Reason;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A node's life as its user sees it: online and offline, neighbor events, keepalive, stop and the errors of
 * misuse.
 */
class MeshNodeLifecycleTest {

    @Test
    void listenersHearOnlineNeighborUpThenNeighborDownAndOfflineWithTheReason() {
        try (TestMesh mesh = new TestMesh("lifecycle")) {
            MeshNode first = mesh.start();
            List<String> heard = new CopyOnWriteArrayList<>();
            first.addListener(new MeshListener() {
                @Override
                public void online() {
                    heard.add("online");
                }

                @Override
                public void offline() {
                    heard.add("offline");
                }

                @Override
                public void neighborUp(Neighbor neighbor) {
                    heard.add("up " + neighbor.nodeId());
                }

                @Override
                public void neighborDown(Neighbor neighbor, CloseReason reason, String detail) {
                    heard.add("down " + neighbor.nodeId() + " " + reason);
                }
            });
            MeshNode second = mesh.start(first);
            await().until(() -> heard.size() == 2);
            assertThat(first.state().online()).isTrue();

            second.stop();

            await().until(() -> heard.size() == 4);
            assertThat(heard).containsExactly("online", "up " + second.nodeId(),
                    "down " + second.nodeId() + " LEAVING", "offline");
            assertThat(first.state().online()).isFalse();
        }
    }

    @Test
    void neighborThatFallsSilentIsDroppedByKeepalive() throws Exception {
        try (TestMesh mesh = new TestMesh("keepalive")) {
            MeshNode node = mesh.start();
            MeshKey key = MeshKey.derive("keepalive", TestMesh.PASSWORD);
            long peerId = 0x5151L;
            try (RawPeer peer = new RawPeer(node.address())) {
                peer.joinAsNeighbor("keepalive", key, peerId, node.nodeId());
                assertThat(peer.receive(Frame.Ping.class)).as("the node probes its neighbor").isNotNull();

                // Never answer: after three silent keepalive intervals the node gives up on the link.
                Frame.Disconnect disconnect = peer.receive(Frame.Disconnect.class);
                assertThat(disconnect.reason()).isEqualTo(Reason.KEEPALIVE_TIMEOUT);
                assertThat(peer.closedByNode()).isTrue();
            }
            assertThat(node.state().counters().linksClosed()).containsEntry(CloseReason.KEEPALIVE_TIMEOUT, 1L);
        }
    }

    @Test
    void stoppedNodeRejectsPublishesKeepsItsLastStateAndCanStartAgainWhereItLeftOff() {
        try (TestMesh mesh = new TestMesh("stopped")) {
            MeshNode peer = mesh.start();
            MeshNode node = mesh.start(peer);
            await().until(() -> node.state().online());
            MessageId first = node.publish("t", "x".getBytes(StandardCharsets.UTF_8), Map.of());
            await().until(() -> mesh.received(peer).containsKey(first));

            node.stop();
            node.stop();

            assertThat(node.isRunning()).isFalse();
            assertThat(node.state().running()).isFalse();
            assertThat(node.state().counters().published()).isEqualTo(1);
            assertThatThrownBy(() -> node.publish("t", new byte[0], Map.of()))
                    .isInstanceOfSatisfying(PublishRejectedException.class,
                            ex -> assertThat(ex.cause()).isEqualTo(PublishRejectedException.Cause.NOT_RUNNING))
                    .hasMessageContaining("not running");

            node.start();
            await().until(() -> node.state().online());
            MessageId second = node.publish("t", "y".getBytes(StandardCharsets.UTF_8), Map.of());

            assertThat(second.origin()).as("same node id").isEqualTo(first.origin());
            assertThat(second.sequence()).as("numbering goes on").isGreaterThan(first.sequence());
            await().until(() -> mesh.received(peer).containsKey(second));
            await().until(() -> mesh.received(node).containsKey(second));
        }
    }

    @Test
    void cancelledSubscriptionReceivesNothingMore() {
        try (TestMesh mesh = new TestMesh("subscriptions")) {
            MeshNode node = mesh.start();
            List<String> orders = new CopyOnWriteArrayList<>();
            Subscription subscription = node.subscribe("orders.*", message -> orders.add(message.text()));

            node.publish("orders.eu", "first".getBytes(StandardCharsets.UTF_8), Map.of());
            node.publish("news", "ignored".getBytes(StandardCharsets.UTF_8), Map.of());
            await().until(() -> orders.size() == 1);
            subscription.cancel();
            node.publish("orders.us", "second".getBytes(StandardCharsets.UTF_8), Map.of());
            node.publish("marker", new byte[0], Map.of());
            await().until(() -> mesh.delivered(node, "marker"));

            assertThat(orders).containsExactly("first");
        }
    }

    @Test
    void publishedTextArrivesAsUtf8WithThePlainTextContentTypeUnlessTheHeadersNameAnother() {
        try (TestMesh mesh = new TestMesh("text")) {
            MeshNode node = mesh.start();
            List<MeshMessage> received = new CopyOnWriteArrayList<>();
            node.subscribe("orders.*", received::add);

            node.publish("orders.eu", "order 42 \u2713", Map.of("region", "eu"));
            node.publish("orders.us", "{\"id\":43}", Map.of(MeshMessage.CONTENT_TYPE_HEADER, "application/json"));
            await().until(() -> received.size() == 2);

            assertThat(received.get(0).text()).isEqualTo("order 42 \u2713");
            assertThat(received.get(0).headers()).containsEntry("region", "eu")
                    .containsEntry(MeshMessage.CONTENT_TYPE_HEADER, "text/plain;charset=UTF-8");
            assertThat(received.get(1).headers()).containsEntry(MeshMessage.CONTENT_TYPE_HEADER, "application/json");
        }
    }

    @Test
    void invalidTopicPatternIsRefusedWithTheRule() {
        try (TestMesh mesh = new TestMesh("patterns")) {
            MeshNode node = mesh.start();
            assertThatThrownBy(() -> node.subscribe("orders.*.eu", message -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only as the last character");
        }
    }
}
