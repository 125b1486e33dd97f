package dev.peermesh.sample.api;

import java.io.IOException;

/** A request body that grew past {@link BodyLimitFilter#MAX_BODY_BYTES} while being read; answered with 413. */
final class BodyTooLargeException extends IOException {

    BodyTooLargeException() {
        super(BodyLimitFilter.DETAIL);
    }
}
