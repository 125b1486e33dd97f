package dev.peermesh.observation;

import java.util.Map;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;

/**
 * What a {@code peermesh.publish} observation knows: the mesh, the topic, how the message goes out ({@code publish},
 * {@code send} to one node, {@code request}), and the outgoing headers, into which a tracer writes the trace
 * context ({@code traceparent}).
 *
 * <p>{@code new MeshPublishContext(headers, "orders-mesh", "orders.placed", "publish")}
 */
public class MeshPublishContext extends SenderContext<Map<String, String>> {

    private final String meshId;

    private final String topic;

    private final String operation;

    public MeshPublishContext(Map<String, String> headers, String meshId, String topic, String operation) {
        super((carrier, key, value) -> {
            if (carrier != null) {
                carrier.put(key, value);
            }
        }, Kind.PRODUCER);
        setCarrier(headers);
        setRemoteServiceName("peermesh");
        this.meshId = meshId;
        this.topic = topic;
        this.operation = operation;
    }

    /** The mesh the node belongs to. */
    public String getMeshId() {
        return meshId;
    }

    /** The message's topic. */
    public String getTopic() {
        return topic;
    }

    /** {@code publish}, {@code send} or {@code request}. */
    public String getOperation() {
        return operation;
    }
}
