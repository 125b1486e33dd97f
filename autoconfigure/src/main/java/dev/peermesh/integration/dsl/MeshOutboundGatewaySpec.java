package dev.peermesh.integration.dsl;

import dev.peermesh.MeshNode;
import dev.peermesh.integration.outbound.MeshOutboundGateway;

import java.time.Duration;

import org.springframework.integration.dsl.MessageHandlerSpec;

/**
 * Configures a {@link MeshOutboundGateway} in the Java DSL.
 */
public class MeshOutboundGatewaySpec extends MessageHandlerSpec<MeshOutboundGatewaySpec, MeshOutboundGateway> {

    MeshOutboundGatewaySpec(MeshNode node) {
        this.target = new MeshOutboundGateway(node);
    }

    /** Topic for requests without a peermesh_topic header. */
    public MeshOutboundGatewaySpec topic(String topic) {
        this.target.setDefaultTopic(topic);
        return this;
    }

    /** How long to wait for the first reply; 5 s by default. */
    public MeshOutboundGatewaySpec replyTimeout(Duration timeout) {
        this.target.setReplyTimeout(timeout);
        return this;
    }

    /** Type to read JSON replies as. */
    public MeshOutboundGatewaySpec replyType(Class<?> type) {
        this.target.setReplyType(type);
        return this;
    }
}
