package dev.peermesh.security;

import dev.peermesh.wire.Frame;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * The seals a node holds, its own and its peers' verified ones: to check a sealed message by its digest, and to send
 * a neighbor the seal before a message it covers. Bounded by the bytes they take; the oldest go first, and a message
 * whose seal went can no longer be checked here nor sent sealed from here (a neighbor gets it from another).
 *
 * <p>{@code seals.put(seal); Frame.Seal covering = seals.covering(origin, sequence);}
 */
final class Seals {

    /** What a seal costs beyond its digests and signature: the frame, the arrays, the map entries. */
    private static final int OVERHEAD = 160;

    private final long maxBytes;

    private final Map<Long, TreeMap<Long, Frame.Seal>> byOrigin = new HashMap<>();

    private final ArrayDeque<Frame.Seal> oldestFirst = new ArrayDeque<>();

    /**
     * The seal last found for each of a few origins, by a hash of the origin: a message's seal is looked up on every
     * link it goes out on and again when it arrives, and consecutive messages share one, so most lookups end here
     * without boxing the origin or walking a tree (at saturation the boxing alone was a tenth of a signed node's
     * allocation).
     */
    private final Frame.@Nullable Seal[] recent = new Frame.Seal[RECENT];

    private static final int RECENT = 64;

    private long bytes;

    /** A store of at most {@code maxBytes} of seals (at least one seal is always kept). */
    Seals(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Keeps a seal; one for the same origin and first message replaces nothing (the first one kept stays). */
    void put(Frame.Seal seal) {
        TreeMap<Long, Frame.Seal> seals = byOrigin.computeIfAbsent(seal.origin(), origin -> new TreeMap<>());
        if (seals.putIfAbsent(seal.first(), seal) != null) {
            return;
        }
        oldestFirst.addLast(seal);
        bytes += cost(seal);
        while (bytes > maxBytes && oldestFirst.size() > 1) {
            Frame.Seal oldest = oldestFirst.removeFirst();
            bytes -= cost(oldest);
            int slot = slot(oldest.origin());
            if (recent[slot] == oldest) {
                recent[slot] = null;
            }
            TreeMap<Long, Frame.Seal> of = byOrigin.get(oldest.origin());
            of.remove(oldest.first());
            if (of.isEmpty()) {
                byOrigin.remove(oldest.origin());
            }
        }
    }

    /** The seal kept for this origin that starts at {@code first}, or {@code null}. */
    Frame.@Nullable Seal startingAt(long origin, long first) {
        TreeMap<Long, Frame.Seal> seals = byOrigin.get(origin);
        return seals == null ? null : seals.get(first);
    }

    /** The seal kept that covers message {@code sequence} of {@code origin}, or {@code null}. */
    Frame.@Nullable Seal covering(long origin, long sequence) {
        int slot = slot(origin);
        Frame.Seal last = recent[slot];
        if (last != null && last.origin() == origin && last.covers(sequence)) {
            return last;
        }
        TreeMap<Long, Frame.Seal> seals = byOrigin.get(origin);
        if (seals == null) {
            return null;
        }
        Map.Entry<Long, Frame.Seal> floor = seals.floorEntry(sequence);
        if (floor == null || !floor.getValue().covers(sequence)) {
            return null;
        }
        recent[slot] = floor.getValue();
        return floor.getValue();
    }

    private static int slot(long origin) {
        return Long.hashCode(origin * 0x9E3779B97F4A7C15L) & (RECENT - 1);
    }

    /** Seals kept now. */
    int size() {
        return oldestFirst.size();
    }

    /** Bytes they are counted as. */
    long bytes() {
        return bytes;
    }

    private static long cost(Frame.Seal seal) {
        return seal.digests().length + seal.others().length + seal.signature().length + OVERHEAD;
    }
}
