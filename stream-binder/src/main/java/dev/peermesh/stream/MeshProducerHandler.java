package dev.peermesh.stream;

import dev.peermesh.MeshNode;
import dev.peermesh.integration.MeshMessageMapper;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.integration.handler.AbstractMessageHandler;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.support.ErrorMessage;

/**
 * Publishes a producer binding's messages to its topic: the bytes Stream converted, their content type and the
 * headers with simple values (Stream's partition header among them) travel with each. A publish the node refuses
 * fails the send — or, with {@code errorChannelEnabled}, goes to the binding's error channel instead.
 */
class MeshProducerHandler extends AbstractMessageHandler {

    private final MeshNode node;

    private final String topic;

    private final PeermeshProducerProperties properties;

    private final @Nullable MessageChannel errorChannel;

    private final MeshMessageMapper mapper;

    MeshProducerHandler(MeshNode node, String topic, PeermeshProducerProperties properties,
            @Nullable MessageChannel errorChannel, MeshMessageMapper mapper) {
        this.node = node;
        this.topic = topic;
        this.properties = properties;
        this.errorChannel = errorChannel;
        this.mapper = mapper;
    }

    @Override
    protected void handleMessageInternal(Message<?> message) {
        try {
            MeshMessageMapper.Outbound outbound = mapper.toMesh(message);
            Duration timeout = properties.getSendTimeout() != null ? properties.getSendTimeout()
                    : node.settings().publishTimeout();
            node.publish(topic, outbound.payload(), outbound.headers(), properties.getHopLimit(), timeout);
        }
        catch (RuntimeException ex) {
            if (errorChannel == null) {
                throw ex;
            }
            errorChannel.send(new ErrorMessage(new MessagingException(message, "Not published to topic '" + topic
                    + "': " + ex.getMessage(), ex), message));
        }
    }
}
