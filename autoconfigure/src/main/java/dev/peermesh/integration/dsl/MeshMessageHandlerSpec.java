package dev.peermesh.integration.dsl;

import dev.peermesh.MeshNode;
import dev.peermesh.integration.outbound.MeshMessageHandler;

import org.springframework.integration.dsl.MessageHandlerSpec;

/**
 * Configures a {@link MeshMessageHandler} in the Java DSL.
 */
public class MeshMessageHandlerSpec extends MessageHandlerSpec<MeshMessageHandlerSpec, MeshMessageHandler> {

    MeshMessageHandlerSpec(MeshNode node) {
        this.target = new MeshMessageHandler(node);
    }

    /** Topic for messages without a peermesh_topic header. */
    public MeshMessageHandlerSpec topic(String topic) {
        this.target.setDefaultTopic(topic);
        return this;
    }

    /** Hop limit for messages without a peermesh_hopLimit header; 0 for no limit. */
    public MeshMessageHandlerSpec hopLimit(int hopLimit) {
        this.target.setDefaultHopLimit(hopLimit);
        return this;
    }
}
