package dev.peermesh.dissemination;

import dev.peermesh.wire.Frame;

import java.util.Map;

/**
 * The {@link MessageCache}'s entries, oldest first, in parallel arrays with an open-addressing index by origin and
 * sequence number: no object per message, so the garbage collector has nothing to copy for the tens of thousands a
 * loaded node keeps for seconds (as a map of entry objects they were a tree-mode node's largest surviving garbage).
 * The arrays double as entries come, up to the cache's count bound.
 *
 * <p>Not thread-safe: owned by the node's protocol thread.
 * {@code int slot = entries.find(origin, sequence); if (slot >= 0) entries.length(slot);}
 */
final class CacheEntries {

    private static final int FIRST_CAPACITY = 16;

    /** A run of 8 sequence numbers per block of the index: 8 longs, one cache line. */
    private static final int BLOCK_BITS = 3;

    private final int maxEntries;

    private long[] origins = new long[0];
    private long[] sequences = new long[0];
    private long[] positions = new long[0];
    private long[] ticks = new long[0];
    private int[] lengths = new int[0];
    private int[] hops = new int[0];
    private int[] hopLimits = new int[0];
    private int[] topicIds = new int[0];

    /**
     * Headers and signature only where a message has them (null where it has none): a reference stored into these
     * long-lived arrays costs the garbage collector's write barrier and its fence ({@link TopicIds}).
     */
    private Object[] headers = new Object[0];
    private byte[][] signatures = new byte[0][];

    private final TopicIds topics = new TopicIds();

    /**
     * The index (linear probing; a power of two, at least twice the slots): at an entry's hash, its hash's low 32
     * bits in the high half and its slot + 1 in the low half; 0 where none. The hash bits let a probe pass other
     * entries, and a removal find where they belong, without reading their origin and sequence number from the
     * entry arrays: each such read was a cache miss, and the index cost a fifth of a saturated node's CPU (a 3-node
     * benchmark profile, docs/benchmarks.md) when it kept slots only.
     */
    private long[] table = new long[0];

    /** Slot of the oldest entry; slots go round the arrays. */
    private int head;

    private int size;

    CacheEntries(int maxEntries) {
        this.maxEntries = Math.max(1, maxEntries);
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The oldest entry's slot; only when not empty. */
    int oldest() {
        return head;
    }

    /** The slot of the message, or -1. */
    int find(long origin, long sequence) {
        if (size == 0) {
            return -1;
        }
        int mask = table.length - 1;
        int hash = hash(origin, sequence);
        for (int at = hash & mask; table[at] != 0; at = (at + 1) & mask) {
            if (hashOf(table[at]) == hash) {
                int slot = slotOf(table[at]);
                if (origins[slot] == origin && sequences[slot] == sequence) {
                    return slot;
                }
            }
        }
        return -1;
    }

    /** Adds a message that is not here yet, as the newest entry. */
    void add(long origin, long sequence, long position, int length, int hopCount, int hopLimit, String topic,
            Map<String, String> headerMap, byte[] signature, long tick) {
        if (size == origins.length) {
            grow();
        }
        int slot = (head + size) % origins.length;
        origins[slot] = origin;
        sequences[slot] = sequence;
        positions[slot] = position;
        lengths[slot] = length;
        hops[slot] = hopCount;
        hopLimits[slot] = hopLimit;
        topicIds[slot] = topics.acquire(topic);
        if (!headerMap.isEmpty()) {
            headers[slot] = headerMap;
        }
        if (signature.length > 0) {
            signatures[slot] = signature;
        }
        ticks[slot] = tick;
        size++;
        index(slot);
    }

    /** Forgets the oldest entry; only when not empty. */
    void removeOldest() {
        int slot = head;
        unindex(slot);
        topics.release(topicIds[slot]);
        if (headers[slot] != null) {
            headers[slot] = null;
        }
        if (signatures[slot] != null) {
            signatures[slot] = null;
        }
        head = (head + 1) % origins.length;
        size--;
    }

    long origin(int slot) {
        return origins[slot];
    }

    long sequence(int slot) {
        return sequences[slot];
    }

    long position(int slot) {
        return positions[slot];
    }

    int length(int slot) {
        return lengths[slot];
    }

    int hops(int slot) {
        return hops[slot];
    }

    int hopLimit(int slot) {
        return hopLimits[slot];
    }

    String topic(int slot) {
        return topics.name(topicIds[slot]);
    }

    @SuppressWarnings("unchecked")
    Map<String, String> headers(int slot) {
        Object kept = headers[slot];
        return kept == null ? Map.of() : (Map<String, String>) kept;
    }

    byte[] signature(int slot) {
        byte[] kept = signatures[slot];
        return kept == null ? Frame.NO_SIGNATURE : kept;
    }

    /** Distinct topics of the entries held; for tests. */
    int topicCount() {
        return topics.size();
    }

    long tick(int slot) {
        return ticks[slot];
    }

    /** Twice the slots (up to the bound), oldest at slot 0, and the index built anew for them. */
    private void grow() {
        int capacity = (int) Math.min(Math.max(FIRST_CAPACITY, 2L * origins.length), Math.max(maxEntries, size + 1));
        origins = unrolled(origins, new long[capacity]);
        sequences = unrolled(sequences, new long[capacity]);
        positions = unrolled(positions, new long[capacity]);
        ticks = unrolled(ticks, new long[capacity]);
        lengths = unrolled(lengths, new int[capacity]);
        hops = unrolled(hops, new int[capacity]);
        hopLimits = unrolled(hopLimits, new int[capacity]);
        topicIds = unrolled(topicIds, new int[capacity]);
        headers = unrolled(headers, new Object[capacity]);
        signatures = unrolled(signatures, new byte[capacity][]);
        head = 0;
        table = new long[Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1];
        for (int slot = 0; slot < size; slot++) {
            index(slot);
        }
    }

    /** Copies the {@code size} entries from {@code head} on to the start of {@code to}. */
    private <T> T unrolled(T from, T to) {
        int length = java.lang.reflect.Array.getLength(from);
        if (size > 0) {
            int first = Math.min(size, length - head);
            System.arraycopy(from, head, to, 0, first);
            System.arraycopy(from, 0, to, first, size - first);
        }
        return to;
    }

    private void index(int slot) {
        int mask = table.length - 1;
        int hash = hash(origins[slot], sequences[slot]);
        int at = hash & mask;
        while (table[at] != 0) {
            at = (at + 1) & mask;
        }
        table[at] = (long) hash << 32 | (slot + 1L);
    }

    /** Removes the slot from the index, shifting back the entries probed past it (no tombstones). */
    private void unindex(int slot) {
        int mask = table.length - 1;
        int hole = hash(origins[slot], sequences[slot]) & mask;
        while (slotOf(table[hole]) != slot) {
            hole = (hole + 1) & mask;
        }
        for (int at = (hole + 1) & mask; table[at] != 0; at = (at + 1) & mask) {
            int wanted = hashOf(table[at]) & mask;
            // the entry at 'at' may fill the hole unless its home lies cyclically after the hole, up to 'at'
            boolean stays = hole <= at ? hole < wanted && wanted <= at : hole < wanted || wanted <= at;
            if (!stays) {
                table[hole] = table[at];
                hole = at;
            }
        }
        table[hole] = 0;
    }

    private static int hashOf(long indexed) {
        return (int) (indexed >>> 32);
    }

    private static int slotOf(long indexed) {
        return (int) indexed - 1;
    }

    /**
     * Where in the index a message belongs: a block of {@code 1 << BLOCK_BITS} neighbouring places per run of an
     * origin's sequence numbers, the block chosen by hashing the origin and the run, the place in it by the low bits
     * of the sequence number. An origin's messages come and go in sequence order, so consecutive ones share a cache
     * line of the index instead of each missing the cache on a line of its own (each miss costs a saturated node
     * a quarter of a microsecond here; docs/benchmarks.md).
     */
    private static int hash(long origin, long sequence) {
        long hash = origin * 0x9E3779B97F4A7C15L + (sequence >>> BLOCK_BITS);
        hash ^= hash >>> 33;
        hash *= 0xFF51AFD7ED558CCDL;
        hash ^= hash >>> 33;
        return (int) hash << BLOCK_BITS | (int) sequence & (1 << BLOCK_BITS) - 1;
    }
}
