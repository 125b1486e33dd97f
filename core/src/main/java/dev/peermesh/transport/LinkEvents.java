package dev.peermesh.transport;

import dev.peermesh.PeerAddress;
import dev.peermesh.wire.DecodeFailure;
import dev.peermesh.wire.Frame;

import org.jspecify.annotations.Nullable;

/**
 * What the transport reports about its links; every call arrives on the node's event loop.
 */
public interface LinkEvents {

    /**
     * A link is open: {@code dialled} is the address dialled, or {@code null} for an accepted link, which came from
     * the IP address {@code remoteHost} ({@code null} when unknown).
     */
    void onLinkOpened(long link, @Nullable PeerAddress dialled, @Nullable String remoteHost);

    /** The link's TLS handshake failed; the transport closes the link. */
    default void onTlsFailure(long link, String cause) {
    }

    /** A dial did not connect. */
    void onDialFailed(PeerAddress address, String cause);

    /** A frame arrived. */
    void onFrame(long link, Frame frame);

    /** The link sent bytes that break the protocol. */
    void onDecodeFailure(long link, DecodeFailure failure);

    /** More bytes are queued for the link than allowed. */
    void onBacklogOverflow(long link);

    /** The link closed. */
    void onLinkClosed(long link);

    /** No link is congested any more (see {@link NettyTransport#congested()}); publishes may flow again. */
    default void onCongestionCleared() {
    }
}
