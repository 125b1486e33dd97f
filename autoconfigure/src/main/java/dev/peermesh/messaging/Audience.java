package dev.peermesh.messaging;

import dev.peermesh.MeshListener;
import dev.peermesh.MeshNode;
import dev.peermesh.Neighbor;
import dev.peermesh.PublishRejectedException;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether a node has someone to send to, and the wait for a first neighbor that {@link WhenAlone} asks for: a
 * listener on the node completes every waiting future when a neighbor comes up.
 */
final class Audience implements MeshListener {

    private final MeshNode node;

    private final WhenAlone whenAlone;

    private CompletableFuture<Integer> nextNeighbor = new CompletableFuture<>();

    Audience(MeshNode node, WhenAlone whenAlone) {
        this.node = node;
        this.whenAlone = whenAlone;
        node.addListener(this);
    }

    /**
     * The node's neighbor count once a message may go on the topic: at once while it has neighbors (or the policy
     * is {@link WhenAlone#PUBLISH}), else when one comes up within the publish timeout; fails with
     * {@link PublishRejectedException.Cause#NO_NEIGHBORS} as the policy says.
     */
    CompletableFuture<Integer> ready(String topic) {
        int neighbors = node.neighborCount();
        if (neighbors > 0 || whenAlone == WhenAlone.PUBLISH || !node.isRunning()) {
            return CompletableFuture.completedFuture(neighbors); // a stopped node refuses the publish itself
        }
        Duration timeout = node.settings().publishTimeout();
        if (whenAlone == WhenAlone.FAIL || timeout.isZero()) {
            return CompletableFuture.failedFuture(alone(topic, Duration.ZERO));
        }
        CompletableFuture<Integer> waiting;
        synchronized (this) {
            waiting = nextNeighbor;
        }
        neighbors = node.neighborCount(); // one may have come up before this waited: its event came or comes later
        if (neighbors > 0) {
            return CompletableFuture.completedFuture(neighbors);
        }
        return waiting.copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).exceptionallyCompose(ex ->
                CompletableFuture.failedFuture(ex instanceof TimeoutException ? alone(topic, timeout) : ex));
    }

    @Override
    public void neighborUp(Neighbor neighbor) {
        CompletableFuture<Integer> waiting;
        synchronized (this) {
            waiting = nextNeighbor;
            nextNeighbor = new CompletableFuture<>();
        }
        waiting.complete(Math.max(1, node.neighborCount()));
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
