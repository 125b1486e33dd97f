package dev.peermesh;

/**
 * A publish that was not accepted into the mesh. The message says what was wrong and what to do; {@link #cause()}
 * says whether trying again later can help.
 *
 * <p>{@code try { node.publish(...); }
 * catch (PublishRejectedException ex) { if (ex.cause() == Cause.BACKPRESSURE) retryLater(); }}
 */
public final class PublishRejectedException extends RuntimeException {

    private final Cause cause;

    /**
     * A rejection. One for {@link Cause#BACKPRESSURE} carries no stack trace: it is flow control, thrown often at a
     * publisher that outruns the mesh with {@code publish-timeout} 0, and its message names the node and the
     * reason.
     */
    public PublishRejectedException(Cause cause, String message) {
        super(message, null, true, cause != Cause.BACKPRESSURE);
        this.cause = cause;
    }

    /** Why the publish was rejected. */
    public Cause cause() {
        return cause;
    }

    /** Why a publish was rejected. */
    public enum Cause {

        /** The message is larger than the mesh's maximum message size. Split it or raise the limit. */
        TOO_LARGE,
        /** The topic or a header breaks a limit or is empty. Fix the message. */
        INVALID,
        /**
         * The node held publishes back (a congested link, subscribers behind, a full queue) for longer than the
         * publisher could wait ({@link MeshSettings#publishTimeout()}), or the waiting thread was interrupted. Slow
         * down and try again, or wait longer.
         */
        BACKPRESSURE,
        /** The node is not running. Start it first. */
        NOT_RUNNING,
        /**
         * The node had no neighbor, so no other node would have received the message. The core delivers such a
         * publish to the node's own subscribers; the Spring {@code PeermeshTemplate} raises this instead, at once or
         * after waiting for a neighbor, as {@code peermesh.template.when-alone} says. Try again once the node is
         * online.
         */
        NO_NEIGHBORS
    }
}
