package dev.peermesh.integration.outbound;

import dev.peermesh.FrameLimits;
import dev.peermesh.MeshMessage;
import dev.peermesh.MeshNode;
import dev.peermesh.NodeId;
import dev.peermesh.PublishRejectedException;
import dev.peermesh.integration.MeshHeaders;
import dev.peermesh.integration.Standalone;
import dev.peermesh.integration.TwoNodeMesh;
import dev.peermesh.integration.inbound.MeshInboundChannelAdapter;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandlingException;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Specification of {@link MeshMessageHandler}: Spring Integration messages published by one real node arrive at
 * another node's inbound adapter with their payload, topic and application headers.
 */
class MeshMessageHandlerTests {

    private TwoNodeMesh mesh;

    private MeshMessageHandler handler;

    private MeshInboundChannelAdapter inbound;

    private final QueueChannel received = new QueueChannel();

    record Order(String id, int quantity) {
    }

    @BeforeEach
    void linkTwoNodes() {
        mesh = TwoNodeMesh.linked(settings -> settings.maxMessageSize(FrameLimits.MIN_FRAME_LENGTH));
        handler = Standalone.started(new MeshMessageHandler(mesh.first()));
        inbound = new MeshInboundChannelAdapter(mesh.second());
        inbound.setOutputChannel(received);
        Standalone.started(inbound);
    }

    @AfterEach
    void stopNodes() {
        inbound.stop();
        mesh.close();
    }

    @Test
    void publishesThePayloadWithTopicAndApplicationHeadersToTheOtherNode() {
        MeshNode publisher = mesh.first();

        handler.handleMessage(MessageBuilder.withPayload("order 42")
                .setHeader(MeshHeaders.TOPIC, "orders.eu")
                .setHeader("region", "eu")
                .build());

        Message<?> message = nextReceived();
        assertThat(message.getPayload()).isEqualTo("order 42");
        assertThat(message.getHeaders())
                .containsEntry(MeshHeaders.TOPIC, "orders.eu")
                .containsEntry(MeshHeaders.ORIGIN, NodeId.format(publisher.nodeId()))
                .containsEntry(MeshHeaders.MESSAGE_ID, NodeId.format(publisher.nodeId()) + "/1")
                .containsEntry(MeshHeaders.SEQUENCE, 1L)
                .containsEntry(MeshHeaders.HOPS, 1)
                .containsEntry(MeshHeaders.HOP_LIMIT, 0)
                .containsEntry(MessageHeaders.CONTENT_TYPE, "text/plain;charset=UTF-8")
                .containsEntry("region", "eu")
                .containsKey(MeshHeaders.SENT_AT)
                .doesNotContainKey("peermesh.sent-at");
    }

    @Test
    void keepsSpringsOwnHeadersAndSendsPeermeshPrefixedReservedNamesAsTheNameItself() {
        List<MeshMessage> heard = new CopyOnWriteArrayList<>();
        mesh.second().subscribe("orders.eu", heard::add);

        handler.handleMessage(MessageBuilder.withPayload("order 42")
                .setHeader(MeshHeaders.TOPIC, "orders.eu")
                .setHeader("priority", 7)
                .setHeader("sequenceNumber", 1)
                .setHeader(MeshHeaders.PREFIX + "priority", "high")
                .setHeader(MeshHeaders.PREFIX + "region", "not a reserved name")
                .build());

        await().until(() -> heard.size() == 1);
        assertThat(heard.get(0).headers()).containsEntry("priority", "high")
                .doesNotContainKeys("sequenceNumber", "region", "peermesh_region", "peermesh_priority");
        assertThat(nextReceived().getHeaders()).containsEntry(MeshHeaders.PREFIX + "priority", "high")
                .doesNotContainKeys("priority", "sequenceNumber");
    }

    @Test
    void publishesToTheDefaultTopicWhenTheMessageNamesNone() {
        handler.setDefaultTopic("audit");

        handler.handleMessage(MessageBuilder.withPayload("login").build());

        assertThat(nextReceived().getHeaders()).containsEntry(MeshHeaders.TOPIC, "audit");
    }

    @Test
    void publishesToTheEventsTopicByDefault() {
        handler.handleMessage(MessageBuilder.withPayload("login").build());

        assertThat(nextReceived().getHeaders()).containsEntry(MeshHeaders.TOPIC, "events");
    }

    @Test
    void hopLimitHeaderOverridesTheDefaultHopLimit() {
        handler.setDefaultHopLimit(5);

        handler.handleMessage(MessageBuilder.withPayload("a").build());
        handler.handleMessage(MessageBuilder.withPayload("b").setHeader(MeshHeaders.HOP_LIMIT, "2").build());

        assertThat(nextReceived().getHeaders()).containsEntry(MeshHeaders.HOP_LIMIT, 5);
        assertThat(nextReceived().getHeaders()).containsEntry(MeshHeaders.HOP_LIMIT, 2);
    }

    @Test
    void objectsArriveAsJsonText() {
        handler.handleMessage(MessageBuilder.withPayload(new Order("o-1", 2)).build());

        Message<?> message = nextReceived();
        assertThat(message.getPayload()).isEqualTo("{\"id\":\"o-1\",\"quantity\":2}");
        assertThat(message.getHeaders()).containsEntry(MessageHeaders.CONTENT_TYPE, "application/json");
    }

    @Test
    void bytesKeepTheContentTypeTheyWereSentWith() {
        handler.handleMessage(MessageBuilder.withPayload("{\"id\":\"o-1\"}".getBytes())
                .setHeader(MessageHeaders.CONTENT_TYPE, MimeTypeUtils.APPLICATION_JSON)
                .build());

        Message<?> message = nextReceived();
        assertThat(message.getPayload()).isEqualTo("{\"id\":\"o-1\"}");
        assertThat(message.getHeaders()).containsEntry(MessageHeaders.CONTENT_TYPE, "application/json");
    }

    @Test
    void springIntegrationHeadersAndValuesThatAreNotSimpleStayBehind() {
        Message<String> sent = MessageBuilder.withPayload("x")
                .setHeader("tenant", "acme")
                .setHeader("notSimple", new Object())
                .setReplyChannelName("replies")
                .build();

        handler.handleMessage(sent);

        Message<?> message = nextReceived();
        assertThat(message.getHeaders())
                .containsEntry("tenant", "acme")
                .doesNotContainKeys("notSimple", MessageHeaders.REPLY_CHANNEL);
        assertThat(message.getHeaders().getId()).isNotEqualTo(sent.getHeaders().getId());
    }

    @Test
    void anOversizePayloadFailsAtTheSenderWithTheNodesReason() {
        Message<byte[]> tooLarge = MessageBuilder.withPayload(new byte[FrameLimits.MIN_FRAME_LENGTH + 1]).build();

        assertThatExceptionOfType(MessageHandlingException.class)
                .isThrownBy(() -> handler.handleMessage(tooLarge))
                .havingCause()
                .isInstanceOfSatisfying(PublishRejectedException.class,
                        ex -> assertThat(ex.cause()).isEqualTo(PublishRejectedException.Cause.TOO_LARGE))
                .withMessageContaining("max-message-size");
    }

    @Test
    void aStoppedNodeRejectsThePublishAtTheSender() {
        mesh.first().stop();

        assertThatExceptionOfType(MessageHandlingException.class)
                .isThrownBy(() -> handler.handleMessage(MessageBuilder.withPayload("late").build()))
                .havingCause()
                .isInstanceOfSatisfying(PublishRejectedException.class,
                        ex -> assertThat(ex.cause()).isEqualTo(PublishRejectedException.Cause.NOT_RUNNING));
    }

    private Message<?> nextReceived() {
        return await().until(() -> received.receive(0), Objects::nonNull);
    }
}
