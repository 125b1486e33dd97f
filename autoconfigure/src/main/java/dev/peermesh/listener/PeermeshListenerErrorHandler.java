package dev.peermesh.listener;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;

/**
 * Handles what a {@link PeermeshListener} method threw, named by its {@link PeermeshListener#errorHandler()}. What
 * it returns answers the message when it was a request (null: no answer); what it throws goes to the application's
 * {@code errorChannel}.
 *
 * <p>{@code @Bean PeermeshListenerErrorHandler orderErrors() { return (message, ex) -> new Rejected(ex); }}
 */
@FunctionalInterface
public interface PeermeshListenerErrorHandler {

    /**
     * Handles a failure.
     *
     * @param message the message the listener failed on, its payload as the mesh's bytes
     * @param exception the failure, with the listener's id; its cause is what the method threw
     * @return a reply to a request, or null
     */
    @Nullable Object handleError(Message<?> message, ListenerExecutionFailedException exception) throws Exception;
}
