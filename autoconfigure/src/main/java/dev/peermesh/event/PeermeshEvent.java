package dev.peermesh.event;

import dev.peermesh.MeshNode;

import org.springframework.context.ApplicationEvent;

/**
 * Something that happened to the application's mesh node; the source is the node. Published on the node's delivery
 * thread, in the order it happened: an {@code @EventListener} method runs there too, so it keeps it short (or is
 * {@code @Async}) — deliveries to subscribers wait meanwhile.
 *
 * <p>{@code @EventListener void on(PeermeshEvent event) { log.info("{}", event); }}
 */
public abstract class PeermeshEvent extends ApplicationEvent {

    protected PeermeshEvent(MeshNode node) {
        super(node);
    }

    /** The node it happened to. */
    public MeshNode getNode() {
        return (MeshNode) getSource();
    }
}
