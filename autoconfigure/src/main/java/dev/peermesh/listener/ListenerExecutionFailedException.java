package dev.peermesh.listener;

import dev.peermesh.log.PeerText;

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

    /**
     * As Spring's, naming the failed message, whose headers came from a peer: escaped, so logging the exception (the
     * error channel's default handler does) cannot forge log lines.
     */
    @Override
    public String toString() {
        return getClass().getName() + ": " + getMessage() + ", failedMessage="
                + PeerText.escape(String.valueOf(getFailedMessage()), 2048);
    }
}
