package dev.peermesh.observation;

import dev.peermesh.MeshMessage;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;

/**
 * What a {@code peermesh.receive} observation knows: the message (whose headers carry the publisher's trace
 * context), the mesh, and the listener that handles it.
 *
 * <p>{@code new MeshReceiveContext(message, "orders-mesh", "orderListener")}
 */
public class MeshReceiveContext extends ReceiverContext<MeshMessage> {

    private final String meshId;

    private final String listenerId;

    public MeshReceiveContext(MeshMessage message, String meshId, String listenerId) {
        super((carrier, key) -> carrier.headers().get(key), Kind.CONSUMER);
        setCarrier(message);
        setRemoteServiceName("peermesh");
        this.meshId = meshId;
        this.listenerId = listenerId;
    }

    /** The mesh the node belongs to. */
    public String getMeshId() {
        return meshId;
    }

    /** The id of the listener handling the message. */
    public String getListenerId() {
        return listenerId;
    }

    /** The message received. */
    public MeshMessage getMessage() {
        MeshMessage message = getCarrier();
        if (message == null) {
            throw new IllegalStateException("The receive context has no message");
        }
        return message;
    }
}
