package dev.peermesh.web;

import java.io.IOException;

/**
 * A request body that grew past its {@link BodyLimitFilter}'s limit while being read. Thrown from the request's input
 * stream, so Spring MVC reports it as the cause of an {@code HttpMessageNotReadableException}, which the application's
 * exception handler answers.
 *
 * <p>{@code if (cause instanceof BodyTooLargeException tooLarge) { ... tooLarge.bytesSeen() ... }}
 */
public final class BodyTooLargeException extends IOException {

    private final long maxBytes;

    private final long bytesSeen;

    BodyTooLargeException(long maxBytes, long bytesSeen) {
        super("The request body is longer than " + maxBytes + " bytes (" + bytesSeen + " bytes seen)");
        this.maxBytes = maxBytes;
        this.bytesSeen = bytesSeen;
    }

    /** The limit that was passed. */
    public long maxBytes() {
        return maxBytes;
    }

    /** The bytes read when the limit was passed: at most one read's worth beyond the limit. */
    public long bytesSeen() {
        return bytesSeen;
    }
}
