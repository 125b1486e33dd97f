package dev.peermesh.integration.dsl;

import dev.peermesh.MeshNode;
import dev.peermesh.integration.outbound.MeshMessageHandler;

import java.time.Duration;

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

    /**
     * How long a message may wait while the node holds publishes back; by default {@code peermesh.publish-timeout}.
     * See {@link MeshMessageHandler#setSendTimeout(Duration)}.
     */
    public MeshMessageHandlerSpec sendTimeout(Duration sendTimeout) {
        this.target.setSendTimeout(sendTimeout);
        return this;
    }

    /** Hop limit for messages without a peermesh_hopLimit header; 0 for no limit. */
    public MeshMessageHandlerSpec hopLimit(int hopLimit) {
        this.target.setDefaultHopLimit(hopLimit);
        return this;
    }
}
