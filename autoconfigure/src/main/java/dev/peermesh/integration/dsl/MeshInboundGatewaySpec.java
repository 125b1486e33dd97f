package dev.peermesh.integration.dsl;

import dev.peermesh.MeshNode;
import dev.peermesh.integration.inbound.MeshInboundGateway;

import org.springframework.integration.dsl.MessagingGatewaySpec;

/**
 * Configures a {@link MeshInboundGateway} in the Java DSL.
 */
public class MeshInboundGatewaySpec extends MessagingGatewaySpec<MeshInboundGatewaySpec, MeshInboundGateway> {

    MeshInboundGatewaySpec(MeshNode node) {
        super(new MeshInboundGateway(node));
    }

    /** Topic patterns to answer: exact topics, prefixes ending in '*', or '*' for all (the default). */
    public MeshInboundGatewaySpec topics(String... patterns) {
        this.target.setTopics(patterns);
        return this;
    }

    /** Type to read JSON request payloads as. */
    public MeshInboundGatewaySpec payloadType(Class<?> type) {
        this.target.setPayloadType(type);
        return this;
    }
}
