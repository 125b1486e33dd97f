package dev.peermesh.messaging;

import dev.peermesh.MeshNode;
import dev.peermesh.PublishRejectedException;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether a node has someone to send to, and the wait for a first neighbor that {@link WhenAlone} asks for. The wait
 * is the node's own ({@link MeshNode#whenOnline()}): woken from the node's protocol thread, so a listener that
 * publishes on the delivery thread is woken too, and forgotten by the node when it times out.
 */
final class Audience {

    private final MeshNode node;

    private final WhenAlone whenAlone;

    Audience(MeshNode node, WhenAlone whenAlone) {
        this.node = node;
        this.whenAlone = whenAlone;
    }

    /**
     * The node's neighbor count once a message may go on the topic: at once while it has neighbors (or the policy
     * is {@link WhenAlone#PUBLISH}, or the node is not running: its publish refuses the message itself), else when
     * one comes up within {@code timeout}; fails with {@link PublishRejectedException.Cause#NO_NEIGHBORS} as the
     * policy says, or {@code NOT_RUNNING} when the node stops meanwhile.
     */
    CompletableFuture<Integer> ready(String topic, Duration timeout) {
        int neighbors = node.neighborCount();
        if (neighbors > 0 || whenAlone == WhenAlone.PUBLISH || !node.isRunning()) {
            return CompletableFuture.completedFuture(neighbors);
        }
        if (whenAlone == WhenAlone.FAIL || timeout.isZero()) {
            return CompletableFuture.failedFuture(alone(topic, Duration.ZERO));
        }
        return node.whenOnline().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((online, ex) -> {
                    if (ex == null) {
                        return Math.max(1, node.neighborCount());
                    }
                    Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
                    throw new CompletionException(cause instanceof TimeoutException ? alone(topic, timeout)
                            : new PublishRejectedException(PublishRejectedException.Cause.NOT_RUNNING, "Not sent on "
                                    + "topic '" + topic + "': the node stopped while waiting for a neighbor"));
                });
    }

    private PublishRejectedException alone(String topic, Duration waited) {
        String meshId = node.settings().meshId();
        return new PublishRejectedException(PublishRejectedException.Cause.NO_NEIGHBORS, "Not sent on topic '"
                + topic + "': the node has no neighbor in mesh '" + meshId + "'"
                + (waited.isZero() ? "" : " (waited " + waited.toMillis() + " ms, peermesh.publish-timeout)")
                + ", so no other node would receive it. Check that other members run and that this node reaches "
                + "them (its log names the peers it tried), or set peermesh.template.when-alone=publish for a node "
                + "that may legitimately be alone");
    }
}
