package dev.peermesh.protocol;

import dev.peermesh.protocol.link.Link;
import dev.peermesh.wire.Reason;

/**
 * Ends a link: what the protocol's parts call when a link must go. {@link Links} is the one that does it.
 */
@FunctionalInterface
interface Closer {

    /** Tells the peer why (when {@code tell}), asks the driver to close the link and updates membership. */
    void close(Link link, Reason reason, String detail, boolean tell);
}
