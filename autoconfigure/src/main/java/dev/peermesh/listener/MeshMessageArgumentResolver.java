package dev.peermesh.listener;

import dev.peermesh.MeshMessage;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;

/** Gives a listener method's {@link MeshMessage} parameter the message as the node delivered it. */
final class MeshMessageArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == MeshMessage.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, Message<?> message) {
        if (message instanceof ListenerMessage listenerMessage) {
            return listenerMessage.meshMessage();
        }
        throw new IllegalStateException("A MeshMessage parameter is given only to @PeermeshListener methods");
    }
}
