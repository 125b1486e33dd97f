package dev.peermesh.event;

import dev.peermesh.CloseReason;
import dev.peermesh.MeshListener;
import dev.peermesh.MeshNode;
import dev.peermesh.MessageId;
import dev.peermesh.Neighbor;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes the node's changes as application events ({@link PeermeshEvent} and its kinds): a {@link MeshListener}
 * on the node, added when this is made — before the node starts, so its first neighbor is heard — and removed by
 * {@link #close()}. Auto-configured; a bean of this type of the application's own replaces it.
 *
 * <p>{@code new MeshEventPublisher(node, applicationContext)}
 */
public class MeshEventPublisher implements MeshListener, AutoCloseable {

    private final MeshNode node;

    private final ApplicationEventPublisher events;

    public MeshEventPublisher(MeshNode node, ApplicationEventPublisher events) {
        this.node = node;
        this.events = events;
        node.addListener(this);
    }

    @Override
    public void online() {
        events.publishEvent(new MeshOnlineEvent(node));
    }

    @Override
    public void offline() {
        events.publishEvent(new MeshOfflineEvent(node));
    }

    @Override
    public void neighborUp(Neighbor neighbor) {
        events.publishEvent(new NeighborUpEvent(node, neighbor));
    }

    @Override
    public void neighborDown(Neighbor neighbor, CloseReason reason, String detail) {
        events.publishEvent(new NeighborDownEvent(node, neighbor, reason, detail));
    }

    @Override
    public void messageLost(MessageId id, String reason) {
        events.publishEvent(new MessageLostEvent(node, id, reason));
    }

    /** Stops publishing: the listener leaves the node. */
    @Override
    public void close() {
        node.removeListener(this);
    }
}
