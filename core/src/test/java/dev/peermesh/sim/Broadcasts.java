package dev.peermesh.sim;

import dev.peermesh.MeshMessage;
import dev.peermesh.MessageId;
import dev.peermesh.wire.Frame;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every message the simulation published, with what became of it: fed with each node's deliveries and each payload
 * frame sent.
 *
 * <p>{@code Broadcasts.Summary s = Broadcasts.summarise(list); s.meanReliability();}
 */
final class Broadcasts {

    private final EventQueue queue;
    private final Map<MessageId, Broadcast> byId = new HashMap<>();
    private final List<Broadcast> all = new ArrayList<>();
    private long strayDeliveries;

    Broadcasts(EventQueue queue) {
        this.queue = queue;
    }

    Broadcast open(MessageId id, SimNode origin, long sentAt, int eligible) {
        Broadcast broadcast = new Broadcast(id, origin.index, sentAt, eligible, origin.neighbors);
        byId.put(id, broadcast);
        all.add(broadcast);
        return broadcast;
    }

    void delivered(SimNode node, MeshMessage message) {
        Broadcast broadcast = byId.get(message.id());
        if (broadcast == null) {
            strayDeliveries++;
            return;
        }
        broadcast.delivered(node, message.hops(), queue.now());
    }

    void payloadSent(Frame.Data data) {
        Broadcast broadcast = byId.get(new MessageId(data.origin(), data.sequence()));
        if (broadcast != null) {
            broadcast.payloadSent();
        }
    }

    /** Every broadcast so far, oldest first. */
    List<Broadcast> all() {
        return Collections.unmodifiableList(all);
    }

    /** Deliveries of messages the simulation did not publish: the mesh promises there are none. */
    long strayDeliveries() {
        return strayDeliveries;
    }

    /** Averages and extremes over some broadcasts. */
    record Summary(int count, double meanReliability, double minReliability, int complete, double meanRmr,
            double maxRmr, double meanLastHop, int maxLastHop, int duplicateDeliveries, int fromIsolated) {
    }

    static Summary summarise(List<Broadcast> broadcasts) {
        double reliability = 0;
        double minReliability = 1;
        int complete = 0;
        double rmr = 0;
        double maxRmr = 0;
        int rmrCount = 0;
        double hops = 0;
        int maxHop = 0;
        int duplicates = 0;
        int isolated = 0;
        for (Broadcast b : broadcasts) {
            isolated += b.originNeighbors == 0 ? 1 : 0;
            reliability += b.reliability();
            minReliability = Math.min(minReliability, b.reliability());
            complete += b.missed() == 0 ? 1 : 0;
            if (!Double.isNaN(b.rmr())) {
                rmr += b.rmr();
                maxRmr = Math.max(maxRmr, b.rmr());
                rmrCount++;
            }
            hops += b.lastDeliveryHop();
            maxHop = Math.max(maxHop, b.lastDeliveryHop());
            duplicates += b.duplicateDeliveries();
        }
        int n = Math.max(1, broadcasts.size());
        return new Summary(broadcasts.size(), reliability / n, broadcasts.isEmpty() ? Double.NaN : minReliability,
                complete, rmrCount == 0 ? Double.NaN : rmr / rmrCount, maxRmr, hops / n, maxHop, duplicates, isolated);
    }
}
