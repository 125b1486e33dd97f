package dev.peermesh.sim;

import dev.peermesh.MessageId;

import java.util.BitSet;
import java.util.List;

/**
 * What became of one published message: who delivered it, over how many hops, and how many payload frames carried
 * it. Its figures follow the HyParView and Plumtree papers:
 * <ul>
 * <li>{@link #reliability()} — share of the nodes live when it was sent, the origin excepted, that delivered it;
 * <li>{@link #rmr()} — relative message redundancy, {@code payload frames / (n − 1) − 1} with {@code n} the nodes that
 * delivered it (the origin included): 0 when every copy reached a node that needed it;
 * <li>{@link #lastDeliveryHop()} — the most links any delivered copy crossed.
 * </ul>
 *
 * <p>{@code Broadcast b = simulation.publish(origin); simulation.runFor(1_000);
 * assertThat(b.reliability()).isEqualTo(1.0);}
 */
final class Broadcast {

    final MessageId id;
    final int origin;
    final long sentAt;
    /** Nodes live at {@link #sentAt}, the origin excepted. */
    final int eligible;
    /** The origin's neighbors when it published: with none, the message goes nowhere. */
    final int originNeighbors;

    private final BitSet deliveredBy = new BitSet();
    private int deliveries;
    private int reached;
    private int duplicateDeliveries;
    private int lastDeliveryHop;
    private long lastDeliveryAt;
    private long payloadFrames;

    Broadcast(MessageId id, int origin, long sentAt, int eligible, int originNeighbors) {
        this.id = id;
        this.origin = origin;
        this.sentAt = sentAt;
        this.eligible = eligible;
        this.originNeighbors = originNeighbors;
        this.lastDeliveryAt = sentAt;
    }

    void delivered(SimNode node, int hops, long now) {
        if (deliveredBy.get(node.index)) {
            duplicateDeliveries++;
            return;
        }
        deliveredBy.set(node.index);
        deliveries++;
        if (node.index != origin && node.liveAt(sentAt)) {
            reached++;
        }
        lastDeliveryHop = Math.max(lastDeliveryHop, hops);
        lastDeliveryAt = Math.max(lastDeliveryAt, now);
    }

    void payloadSent() {
        payloadFrames++;
    }

    /** Share of the nodes live at send time, the origin excepted, that delivered it; 1 when there were none. */
    double reliability() {
        return eligible == 0 ? 1.0 : (double) reached / eligible;
    }

    /**
     * Share of the nodes that delivered it or stayed live {@code windowMillis} after it was sent — the papers' "active
     * nodes" — among those live when it was sent, the origin excepted; 1 when there were none. A node that crashed
     * within the window without delivering it is not counted against it (see {@link #crashedBeforeReached}).
     */
    double reliabilityAmongSurvivors(List<SimNode> nodes, long windowMillis) {
        int missed = 0;
        int crashed = crashedBeforeReached(nodes, windowMillis);
        int active = eligible - crashed;
        for (SimNode node : nodes) {
            if (node.index != origin && node.liveAt(sentAt) && !deliveredBy(node)
                    && node.liveAt(sentAt + windowMillis)) {
                missed++;
            }
        }
        return active == 0 ? 1.0 : (double) (active - missed) / active;
    }

    /** Nodes live when it was sent that crashed within {@code windowMillis} without delivering it. */
    int crashedBeforeReached(List<SimNode> nodes, long windowMillis) {
        int crashed = 0;
        for (SimNode node : nodes) {
            if (node.index != origin && node.liveAt(sentAt) && !deliveredBy(node)
                    && !node.liveAt(sentAt + windowMillis)) {
                crashed++;
            }
        }
        return crashed;
    }

    /** Relative message redundancy; {@code NaN} when no node but the origin delivered it. */
    double rmr() {
        return deliveries <= 1 ? Double.NaN : (double) payloadFrames / (deliveries - 1) - 1;
    }

    /** The most hops any delivery took. */
    int lastDeliveryHop() {
        return lastDeliveryHop;
    }

    /** Milliseconds from publish to the last delivery. */
    long lastDeliveryDelay() {
        return lastDeliveryAt - sentAt;
    }

    /** Nodes that delivered it, the origin included. */
    int deliveries() {
        return deliveries;
    }

    /** Live nodes at send time, the origin excepted, that did not deliver it. */
    int missed() {
        return eligible - reached;
    }

    /** Deliveries to a node that had delivered it already: the mesh promises there are none. */
    int duplicateDeliveries() {
        return duplicateDeliveries;
    }

    /** Payload frames that carried it. */
    long payloadFrames() {
        return payloadFrames;
    }

    /** Whether {@code node} delivered it. */
    boolean deliveredBy(SimNode node) {
        return deliveredBy.get(node.index);
    }

    @Override
    public String toString() {
        return String.format("%s from #%d at %d ms: reliability %.4f (%d of %d missed), RMR %.3f, last hop %d",
                id, origin, sentAt, reliability(), missed(), eligible, rmr(), lastDeliveryHop);
    }
}
