package dev.peermesh.messaging;

/**
 * What {@link PeermeshTemplate} does with a message while its node has no neighbor, so that no other node would
 * receive it ({@code peermesh.template.when-alone}).
 */
public enum WhenAlone {

    /**
     * Wait for a first neighbor, at most the node's publish timeout ({@code peermesh.publish-timeout}), then fail
     * with {@link dev.peermesh.PublishRejectedException.Cause#NO_NEIGHBORS}. The default: a service that publishes
     * as it starts does not lose its first events to a mesh still forming, and a node cut off says so.
     */
    WAIT,

    /**
     * Publish at once: the node's own listeners get it, neighbors that catch up ({@code peermesh.catch-up}) may, the
     * receipt says it reached no neighbor. For a mesh whose first node is legitimately alone.
     */
    PUBLISH,

    /** Fail at once with {@link dev.peermesh.PublishRejectedException.Cause#NO_NEIGHBORS}. */
    FAIL
}
