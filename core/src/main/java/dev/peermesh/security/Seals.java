package dev.peermesh.security;

import dev.peermesh.wire.Frame;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * The seals a node holds, its own and its peers' verified ones: to check a sealed message by its digest, and to send
 * a neighbor the seal before a message it covers. Bounded by the bytes they take; the oldest go first, and a message
 * whose seal went can no longer be checked here nor sent sealed from here (a neighbor gets it from another).
 *
 * <p>The digests, nearly all of a seal's bytes, are copied into large chunks ({@link SealDigests}) rather than kept in
 * each seal's own array: a loaded node keeps a second or more of seals, which the garbage collector copied from one
 * young collection to the next (GC time per delivery 0.5 µs against 0.2 µs with a quarter of the seals kept, in a
 * saturated 3-node benchmark; docs/benchmarks.md). A seal is built anew from its chunk when an older one is asked
 * for; the last seal put or found for each of 64 slots of origins is kept whole, since consecutive messages share one
 * (at most 64 seals, 1 MiB, beside the bound).
 *
 * <p>{@code seals.put(seal); Frame.Seal covering = seals.covering(origin, sequence);}
 */
final class Seals {

    /** What a seal costs beyond its digests and signature: the frame, the arrays, the map entries. */
    private static final int OVERHEAD = 160;

    private final long maxBytes;

    private final Map<Long, TreeMap<Long, Kept>> byOrigin = new HashMap<>();

    private final ArrayDeque<Kept> oldestFirst = new ArrayDeque<>();

    private final SealDigests digests;

    /**
     * The seal last put or found for each of a few origins, by a hash of the origin: a message's seal is looked up on
     * every link it goes out on and again when it arrives, and consecutive messages share one, so most lookups end
     * here without boxing the origin, walking a tree or building the seal (at saturation the boxing alone was a tenth
     * of a signed node's allocation).
     */
    private final Frame.@Nullable Seal[] recent = new Frame.Seal[RECENT];

    private static final int RECENT = 64;

    private long bytes;

    /** A seal as kept: everything but its digests, which are {@code count} digests at {@code at} in their chunk. */
    private record Kept(long origin, long first, int count, int index, byte[] others, byte[] signature,
            SealDigests.Slice at) {

        long last() {
            return first + count - 1;
        }

        boolean sameAs(Frame.Seal seal) {
            return seal.origin() == origin && seal.first() == first && seal.index() == index
                    && seal.count() == count && at.holds(seal.digests()) && Arrays.equals(others, seal.others())
                    && Arrays.equals(signature, seal.signature());
        }

        Frame.Seal seal() {
            return new Frame.Seal(origin, first, at.copy(), index, others, signature);
        }
    }

    /** A store of at most {@code maxBytes} of seals (at least one seal is always kept). */
    Seals(long maxBytes) {
        this.maxBytes = maxBytes;
        this.digests = new SealDigests(maxBytes);
    }

    /** Keeps a seal; one for the same origin and first message replaces nothing (the first one kept stays). */
    void put(Frame.Seal seal) {
        TreeMap<Long, Kept> seals = byOrigin.computeIfAbsent(seal.origin(), origin -> new TreeMap<>());
        if (seals.containsKey(seal.first())) {
            return;
        }
        Kept kept = new Kept(seal.origin(), seal.first(), seal.count(), seal.index(), seal.others(),
                seal.signature(), digests.add(seal.digests()));
        seals.put(seal.first(), kept);
        oldestFirst.addLast(kept);
        recent[slot(seal.origin())] = seal;
        bytes += cost(kept);
        while (bytes > maxBytes && oldestFirst.size() > 1) {
            evictOldest();
        }
    }

    private void evictOldest() {
        Kept oldest = oldestFirst.removeFirst();
        bytes -= cost(oldest);
        int slot = slot(oldest.origin());
        Frame.Seal last = recent[slot];
        if (last != null && last.origin() == oldest.origin() && last.first() == oldest.first()) {
            recent[slot] = null;
        }
        TreeMap<Long, Kept> of = byOrigin.get(oldest.origin());
        of.remove(oldest.first());
        if (of.isEmpty()) {
            byOrigin.remove(oldest.origin());
        }
        digests.release(oldest.at());
    }

    /** Whether this very seal (every field) is kept. */
    boolean keeps(Frame.Seal seal) {
        TreeMap<Long, Kept> seals = byOrigin.get(seal.origin());
        Kept kept = seals == null ? null : seals.get(seal.first());
        return kept != null && kept.sameAs(seal);
    }

    /** What a kept seal says of a message's digest. */
    enum Digest {
        /** No kept seal covers the message. */
        NOT_SEALED,
        /** The seal covering it holds this digest for it. */
        MATCHES,
        /** The seal covering it holds another digest for it. */
        DIFFERS
    }

    /**
     * Whether the seal kept for message {@code sequence} of {@code origin} holds {@code digest} for it, compared where
     * the seal's digests are kept (no seal is built for it).
     */
    Digest check(long origin, long sequence, byte[] digest) {
        Frame.Seal last = recentCovering(origin, sequence);
        if (last != null) {
            int at = (int) (sequence - last.first()) * Frame.DIGEST_LENGTH;
            return Arrays.equals(digest, 0, Frame.DIGEST_LENGTH, last.digests(), at, at + Frame.DIGEST_LENGTH)
                    ? Digest.MATCHES : Digest.DIFFERS;
        }
        Kept kept = keptCovering(origin, sequence);
        if (kept == null) {
            return Digest.NOT_SEALED;
        }
        return kept.at().holdsAt((int) (sequence - kept.first()), digest) ? Digest.MATCHES : Digest.DIFFERS;
    }

    /** The first message of the seal kept for message {@code sequence} of {@code origin}; 0 when none is kept. */
    long firstCovering(long origin, long sequence) {
        Frame.Seal last = recentCovering(origin, sequence);
        if (last != null) {
            return last.first();
        }
        Kept kept = keptCovering(origin, sequence);
        return kept == null ? 0 : kept.first();
    }

    /** The last seal put or found for the origin's slot, when it is the origin's and covers the message. */
    private Frame.@Nullable Seal recentCovering(long origin, long sequence) {
        Frame.Seal last = recent[slot(origin)];
        return last != null && last.origin() == origin && last.covers(sequence) ? last : null;
    }

    private @Nullable Kept keptCovering(long origin, long sequence) {
        TreeMap<Long, Kept> seals = byOrigin.get(origin);
        if (seals == null) {
            return null;
        }
        Map.Entry<Long, Kept> floor = seals.floorEntry(sequence);
        return floor == null || floor.getValue().last() < sequence ? null : floor.getValue();
    }

    /**
     * The seal kept that covers message {@code sequence} of {@code origin}, or {@code null}; built anew from where
     * its digests are kept unless it is the last one put or found for its origin.
     */
    Frame.@Nullable Seal covering(long origin, long sequence) {
        Frame.Seal last = recentCovering(origin, sequence);
        if (last != null) {
            return last;
        }
        Kept kept = keptCovering(origin, sequence);
        if (kept == null) {
            return null;
        }
        Frame.Seal found = kept.seal();
        recent[slot(origin)] = found;
        return found;
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

    /** Bytes of the chunks that hold their digests, the spare one included. */
    long chunkBytes() {
        return digests.chunkBytes();
    }

    private static long cost(Kept seal) {
        return (long) seal.count() * Frame.DIGEST_LENGTH + seal.at().skipped() + seal.others().length
                + seal.signature().length + OVERHEAD;
    }
}
