package dev.peermesh.listener;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;

/**
 * One listener method as its annotation describes it, resolved: what a {@link ListenerContainer} runs.
 *
 * @param id the listener's id
 * @param topics the topic patterns it takes
 * @param method the bean's method, ready to be called with a message
 * @param includeOwn whether it gets its own node's messages
 * @param concurrency how many threads run it
 * @param errorHandler what handles its failures, or null for the error channel alone
 */
public record ListenerEndpoint(String id, List<String> topics, InvocableHandlerMethod method, boolean includeOwn,
        int concurrency, @Nullable PeermeshListenerErrorHandler errorHandler) {

    public ListenerEndpoint {
        topics = List.copyOf(topics);
    }
}
