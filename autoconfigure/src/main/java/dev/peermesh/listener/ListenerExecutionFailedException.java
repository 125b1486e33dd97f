package dev.peermesh.listener;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;

/**
 * A {@link PeermeshListener} method failed on a message (or its payload could not be converted): what the
 * listener's error handler and the application's {@code errorChannel} receive, with the message and the listener.
 */
public class ListenerExecutionFailedException extends MessagingException {

    private final String listenerId;

    public ListenerExecutionFailedException(Message<?> failedMessage, String listenerId, String description,
            Throwable cause) {
        super(failedMessage, description, cause);
        this.listenerId = listenerId;
    }

    /** The id of the listener that failed. */
    public String getListenerId() {
        return listenerId;
    }
}
