package dev.peermesh.soak;

import dev.peermesh.MeshListener;
import dev.peermesh.MeshMessage;
import dev.peermesh.MeshNode;
import dev.peermesh.MessageId;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * One life of one node of the soak, from its start to its departure (or the end of the run), and what it delivered:
 * each publisher's sequence numbers, duplicates, publish→delivery latencies of messages published after it started
 * and after the warm-up, and the messages it reported lost ({@link MeshListener#messageLost}).
 */
final class Incarnation {

    private final int slot;

    private final MeshNode node;

    private final long startedAt;

    private final LongSupplier measuredFrom;

    private long warmupMax;

    private final BitSet[] delivered;

    private final long[] duplicates;

    private long[] latencies = new long[1024];

    private int latencyCount;

    private final List<MessageId> reportedLost = new ArrayList<>();

    private final Map<String, Integer> lossReasons = new TreeMap<>();

    private volatile boolean departed;

    /**
     * @param measuredFrom nano time from which on a publish→delivery latency is a measured one (before it, the
     *        warm-up's, of which only the highest is kept)
     */
    Incarnation(int slot, MeshNode node, int publishers, LongSupplier measuredFrom) {
        this.slot = slot;
        this.node = node;
        this.startedAt = System.nanoTime();
        this.measuredFrom = measuredFrom;
        this.delivered = new BitSet[publishers];
        this.duplicates = new long[publishers];
        for (int p = 0; p < publishers; p++) {
            delivered[p] = new BitSet();
        }
        node.subscribe(ChurnSoak.TOPIC, this::deliver);
        node.addListener(new MeshListener() {
            @Override
            public void messageLost(MessageId id, String reason) {
                lost(id, reason);
            }
        });
    }

    int slot() {
        return slot;
    }

    MeshNode node() {
        return node;
    }

    /** Nano time it was started. */
    long startedAt() {
        return startedAt;
    }

    boolean departed() {
        return departed;
    }

    void depart(Departure departure) {
        departed = true;
        departure.depart(node);
    }

    private void deliver(MeshMessage message) {
        if (message.id().origin() == node.nodeId()) {
            return;
        }
        long now = System.nanoTime();
        SoakPayload payload = SoakPayload.of(message.payload());
        synchronized (this) {
            BitSet seen = delivered[payload.publisher()];
            if (seen.get(payload.sequence())) {
                duplicates[payload.publisher()]++;
                return;
            }
            seen.set(payload.sequence());
            if (payload.publishedAt() < measuredFrom.getAsLong()) {
                warmupMax = Math.max(warmupMax, now - payload.publishedAt());
            }
            else if (payload.publishedAt() >= startedAt) {
                if (latencyCount == latencies.length) {
                    latencies = Arrays.copyOf(latencies, latencyCount * 2);
                }
                latencies[latencyCount++] = now - payload.publishedAt();
            }
        }
    }

    private synchronized void lost(MessageId id, String reason) {
        reportedLost.add(id);
        lossReasons.merge(reason, 1, Integer::sum);
    }

    synchronized BitSet delivered(int publisher) {
        return (BitSet) delivered[publisher].clone();
    }

    synchronized long duplicates() {
        long sum = 0;
        for (long d : duplicates) {
            sum += d;
        }
        return sum;
    }

    synchronized long[] latencies() {
        return Arrays.copyOf(latencies, latencyCount);
    }

    /** The highest latency of a message published during the warm-up, in nanos. */
    synchronized long warmupMax() {
        return warmupMax;
    }

    synchronized List<MessageId> reportedLost() {
        return List.copyOf(reportedLost);
    }

    synchronized Map<String, Integer> lossReasons() {
        return Map.copyOf(lossReasons);
    }
}
