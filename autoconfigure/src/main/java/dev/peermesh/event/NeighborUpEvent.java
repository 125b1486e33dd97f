package dev.peermesh.event;

import dev.peermesh.MeshNode;
import dev.peermesh.Neighbor;

/**
 * A link to a neighbor was established (authenticated).
 *
 * <p>{@code @EventListener void up(NeighborUpEvent event) { log.info("neighbor {}", event.getNeighbor()); }}
 */
public final class NeighborUpEvent extends PeermeshEvent {

    private final Neighbor neighbor;

    public NeighborUpEvent(MeshNode node, Neighbor neighbor) {
        super(node);
        this.neighbor = neighbor;
    }

    public Neighbor getNeighbor() {
        return neighbor;
    }

    @Override
    public String toString() {
        return "NeighborUpEvent[" + neighbor + "]";
    }
}
