package dev.peermesh.listener;

import dev.peermesh.MeshMessage;

import java.util.Map;

import org.springframework.messaging.support.GenericMessage;

/**
 * The Spring message a listener method is called with: the mesh's bytes as payload (converted to the parameter's
 * type as the method is called), the mapped headers, and the {@link MeshMessage} itself for a parameter of that
 * type.
 */
final class ListenerMessage extends GenericMessage<byte[]> {

    private final transient MeshMessage meshMessage;

    ListenerMessage(MeshMessage meshMessage, Map<String, Object> headers) {
        super(meshMessage.payload(), headers);
        this.meshMessage = meshMessage;
    }

    MeshMessage meshMessage() {
        return meshMessage;
    }
}
