package dev.peermesh.integration.dsl;

import dev.peermesh.MeshNode;
import dev.peermesh.integration.inbound.MeshInboundChannelAdapter;

import org.springframework.integration.dsl.MessageProducerSpec;

/**
 * Configures a {@link MeshInboundChannelAdapter} in the Java DSL.
 */
public class MeshInboundChannelAdapterSpec
        extends MessageProducerSpec<MeshInboundChannelAdapterSpec, MeshInboundChannelAdapter> {

    MeshInboundChannelAdapterSpec(MeshNode node) {
        super(new MeshInboundChannelAdapter(node));
    }

    /** Topic patterns to take: exact topics, prefixes ending in '*', or '*' for all (the default). */
    public MeshInboundChannelAdapterSpec topics(String... patterns) {
        this.target.setTopics(patterns);
        return this;
    }

    /** Type to read JSON payloads as. */
    public MeshInboundChannelAdapterSpec payloadType(Class<?> type) {
        this.target.setPayloadType(type);
        return this;
    }
}
