package dev.peermesh.integration.outbound;

import dev.peermesh.MeshNode;
import dev.peermesh.integration.MeshHeaders;
import dev.peermesh.integration.MeshPayloadCodec;
import dev.peermesh.integration.ReservedHeaders;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.integration.handler.AbstractMessageHandler;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.util.MimeType;

/**
 * Publishes Spring Integration messages to the mesh. The topic comes from the {@link MeshHeaders#TOPIC} header, or
 * the handler's default topic; the hop limit from {@link MeshHeaders#HOP_LIMIT}, or the default. Application headers
 * with simple values (text, numbers, booleans, UUIDs, MIME types) travel with the message; Spring's own
 * ({@code id}, {@code timestamp}, channels, {@code priority}, {@code correlationId}, sequence details, …) and the
 * {@code peermesh_} metadata do not. {@code peermesh_<name>} for such a reserved name travels as {@code <name>}, so a
 * message received from a plain-Java publisher keeps its headers when a flow publishes it again
 * ({@link ReservedHeaders}).
 *
 * <p>A message the mesh does not accept fails here, at the sender, with the node's reason. While the node holds
 * publishes back (a congested link, subscribers behind, a full publish queue) the send waits, at most the handler's
 * {@linkplain #setSendTimeout send timeout}: by default the node's {@code peermesh.publish-timeout}. A timeout given
 * to {@code MessageChannel.send(message, timeout)} does not reach this handler — Spring Integration's subscribable
 * channels ({@code DirectChannel}, publish-subscribe) call their handlers without it — so the wait is set here, or
 * on the node.
 *
 * <p>{@code IntegrationFlow.from("orders").handle(Peermesh.outboundAdapter(node).topic("orders.eu"))}
 */
public class MeshMessageHandler extends AbstractMessageHandler {

    private final MeshNode node;

    private final MeshPayloadCodec codec = new MeshPayloadCodec();

    private String defaultTopic = "events";

    private int defaultHopLimit;

    private @Nullable Duration sendTimeout;

    public MeshMessageHandler(MeshNode node) {
        this.node = node;
    }

    /** Topic for messages without a {@link MeshHeaders#TOPIC} header. */
    public void setDefaultTopic(String defaultTopic) {
        this.defaultTopic = defaultTopic;
    }

    /** Hop limit for messages without a {@link MeshHeaders#HOP_LIMIT} header; 0 for no limit. */
    public void setDefaultHopLimit(int defaultHopLimit) {
        this.defaultHopLimit = defaultHopLimit;
    }

    /**
     * How long a message may wait for the node while it holds publishes back before the send fails with a
     * {@code BACKPRESSURE} {@link dev.peermesh.PublishRejectedException}; zero fails at once. By default (or
     * {@code null}) the node's {@code peermesh.publish-timeout} ({@link dev.peermesh.MeshSettings#publishTimeout()}).
     */
    public void setSendTimeout(@Nullable Duration sendTimeout) {
        if (sendTimeout != null && sendTimeout.isNegative()) {
            throw new IllegalArgumentException("Send timeout " + sendTimeout + " is negative; give zero or more");
        }
        this.sendTimeout = sendTimeout;
    }

    @Override
    public String getComponentType() {
        return "peermesh:outbound-channel-adapter";
    }

    @Override
    protected void handleMessageInternal(Message<?> message) {
        MessageHeaders headers = message.getHeaders();
        MeshPayloadCodec.Encoded encoded = codec.encode(message.getPayload());
        Map<String, String> meshHeaders = new HashMap<>();
        for (Map.Entry<String, Object> header : headers.entrySet()) {
            String name = ReservedHeaders.toMesh(header.getKey());
            if (name != null && simple(header.getValue())) {
                meshHeaders.put(name, header.getValue().toString());
            }
        }
        Object contentType = headers.get(MessageHeaders.CONTENT_TYPE);
        meshHeaders.put(MeshPayloadCodec.CONTENT_TYPE,
                contentType != null && message.getPayload() instanceof byte[] ? contentType.toString()
                        : encoded.contentType());
        String topic = headers.get(MeshHeaders.TOPIC, String.class);
        Duration timeout = sendTimeout != null ? sendTimeout : node.settings().publishTimeout();
        node.publish(topic != null ? topic : defaultTopic, encoded.bytes(), meshHeaders, hopLimit(headers), timeout);
    }

    private int hopLimit(MessageHeaders headers) {
        Object value = headers.get(MeshHeaders.HOP_LIMIT);
        if (value instanceof Number number) {
            return number.intValue();
        }
        if (value instanceof String text) {
            return Integer.parseInt(text.trim());
        }
        return defaultHopLimit;
    }

    private static boolean simple(Object value) {
        return value instanceof CharSequence || value instanceof Number || value instanceof Boolean
                || value instanceof Character || value instanceof UUID || value instanceof MimeType
                || value instanceof Enum<?>;
    }
}
