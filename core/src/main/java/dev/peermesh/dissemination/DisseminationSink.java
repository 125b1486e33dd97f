package dev.peermesh.dissemination;

import dev.peermesh.MeshMessage;
import dev.peermesh.MessageId;
import dev.peermesh.wire.Frame;

/**
 * Where a {@link Dissemination} sends its decisions. The protocol provides it; every call is made on the node's
 * protocol thread.
 */
public interface DisseminationSink {

    /** Send a frame on a neighbor link. */
    void send(long link, Frame frame);

    /** Hand a message to this node's subscribers. */
    void deliver(MeshMessage message);

    /** This node's id: a message whose {@link MeshMessage#TARGET_HEADER} names another is passed by, not delivered. */
    default long self() {
        return 0;
    }

    /** The link to the node with this id — its neighbor link, else a direct link — or 0 when there is none. */
    default long linkTo(long node) {
        return 0;
    }

    /** Open a direct link to this node, when its address is known, so later messages for it go straight. */
    default void reach(long node) {
    }

    /**
     * A new message from another node that is not for this node's subscribers (the propagation filter kept it, or it
     * is for another node): a sink that delivers each origin's messages in order goes on past it rather than wait for
     * it. {@code replayed}: a catch-up replayed it — an order treats the numbers missing before a replayed one as
     * history, not gaps, when the node catches up on some topics only.
     */
    default void passedBy(MessageId id, boolean replayed) {
    }

    /**
     * This node began ({@code true}) or ended a catch-up ({@link CatchUp}): replayed messages may come for origins
     * first heard meanwhile, older than their live ones. A sink that delivers each origin's messages in order lets
     * such origins' orders wait for them until the catch-up ends.
     */
    default void catchingUp(boolean on) {
    }

    /** Call {@link Dissemination#onTimer(long)} with {@code token} after the delay. */
    void schedule(long token, long delayMillis);

    /**
     * The node's clock, in milliseconds, for measuring delays (the origin is arbitrary): the driver's monotonic
     * clock, or the simulator's virtual one. Protocol code reads no clock of its own.
     */
    long now();

    /** Report a message this node knows it missed and could not repair. */
    void lost(MessageId id, String reason);

    /**
     * Whether a message not seen before, which arrived on {@code link}, comes from its origin unaltered. When not, it
     * must be neither delivered nor forwarded nor remembered as seen (a genuine copy may still come); the protocol
     * has counted it, and may have closed the link.
     */
    default boolean authentic(long link, Frame.Data message) {
        return true;
    }

    /**
     * Whether the neighbor on {@code link} accepts this message: it is no longer than the neighbor's maximum
     * message size, told in the handshake. When not, the message must be neither sent nor announced on that link (a
     * DATA over the limit closes the link at the neighbor; an announcement would only have it pull in vain); the
     * protocol has counted and reported it.
     */
    default boolean fits(long link, Frame.Data message) {
        return true;
    }

    /**
     * Hold this node's own publishes ({@code true}) or let them go on: a node down its broadcast tree asked it to
     * pause (a PAUSE naming it; {@code TreeHolds}). Called on changes only.
     */
    default void holdPublishes(boolean held) {
    }

    /**
     * Whether messages wait here for delivery in bulk: a sink that holds each origin's messages behind a gap
     * ({@link OriginOrder}) past a quarter of its bound. The tree then pauses the origins whose messages come in, up
     * their trees, as for a congested child link ({@link TreeHolds#LOCAL_DELIVERY}), until it drains.
     */
    default boolean deliveryBacklogged() {
        return false;
    }

    /** Whether this link has more queued than its high-water mark; see {@code Actions#congested(long)}. */
    default boolean congested(long link) {
        return false;
    }

    /**
     * Whether this link has more queued than the hard payload cap ({@code peermesh.tree.payload-backlog-cap}): the
     * link counts as lossy, and a payload that would have been pushed on it is announced instead and repaired by a
     * pull. Below the cap a tree link always gets its payloads: an announcement on another, idle link would overtake
     * them and have the peer pull what is already on its way. The protocol counts each yes as a payload kept off.
     */
    default boolean overPayloadCap(long link) {
        return false;
    }
}
