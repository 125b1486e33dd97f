package dev.peermesh.resolver.server.api;

import java.io.IOException;

/**
 * A request body longer than {@link BodyLimitFilter#MAX_BODY_BYTES}, found while reading it.
 *
 * <p>{@code throw new BodyTooLargeException(BodyTooLargeException.detail(bytesRead));}
 */
public final class BodyTooLargeException extends IOException {

    BodyTooLargeException(String detail) {
        super(detail);
    }

    static String detail(long bytes) {
        return "The request body is longer than " + BodyLimitFilter.MAX_BODY_BYTES + " bytes (" + bytes
                + " bytes seen); send at most " + BodyLimitFilter.MAX_BODY_BYTES + " bytes: fewer or shorter addresses";
    }
}
