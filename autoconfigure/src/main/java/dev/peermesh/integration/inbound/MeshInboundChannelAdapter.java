package dev.peermesh.integration.inbound;

import dev.peermesh.MeshMessage;
import dev.peermesh.MeshNode;
import dev.peermesh.Subscription;
import dev.peermesh.integration.MeshMessageMapper;
import dev.peermesh.log.PeerText;

import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.integration.endpoint.MessageProducerSupport;
import org.springframework.messaging.converter.MessageConversionException;

/**
 * Sends the messages a mesh node delivers, on the topics it takes, to a Spring Integration channel, with the mesh
 * metadata in {@link dev.peermesh.integration.MeshHeaders} and the application headers as they were published,
 * except that a header named like one Spring keeps for itself ({@code priority}, {@code correlationId}, …) arrives
 * as {@code peermesh_<name>} ({@link dev.peermesh.integration.MeshMessageMapper}).
 *
 * <p>{@code IntegrationFlow.from(Peermesh.inboundAdapter(node).topics("orders.*").payloadType(Order.class))}
 */
public class MeshInboundChannelAdapter extends MessageProducerSupport {

    private static final Log log = LogFactory.getLog(MeshInboundChannelAdapter.class);

    private final MeshNode node;

    private final MeshMessageMapper mapper = new MeshMessageMapper();

    private final AtomicLong rejected = new AtomicLong();

    private TopicPatterns topics = TopicPatterns.ALL;

    private @Nullable Class<?> payloadType;

    private volatile @Nullable Subscription subscription;

    public MeshInboundChannelAdapter(MeshNode node) {
        this.node = node;
    }

    /** Topic patterns to take: exact topics, prefixes ending in '*', or '*' for all (the default). */
    public void setTopics(String... patterns) {
        this.topics = TopicPatterns.of(patterns);
    }

    /** Type to read JSON payloads as; by default text and JSON arrive as String, other payloads as byte[]. */
    public void setPayloadType(@Nullable Class<?> payloadType) {
        this.payloadType = payloadType;
    }

    /**
     * Messages received but not sent on because their payload could not be converted; each also goes to the error
     * channel, when one is set.
     */
    public long getRejectedCount() {
        return rejected.get();
    }

    @Override
    public String getComponentType() {
        return "peermesh:inbound-channel-adapter";
    }

    @Override
    protected void doStart() {
        subscription = node.subscribe("*", this::onMessage);
    }

    @Override
    protected void doStop() {
        Subscription current = subscription;
        if (current != null) {
            current.cancel();
            subscription = null;
        }
    }

    private void onMessage(MeshMessage message) {
        if (!topics.takes(message.topic())) {
            return;
        }
        Object payload;
        try {
            payload = mapper.payload(message, payloadType);
        }
        catch (MessageConversionException ex) {
            long count = rejected.incrementAndGet();
            // the reason quotes the peer's payload (Jackson names the value it could not read)
            String reason = PeerText.escape(ex.getMessage(), 1024);
            log.warn("Dropped mesh message " + message.id() + " on '" + PeerText.escape(message.topic()) + "': "
                    + reason + " (" + count + " rejected so far)");
            // to the error channel, when one is set, as the bytes that could not be converted
            sendErrorMessageIfNecessary(null,
                    new MessageConversionException(mapper.toSpring(message, message.payload()), reason, ex));
            return;
        }
        sendMessage(mapper.toSpring(message, payload));
    }
}
