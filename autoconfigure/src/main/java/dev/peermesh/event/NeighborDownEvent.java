package dev.peermesh.event;

import dev.peermesh.CloseReason;
import dev.peermesh.MeshNode;
import dev.peermesh.Neighbor;

/**
 * A link to a neighbor ended, with the reason and what was said about it. The detail may carry what the peer said,
 * escaped ({@link dev.peermesh.log.PeerText}): safe to log as it is.
 *
 * <p>{@code @EventListener void down(NeighborDownEvent event) { if (event.getReason() ==
 * CloseReason.AUTHENTICATION_FAILED) log.warn("check peermesh.password"); }}
 */
public final class NeighborDownEvent extends PeermeshEvent {

    private final Neighbor neighbor;

    private final CloseReason reason;

    private final String detail;

    public NeighborDownEvent(MeshNode node, Neighbor neighbor, CloseReason reason, String detail) {
        super(node);
        this.neighbor = neighbor;
        this.reason = reason;
        this.detail = detail;
    }

    public Neighbor getNeighbor() {
        return neighbor;
    }

    public CloseReason getReason() {
        return reason;
    }

    public String getDetail() {
        return detail;
    }

    @Override
    public String toString() {
        return "NeighborDownEvent[" + neighbor + ", " + reason + ": " + detail + "]";
    }
}
