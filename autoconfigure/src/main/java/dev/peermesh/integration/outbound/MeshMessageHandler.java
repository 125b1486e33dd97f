package dev.peermesh.integration.outbound;

import dev.peermesh.MeshNode;
import dev.peermesh.integration.MeshHeaders;
import dev.peermesh.NodeId;
import dev.peermesh.PublishRejectedException;
import dev.peermesh.integration.MeshMessageMapper;
import dev.peermesh.integration.ReservedHeaders;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.springframework.integration.handler.AbstractMessageHandler;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.MessageHeaders;

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

    private final MeshMessageMapper mapper = new MeshMessageMapper();

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
        MeshMessageMapper.Outbound outbound = mapper.toMesh(message);
        String topic = headers.get(MeshHeaders.TOPIC, String.class);
        topic = topic != null ? topic : defaultTopic;
        Duration timeout = sendTimeout != null ? sendTimeout : node.settings().publishTimeout();
        Long target = MeshMessageMapper.target(headers);
        if (target == null) {
            node.publish(topic, outbound.payload(), outbound.headers(), hopLimit(headers), timeout);
            return;
        }
        Duration confirm = node.settings().repairWindow();
        try {
            node.send(target, topic, outbound.payload(), outbound.headers(), confirm)
                    .get(confirm.toMillis() + timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new MessageDeliveryException(message, "Interrupted while waiting for node "
                    + NodeId.format(target) + " to confirm the message", ex);
        }
        catch (ExecutionException | TimeoutException ex) {
            Throwable cause = ex instanceof ExecutionException && ex.getCause() != null ? ex.getCause() : ex;
            if (cause instanceof PublishRejectedException rejected) {
                throw rejected;
            }
            throw new MessageDeliveryException(message, "Node " + NodeId.format(target) + " did not confirm the "
                    + "message on topic '" + topic + "': " + cause.getMessage(), cause);
        }
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
}
