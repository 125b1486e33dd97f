package dev.peermesh.integration.inbound;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.util.ErrorHandler;

/**
 * The error handler of the inbound channel: counts the failures of the flows subscribed to it and hands each on,
 * by default to the application's {@code errorChannel} (Spring Integration's {@code MessagePublishingErrorHandler}).
 * The channel dispatches each subscriber on its own, so a failing flow keeps no message from the others.
 *
 * <p>{@code new PublishSubscribeChannel(new SyncTaskExecutor())} with {@code setErrorHandler(failures)}
 */
public class SubscriberFailures implements ErrorHandler {

    private final ErrorHandler delegate;

    private final AtomicLong failed = new AtomicLong();

    public SubscriberFailures(ErrorHandler delegate) {
        this.delegate = delegate;
    }

    /** Failures of subscribed flows so far: one per message and failing flow. */
    public long getFailedCount() {
        return failed.get();
    }

    @Override
    public void handleError(Throwable failure) {
        failed.incrementAndGet();
        delegate.handleError(failure);
    }
}
