package dev.peermesh.dissemination;

import dev.peermesh.wire.Frame;

import java.util.Map;

/**
 * The {@link MessageCache}'s entries, oldest first, in parallel arrays with an index by origin and sequence number
 * ({@link OriginSlots}): no object per message, so the garbage collector has nothing to copy for the tens of thousands
 * a loaded node keeps for seconds (as a map of entry objects they were a tree-mode node's largest surviving garbage).
 * The arrays double as entries come, up to the cache's count bound.
 *
 * <p>Not thread-safe: owned by the node's protocol thread.
 * {@code int slot = entries.find(origin, sequence); if (slot >= 0) entries.length(slot);}
 */
final class CacheEntries {

    private static final int FIRST_CAPACITY = 16;

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

    /** Where each origin's entries are, by sequence number. */
    private final OriginSlots index;

    /** Slot of the oldest entry; slots go round the arrays. */
    private int head;

    private int size;

    CacheEntries(int maxEntries) {
        this.maxEntries = Math.max(1, maxEntries);
        this.index = new OriginSlots(this.maxEntries);
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

    /** The slot of the entry {@code index} places after the oldest ({@code 0 <= index < size}). */
    int slotAt(int index) {
        return (head + index) % origins.length;
    }

    /** The slot of the message, or -1. */
    int find(long origin, long sequence) {
        return index.find(origin, sequence);
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
        index.index(origin, sequence, slot);
    }

    /** Forgets the oldest entry; only when not empty. */
    void removeOldest() {
        int slot = head;
        index.unindex(origins[slot], sequences[slot], slot);
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
        index.clear();
        for (int slot = 0; slot < size; slot++) {
            index.index(origins[slot], sequences[slot], slot);
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
}
