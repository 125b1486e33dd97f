package dev.peermesh.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peermesh.MeshMessage;
import dev.peermesh.MessageId;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Specification of {@link MeshMessageMapper}: the node's own headers ({@code peermesh.*}: a message's target, request
 * and reply numbers) never cross into Spring nor back, so a flow that publishes a received message again neither
 * sends it to the node it was for nor answers a request with it; a target header names a node either way.
 */
class MeshMessageMapperTests {

    private final MeshMessageMapper mapper = new MeshMessageMapper();

    @Test
    void theNodesOwnHeadersStayOnTheMeshSide() {
        MeshMessage reply = new MeshMessage(new MessageId(7, 3), "quote", Map.of(MeshMessage.TARGET_HEADER,
                "000000000000000a", MeshMessage.IN_REPLY_TO_HEADER, "42", MeshMessage.REQUEST_HEADER, "9",
                MeshMessage.RECEIPT_HEADER, "5", MeshMessage.SENT_AT_HEADER, "1", "region", "eu"),
                "x".getBytes(StandardCharsets.UTF_8), 1, 0);

        Message<Object> spring = mapper.toSpring(reply, "x");

        assertThat(spring.getHeaders()).containsEntry("region", "eu").doesNotContainKeys(MeshMessage.TARGET_HEADER,
                MeshMessage.IN_REPLY_TO_HEADER, MeshMessage.REQUEST_HEADER, MeshMessage.RECEIPT_HEADER,
                MeshMessage.SENT_AT_HEADER);
        assertThat(mapper.toMesh(MessageBuilder.fromMessage(spring).setHeader(MeshMessage.IN_REPLY_TO_HEADER, "42")
                .build()).headers()).containsEntry("region", "eu").doesNotContainKeys(MeshMessage.TARGET_HEADER,
                MeshMessage.IN_REPLY_TO_HEADER);
    }

    @Test
    void aTargetHeaderNamesANodeAsANumberOrInHex() {
        assertThat(MeshMessageMapper.target(MessageBuilder.withPayload("x").setHeader(MeshHeaders.TARGET, 255L)
                .build().getHeaders())).isEqualTo(255L);
        assertThat(MeshMessageMapper.target(MessageBuilder.withPayload("x")
                .setHeader(MeshHeaders.TARGET, "00000000000000ff").build().getHeaders())).isEqualTo(255L);
        assertThat(MeshMessageMapper.target(MessageBuilder.withPayload("x").build().getHeaders())).isNull();
        assertThatThrownBy(() -> MeshMessageMapper.target(MessageBuilder.withPayload("x")
                .setHeader(MeshHeaders.TARGET, "node-b").build().getHeaders()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be a node id (a long, or 16 hex digits");
    }

    @Test
    void aReplayedMessageSaysSoInItsOwnHeaderAndALiveOneDoesNot() {
        MeshMessage replayed = new MeshMessage(new MessageId(7, 3), "t", Map.of(MeshMessage.REPLAYED_HEADER, "true"),
                new byte[0], 2, 0);
        MeshMessage live = new MeshMessage(new MessageId(7, 4), "t", Map.of(), new byte[0], 2, 0);

        assertThat(mapper.toSpring(replayed, "x").getHeaders()).containsEntry(MeshHeaders.REPLAYED, true)
                .doesNotContainKey(MeshMessage.REPLAYED_HEADER);
        assertThat(mapper.toSpring(live, "x").getHeaders()).doesNotContainKey(MeshHeaders.REPLAYED);
    }
}
