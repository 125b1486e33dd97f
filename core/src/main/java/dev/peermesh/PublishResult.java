package dev.peermesh;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What {@link MeshNode#tryPublish(String, byte[], java.util.Map)} did with a message: accepted, with its id, or held
 * back by the node's back-pressure, and why. Only back-pressure is a status; a message that can never go (too large,
 * invalid) or a node that is not running still throws {@link PublishRejectedException}, as {@code publish} does.
 * A refusal carries no per-call detail and allocates nothing, so a publisher may try often.
 *
 * <p>{@code PublishResult result = node.tryPublish("prices", bytes, Map.of());
 * if (!result.accepted()) { keepForLater(bytes, result.status()); }}
 *
 * @param status whether the message was accepted, and if not what holds publishes back
 * @param messageId the accepted message's mesh-wide id; {@code null} when it was not accepted
 */
public record PublishResult(Status status, @Nullable MessageId messageId) {

    private static final PublishResult LINK_CONGESTED = new PublishResult(Status.LINK_CONGESTED, null);
    private static final PublishResult SUBSCRIBERS_BEHIND = new PublishResult(Status.SUBSCRIBERS_BEHIND, null);
    private static final PublishResult QUEUE_FULL = new PublishResult(Status.QUEUE_FULL, null);
    private static final PublishResult TREE_CONGESTED = new PublishResult(Status.TREE_CONGESTED, null);

    /** Checks that an accepted result has an id and a refused one has none. */
    public PublishResult {
        Objects.requireNonNull(status, "status");
        if ((status == Status.ACCEPTED) != (messageId != null)) {
            throw new IllegalArgumentException("An accepted result has a message id and a refused one has none: "
                    + status + ", " + messageId);
        }
    }

    /** The result of a message accepted with this id. */
    public static PublishResult of(MessageId messageId) {
        return new PublishResult(Status.ACCEPTED, Objects.requireNonNull(messageId, "messageId"));
    }

    /** The result of a message held back for {@code status} (not {@link Status#ACCEPTED}); shared instances. */
    public static PublishResult heldBack(Status status) {
        return switch (status) {
            case LINK_CONGESTED -> LINK_CONGESTED;
            case SUBSCRIBERS_BEHIND -> SUBSCRIBERS_BEHIND;
            case QUEUE_FULL -> QUEUE_FULL;
            case TREE_CONGESTED -> TREE_CONGESTED;
            case ACCEPTED -> throw new IllegalArgumentException("An accepted result needs its message id");
        };
    }

    /** Whether the node took the message; it then has a {@link #messageId()}. */
    public boolean accepted() {
        return status == Status.ACCEPTED;
    }

    /**
     * The accepted message's id.
     *
     * @throws PublishRejectedException with {@link PublishRejectedException.Cause#BACKPRESSURE} when the message was
     *         held back, saying why
     */
    public MessageId orElseThrow() {
        if (messageId == null) {
            throw new PublishRejectedException(PublishRejectedException.Cause.BACKPRESSURE, status.description());
        }
        return messageId;
    }

    /** Whether a message was accepted, and if not, what holds the node's publishes back. */
    public enum Status {

        /** The node took the message. */
        ACCEPTED("The message was accepted"),
        /**
         * A neighbor link has more than {@code peermesh.limits.link-high-water} bytes waiting to be sent; publishes
         * go on once it drained below half of that.
         */
        LINK_CONGESTED("A neighbor link has more than peermesh.limits.link-high-water (MeshSettings.Builder"
                + ".linkHighWaterBytes) bytes waiting to be sent; try again once it drained"),
        /**
         * A node further down this node's broadcast tree has more than {@code peermesh.limits.link-high-water} bytes
         * waiting on a link towards other subscribers and asked this node to pause (a PAUSE frame); publishes go on
         * once that link drained.
         */
        TREE_CONGESTED("A node down this node's broadcast tree has more than peermesh.limits.link-high-water "
                + "(MeshSettings.Builder.linkHighWaterBytes) bytes waiting on a link and paused this node's "
                + "publishes; try again once it drained"),
        /**
         * Half of {@code peermesh.limits.max-pending-deliveries} waits for this node's subscribers; publishes go on
         * once a quarter is left.
         */
        SUBSCRIBERS_BEHIND("Half of peermesh.limits.max-pending-deliveries (MeshSettings.Builder"
                + ".maxPendingDeliveries) waits for this node's subscribers; try again once they caught up"),
        /**
         * {@code peermesh.limits.max-pending-publishes} publishes, or {@code limits.max-pending-publish-bytes} payload
         * bytes, already wait for the node.
         */
        QUEUE_FULL("peermesh.limits.max-pending-publishes publishes or limits.max-pending-publish-bytes payload bytes "
                + "(MeshSettings.Builder.maxPendingPublishes, maxPendingPublishBytes) already wait for the node; try "
                + "again once it took some");

        private final String description;

        Status(String description) {
            this.description = description;
        }

        /** What the status means for a publisher, naming the property behind it. */
        public String description() {
            return description;
        }
    }
}
