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
import org.springframework.integration.gateway.MessagingGatewaySupport;
import org.springframework.messaging.Message;

/**
 * Answers mesh requests with a flow: each request ({@link MeshMessage#isRequest()}) on the gateway's topics goes
 * into the flow as a Spring message (as the inbound adapter makes it), and what the flow replies goes back to the
 * requesting node ({@link MeshNode#reply}), its payload encoded as the outbound adapter does. A flow that replies
 * nothing within the gateway's reply timeout (5 s unless set) sends no reply (the requester times out); a flow
 * that fails goes to the gateway's error channel, when one is set, whose reply is sent instead; else it is logged
 * and no reply is sent. Messages that are not requests are left to inbound adapters. The flow runs on the node's
 * delivery thread: a slow flow holds up the node's other deliveries (hand long work to an executor channel).
 *
 * <p>{@code IntegrationFlow.from(Peermesh.inboundGateway(node).topics("quote")).transform(...).get()}
 */
public class MeshInboundGateway extends MessagingGatewaySupport {

    private static final Log log = LogFactory.getLog(MeshInboundGateway.class);

    private final MeshNode node;

    private final MeshMessageMapper mapper = new MeshMessageMapper();

    private final AtomicLong failed = new AtomicLong();

    private TopicPatterns topics = TopicPatterns.ALL;

    private @Nullable Class<?> payloadType;

    private volatile @Nullable Subscription subscription;

    public MeshInboundGateway(MeshNode node) {
        this.node = node;
        setReplyTimeout(5_000); // not Spring's 30 s: the flow holds the node's delivery thread while it waits
    }

    /** Topic patterns to answer: exact topics, prefixes ending in '*', or '*' for all (the default). */
    public void setTopics(String... patterns) {
        this.topics = TopicPatterns.of(patterns);
    }

    /** Type to read JSON request payloads as; by default text and JSON arrive as String, other payloads as byte[]. */
    public void setPayloadType(@Nullable Class<?> payloadType) {
        this.payloadType = payloadType;
    }

    /** Requests not answered because the flow failed or the request could not be read. */
    public long getFailedCount() {
        return failed.get();
    }

    @Override
    public String getComponentType() {
        return "peermesh:inbound-gateway";
    }

    @Override
    protected void doStart() {
        super.doStart();
        subscription = node.subscribe("*", this::onMessage);
    }

    @Override
    protected void doStop() {
        Subscription current = subscription;
        if (current != null) {
            current.cancel();
            subscription = null;
        }
        super.doStop();
    }

    private void onMessage(MeshMessage request) {
        if (!request.isRequest() || !topics.takes(request.topic())) {
            return;
        }
        Message<?> reply;
        try {
            reply = sendAndReceiveMessage(mapper.toSpring(request, mapper.payload(request, payloadType)));
        }
        catch (RuntimeException ex) {
            long count = failed.incrementAndGet();
            log.warn("Request " + request.id() + " on '" + PeerText.escape(request.topic()) + "' not answered: "
                    + PeerText.escape(String.valueOf(ex.getMessage()), 1024) + " (" + count + " so far)");
            return;
        }
        if (reply != null) {
            MeshMessageMapper.Outbound outbound = mapper.toMesh(reply);
            node.reply(request, outbound.payload(), outbound.headers()).whenComplete((id, ex) -> {
                if (ex != null) {
                    long count = failed.incrementAndGet();
                    log.warn("Reply to request " + request.id() + " on '" + PeerText.escape(request.topic())
                            + "' not sent: " + ex + " (" + count + " requests not answered so far)");
                }
            });
        }
    }
}
