package dev.peermesh.membership;

import dev.peermesh.PeerAddress;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Neighbors this node lost without being told they left — a link that broke or went silent — kept for a while and
 * dialled again, with a back-off, whatever the neighbor count. HyParView forgets them; but in
 * a mesh cut in two, each half is whole in itself, and after the cut heals the lost peers on the other side are the
 * only way back when the resolver is unreachable or gone. Bounded (the oldest loss makes room), counted in
 * maintenance ticks: no clock.
 *
 * <p>{@code lost.lost(address); for (PeerAddress again : lost.due(2, dialable)) dial(again);}
 */
final class LostPeers {

    private final int capacity;

    private final int retryMaxTicks;

    private final int retentionTicks;

    private final Map<PeerAddress, Entry> entries = new LinkedHashMap<>();

    private long now;

    /**
     * @param capacity most peers kept; 0 keeps none
     * @param retryMaxTicks the longest wait between two dials of one peer, in ticks (the wait doubles from one tick)
     * @param retentionTicks how long a lost peer is dialled again before it is forgotten, in ticks
     */
    LostPeers(int capacity, int retryMaxTicks, int retentionTicks) {
        this.capacity = capacity;
        this.retryMaxTicks = Math.max(1, retryMaxTicks);
        this.retentionTicks = Math.max(1, retentionTicks);
    }

    /** A maintenance tick passed: peers lost longer than the retention are forgotten. */
    void tick() {
        now++;
        entries.values().removeIf(entry -> now - entry.since > retentionTicks);
    }

    /** The peer was lost (again): dial it at the next tick. */
    void lost(PeerAddress address) {
        if (capacity == 0) {
            return;
        }
        Entry entry = entries.remove(address);
        entries.put(address, entry != null ? entry.retryNow(now) : new Entry(now));
        if (entries.size() > capacity) {
            Iterator<PeerAddress> oldest = entries.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** A dial of the peer failed: wait longer before the next, up to the maximum. */
    void failed(PeerAddress address) {
        Entry entry = entries.get(address);
        if (entry != null) {
            entry.failures = Math.min(entry.failures + 1, 30);
            entry.nextTry = now + Math.min(1L << entry.failures, retryMaxTicks);
        }
    }

    /** The peer linked, or said it left: nothing to retry. */
    void forget(PeerAddress address) {
        entries.remove(address);
    }

    /**
     * Up to {@code max} lost peers due for a dial that {@code dialable} accepts; each waits for its result and goes
     * to the back of the line, so every lost peer gets its turn.
     */
    List<PeerAddress> due(int max, Predicate<PeerAddress> dialable) {
        List<PeerAddress> due = new ArrayList<>(max);
        for (Map.Entry<PeerAddress, Entry> entry : entries.entrySet()) {
            if (due.size() == max) {
                break;
            }
            if (entry.getValue().nextTry <= now && dialable.test(entry.getKey())) {
                entry.getValue().nextTry = now + Math.min(1L << Math.max(1, entry.getValue().failures), retryMaxTicks);
                due.add(entry.getKey());
            }
        }
        for (PeerAddress address : due) {
            entries.put(address, entries.remove(address));
        }
        return due;
    }

    /** Whether the peer is kept. */
    boolean contains(PeerAddress address) {
        return entries.containsKey(address);
    }

    /** Peers kept now. */
    int size() {
        return entries.size();
    }

    private static final class Entry {

        final long since;

        long nextTry;

        int failures;

        Entry(long now) {
            this.since = now;
            this.nextTry = now + 1;
        }

        Entry retryNow(long now) {
            nextTry = now + 1;
            failures = 0;
            return this;
        }
    }
}
