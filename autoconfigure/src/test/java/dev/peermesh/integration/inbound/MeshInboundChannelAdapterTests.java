package dev.peermesh.integration.inbound;

import dev.peermesh.MeshNode;
import dev.peermesh.integration.MeshHeaders;
import dev.peermesh.integration.MeshPayloadCodec;
import dev.peermesh.integration.Standalone;
import dev.peermesh.integration.TwoNodeMesh;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.MessageConversionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Specification of {@link MeshInboundChannelAdapter}: what a real node delivers reaches a channel, on the adapter's
 * topics and as its payload type. Messages travel one link in order, so a message that arrives after another proves
 * the earlier one was handled first.
 */
class MeshInboundChannelAdapterTests {

    private TwoNodeMesh mesh;

    private MeshNode publisher;

    private MeshInboundChannelAdapter adapter;

    private final QueueChannel received = new QueueChannel();

    record Order(String id, int quantity) {
    }

    @BeforeEach
    void linkTwoNodes() {
        mesh = TwoNodeMesh.linked();
        publisher = mesh.first();
        adapter = new MeshInboundChannelAdapter(mesh.second());
        adapter.setOutputChannel(received);
    }

    @AfterEach
    void stopNodes() {
        adapter.stop();
        mesh.close();
    }

    @Test
    void takesEveryTopicByDefault() {
        Standalone.started(adapter);

        publishText("payments.card", "p");
        publishText("orders.eu", "o");

        assertThat(nextReceived().getHeaders()).containsEntry(MeshHeaders.TOPIC, "payments.card");
        assertThat(nextReceived().getHeaders()).containsEntry(MeshHeaders.TOPIC, "orders.eu");
    }

    @Test
    void takesOnlyTheTopicsItIsGiven() {
        adapter.setTopics("orders.*", "audit");
        Standalone.started(adapter);

        publishText("payments.card", "dropped");
        publishText("auditing", "dropped");
        publishText("orders.eu", "first");
        publishText("audit", "second");

        assertThat(nextReceived().getPayload()).isEqualTo("first");
        assertThat(nextReceived().getPayload()).isEqualTo("second");
        assertThat(received.getQueueSize()).isZero();
    }

    @Test
    void readsJsonAsThePayloadType() {
        adapter.setPayloadType(Order.class);
        Standalone.started(adapter);

        publishJson("orders.eu", "{\"id\":\"o-7\",\"quantity\":2}");

        assertThat(nextReceived().getPayload()).isEqualTo(new Order("o-7", 2));
    }

    @Test
    void dropsAndCountsJsonThatCannotBecomeThePayloadType() {
        adapter.setPayloadType(Order.class);
        Standalone.started(adapter);

        publishJson("orders.eu", "{\"id\":\"o-7\",\"quantity\":\"many\"}");
        publishJson("orders.eu", "{\"id\":\"o-8\",\"quantity\":1}");

        assertThat(nextReceived().getPayload()).isEqualTo(new Order("o-8", 1));
        assertThat(adapter.getRejectedCount()).isEqualTo(1);
        assertThat(received.getQueueSize()).isZero();
    }

    @Test
    void sendsJsonThatCannotBecomeThePayloadTypeToTheErrorChannelAsBytes() {
        QueueChannel errors = new QueueChannel();
        adapter.setPayloadType(Order.class);
        adapter.setErrorChannel(errors);
        Standalone.started(adapter);

        publishJson("orders.eu", "{\"id\":\"o-7\",\"quantity\":\"many\"}");

        Message<?> error = await().until(() -> errors.receive(0), Objects::nonNull);
        assertThat(error.getPayload()).isInstanceOfSatisfying(MessageConversionException.class, ex -> {
            assertThat(ex.getMessage()).contains(Order.class.getName());
            assertThat(ex.getFailedMessage().getPayload())
                    .isEqualTo("{\"id\":\"o-7\",\"quantity\":\"many\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(ex.getFailedMessage().getHeaders()).containsEntry(MeshHeaders.TOPIC, "orders.eu");
        });
        assertThat(adapter.getRejectedCount()).isEqualTo(1);
    }

    @Test
    void reasonAPeerPayloadCouldNotBeConvertedReachesTheErrorChannelOnOneLine() {
        QueueChannel errors = new QueueChannel();
        adapter.setPayloadType(Order.class);
        adapter.setErrorChannel(errors);
        Standalone.started(adapter);

        publishJson("orders.eu", "{\"id\":\"o-9\",\"quantity\":\"many\\n12:00:00 ERROR forged line\"}");

        Message<?> error = await().until(() -> errors.receive(0), Objects::nonNull);
        assertThat(((MessageConversionException) error.getPayload()).getMessage())
                .contains("many").doesNotContain("\n").doesNotContain("\r");
    }

    @Test
    void headersNamedLikeSpringsOwnArriveUnderThePeermeshPrefixAndOthersAsTheyAre() {
        Standalone.started(adapter);

        publisher.publish("orders.eu", "order 42", Map.of("priority", "high", "correlationId", "c-42",
                "sequenceNumber", "first", "id", "o-42", "timestamp", "yesterday", "region", "eu"));

        Message<?> message = nextReceived();
        assertThat(message.getPayload()).isEqualTo("order 42");
        assertThat(message.getHeaders())
                .containsEntry("peermesh_priority", "high")
                .containsEntry("peermesh_correlationId", "c-42")
                .containsEntry("peermesh_sequenceNumber", "first")
                .containsEntry("peermesh_id", "o-42")
                .containsEntry("peermesh_timestamp", "yesterday")
                .containsEntry("region", "eu")
                .doesNotContainKeys("priority", "correlationId", "sequenceNumber");
        assertThat(MessageBuilder.withPayload("rebuilt").copyHeaders(message.getHeaders()).build().getHeaders())
                .as("Spring accepts the headers when a flow rebuilds the message").containsKey("peermesh_priority");
    }

    @Test
    void contentTypeThatIsNoMimeTypeArrivesUnderThePeermeshPrefixWithTheBytes() {
        Standalone.started(adapter);

        publisher.publish("orders.eu", new byte[] {4, 2}, Map.of(MeshPayloadCodec.CONTENT_TYPE, "urgent"));

        Message<?> message = nextReceived();
        assertThat(message.getPayload()).isEqualTo(new byte[] {4, 2});
        assertThat(message.getHeaders()).containsEntry("peermesh_contentType", "urgent")
                .doesNotContainKey(MessageHeaders.CONTENT_TYPE);
    }

    @Test
    void passesBytesWithoutATextContentTypeAsBytes() {
        Standalone.started(adapter);

        publisher.publish("blobs", new byte[] {1, 2, 3}, Map.of());

        Message<?> message = nextReceived();
        assertThat(message.getPayload()).isEqualTo(new byte[] {1, 2, 3});
        assertThat(message.getHeaders()).doesNotContainKey("contentType");
    }

    @Test
    void takesNothingWhileStoppedAndResumesWhenStartedAgain() {
        List<String> deliveredOnTheNode = new CopyOnWriteArrayList<>();
        mesh.second().subscribe("orders.*", message -> deliveredOnTheNode.add(message.text()));
        Standalone.started(adapter);

        adapter.stop();
        publishText("orders.eu", "while stopped");
        await().until(() -> deliveredOnTheNode.contains("while stopped"));
        adapter.start();
        publishText("orders.eu", "after");

        assertThat(nextReceived().getPayload()).isEqualTo("after");
        assertThat(received.getQueueSize()).isZero();
    }

    private void publishText(String topic, String text) {
        publisher.publish(topic, text.getBytes(StandardCharsets.UTF_8),
                Map.of(MeshPayloadCodec.CONTENT_TYPE, "text/plain;charset=UTF-8"));
    }

    private void publishJson(String topic, String json) {
        publisher.publish(topic, json.getBytes(StandardCharsets.UTF_8),
                Map.of(MeshPayloadCodec.CONTENT_TYPE, "application/json"));
    }

    private Message<?> nextReceived() {
        return await().until(() -> received.receive(0), Objects::nonNull);
    }
}
