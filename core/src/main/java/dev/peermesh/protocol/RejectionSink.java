package dev.peermesh.protocol;

import dev.peermesh.Rejection;

/**
 * Where the protocol's parts report what they turned away: the protocol counts it and passes it to the driver.
 */
@FunctionalInterface
interface RejectionSink {

    /** Something that came on {@code link} (0 for none) was turned away. */
    void reject(long link, Rejection reason, String detail);
}
