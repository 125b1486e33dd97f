package dev.peermesh.protocol;

import dev.peermesh.MeshMessage;
import dev.peermesh.PeerAddress;
import dev.peermesh.Rejection;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.Reason;

import org.jspecify.annotations.Nullable;

/**
 * What the protocol asks of whoever drives it: the Netty transport in production, a simulator in tests. Every call
 * is made on the node's protocol thread and must not block.
 */
public interface Actions {

    /** Send a frame on a link. */
    void send(long link, Frame frame);

    /** Hand a message to this node's subscribers. */
    void deliver(MeshMessage message);

    /** Flush what was sent on the link, then close it. The driver then reports {@code onLinkClosed}. */
    void close(long link);

    /** Open a TCP link to the address; the driver reports {@code onLinkOpened} or {@code onDialFailed}. */
    void dial(PeerAddress address);

    /** Call {@code onTimer(timer)} after the delay. */
    void schedule(Timer timer, long delayMillis);

    /**
     * The node's clock in milliseconds (any origin; monotonic): the driver's, or the simulator's virtual clock. The
     * protocol reads no clock itself; it only measures delays with this one.
     */
    long now();

    /** Ask the resolver for up to {@code maxAddresses} peers; the driver reports {@code onResolved}. */
    void resolve(int maxAddresses);

    /** Tell the application about a membership change. */
    void event(MeshEvent event);

    /**
     * The node turned away something a peer sent; already counted by the protocol. The driver logs it (at a
     * bounded rate); the simulator may ignore it.
     *
     * @param link the link it came on, or 0 when none
     */
    default void rejected(long link, Rejection reason, String detail) {
    }

    /**
     * The neighbor with the smallest maximum message size is now {@code smallest}, or there is no neighbor
     * ({@code null}). Called when that changes, so a publisher on another thread can refuse at once a message some
     * neighbor would not accept. The simulator may ignore it.
     */
    default void smallestNeighborLimit(@Nullable NeighborLimit smallest) {
    }

    /**
     * A link this node dialled ended before its handshake finished (refused by either side, timed out, TLS failed,
     * closed); the address now cools down. The driver remembers it to say, when the node stays alone, what was tried;
     * a TCP dial that did not connect is reported as {@code onDialFailed} instead.
     */
    default void handshakeFailed(PeerAddress dialled, Reason reason, String detail) {
    }

    /**
     * Whether this link has more queued than its high-water mark, so that what can wait should wait. A driver
     * without congestion (the simulator in its zero-cost mode) never reports any.
     */
    default boolean congested(long link) {
        return false;
    }

    /**
     * Hold this node's own publishes, or let them go on: a node down its broadcast tree paused it (see
     * {@code DisseminationSink#holdPublishes}). Called on changes only.
     */
    default void holdPublishes(boolean held) {
    }

    /** Bytes queued for this link and not yet written to its socket; 0 for a driver that does not queue. */
    default long queuedBytes(long link) {
        return 0;
    }
}
