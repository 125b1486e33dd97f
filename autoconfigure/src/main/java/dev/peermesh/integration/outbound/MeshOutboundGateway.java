package dev.peermesh.integration.outbound;

import dev.peermesh.MeshMessage;
import dev.peermesh.MeshNode;
import dev.peermesh.NodeId;
import dev.peermesh.PublishRejectedException;
import dev.peermesh.integration.MeshHeaders;
import dev.peermesh.integration.MeshMessageMapper;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.springframework.integration.MessageTimeoutException;
import org.springframework.integration.handler.AbstractReplyProducingMessageHandler;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.MessageHeaders;

/**
 * Request/reply over the mesh from a flow: each message goes out as a request ({@link MeshNode#request}) — to
 * every node on its topic, or to the one node its {@link MeshHeaders#TARGET} header names — and the first reply
 * comes back into the flow, its payload read as the gateway's reply type (by default text and JSON as
 * {@code String}, other payloads as {@code byte[]}), with the mesh metadata in {@link MeshHeaders}. No reply within
 * the reply timeout fails the message with a {@link MessageTimeoutException}.
 *
 * <p>{@code IntegrationFlow.from("quotes").handle(Peermesh.outboundGateway(node).topic("quote")).channel("prices")}
 */
public class MeshOutboundGateway extends AbstractReplyProducingMessageHandler {

    private final MeshNode node;

    private final MeshMessageMapper mapper = new MeshMessageMapper();

    private String defaultTopic = "requests";

    private Duration replyTimeout = Duration.ofSeconds(5);

    private @Nullable Class<?> replyType;

    public MeshOutboundGateway(MeshNode node) {
        this.node = node;
    }

    /** Topic for requests without a {@link MeshHeaders#TOPIC} header. */
    public void setDefaultTopic(String defaultTopic) {
        this.defaultTopic = defaultTopic;
    }

    /** How long to wait for the first reply; 5 s by default. */
    public void setReplyTimeout(Duration replyTimeout) {
        if (replyTimeout.isNegative() || replyTimeout.isZero()) {
            throw new IllegalArgumentException("Reply timeout " + replyTimeout + " must be positive");
        }
        this.replyTimeout = replyTimeout;
    }

    /** Type to read JSON replies as. */
    public void setReplyType(@Nullable Class<?> replyType) {
        this.replyType = replyType;
    }

    @Override
    public String getComponentType() {
        return "peermesh:outbound-gateway";
    }

    @Override
    protected Object handleRequestMessage(Message<?> requestMessage) {
        MessageHeaders headers = requestMessage.getHeaders();
        MeshMessageMapper.Outbound outbound = mapper.toMesh(requestMessage);
        String topic = headers.get(MeshHeaders.TOPIC, String.class);
        topic = topic != null ? topic : defaultTopic;
        Long target = MeshMessageMapper.target(headers);
        CompletableFuture<MeshMessage> reply = target == null
                ? node.request(topic, outbound.payload(), outbound.headers(), replyTimeout)
                : node.request(target, topic, outbound.payload(), outbound.headers(), replyTimeout);
        MeshMessage answer;
        try {
            answer = reply.get(replyTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new MessageDeliveryException(requestMessage, "Interrupted while waiting for a reply", ex);
        }
        catch (ExecutionException | TimeoutException ex) {
            Throwable cause = ex instanceof ExecutionException && ex.getCause() != null ? ex.getCause() : ex;
            if (cause instanceof PublishRejectedException rejected) {
                throw rejected;
            }
            if (cause instanceof TimeoutException) {
                throw new MessageTimeoutException(requestMessage, "No reply on topic '" + topic + "'"
                        + (target == null ? "" : " from node " + NodeId.format(target)) + " within " + replyTimeout,
                        cause);
            }
            throw new MessageDeliveryException(requestMessage, "Request on topic '" + topic + "' failed: " + cause,
                    cause);
        }
        return mapper.toSpring(answer, mapper.payload(answer, replyType));
    }
}
