package dev.peermesh.dissemination;

import java.util.Objects;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * A map from {@code long} keys to values that keeps its entries in order, like a {@code LinkedHashMap<Long, V>}
 * without a boxed key or an entry object per mapping: keys, values and the order's links sit in parallel arrays
 * found by open addressing. In access order ({@link #get} and {@link #put} move an entry to the end) and bounded,
 * it forgets the least recently used entry past {@code maxSize}, exactly as a {@code LinkedHashMap} whose
 * {@code removeEldestEntry} answers {@code size() > maxSize}; in insertion order it keeps the order entries came in.
 *
 * <p>Why: a simulated 10,000-node mesh keeps per (node, origin) state in such maps — every node's duplicate cache
 * and broadcast trees — and a look-up in a boxed map was three cache misses (table, entry, boxed key) before the
 * value's own; here it is the key's slot and the value's. 20 bytes a slot, without the 56 of an entry and a
 * {@code Long} (docs/simulation.md, "Time and memory at 10,000 nodes").
 *
 * <p>Removing never moves another entry (a removed slot is marked until the next rehash), so entries can be removed
 * while iterating: {@code for (int s = map.first(); s >= 0; s = next) { next = map.after(s); map.removeAt(s); }}.
 * Values are never {@code null}. Not thread-safe.
 *
 * @param <V> the values
 */
final class LongLruMap<V> {

    /** Hears of the entry forgotten to keep the map within its bound. */
    @FunctionalInterface
    interface Evicted<V> {

        /** The least recently used entry was forgotten. */
        void evicted(long key, V value);
    }

    /** Marks a removed entry's slot: look-ups go past it, inserts may reuse it. */
    private static final Object REMOVED = new Object();

    private static final int MIN_CAPACITY = 8;

    private static final int NONE = -1;

    private final int maxSize;

    private final boolean accessOrder;

    private final @Nullable Evicted<? super V> evicted;

    private long[] keys;

    /** The value of each slot; {@code null} where the slot was never used since the last rehash, or REMOVED. */
    private @Nullable Object[] values;

    /** For slot {@code s}: the previous entry's slot at {@code 2s}, the next one's at {@code 2s + 1}. */
    private int[] links;

    /** 64 minus the bits of a slot number: a key's first slot is the top bits of its hash. */
    private int shift;

    private int size;

    /** Slots holding an entry or REMOVED: kept below three quarters of the table, so a probe always ends. */
    private int used;

    private int head = NONE;

    private int tail = NONE;

    /**
     * @param maxSize most entries kept; past it the eldest is forgotten and told to {@code evicted}
     * @param accessOrder whether {@link #get} and {@link #put} of a present key move it to the end
     * @param evicted told of every entry forgotten for the bound, or {@code null}
     */
    LongLruMap(int maxSize, boolean accessOrder, @Nullable Evicted<? super V> evicted) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("A map needs room for at least 1 entry, not " + maxSize);
        }
        this.maxSize = maxSize;
        this.accessOrder = accessOrder;
        this.evicted = evicted;
        allocate(MIN_CAPACITY);
    }

    /** An unbounded map in insertion order. */
    LongLruMap() {
        this(Integer.MAX_VALUE, false, null);
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The key's value or {@code null}; in access order the key becomes the most recently used. */
    @Nullable V get(long key) {
        int slot = find(key);
        if (slot == NONE) {
            return null;
        }
        if (accessOrder) {
            moveToEnd(slot);
        }
        return value(slot);
    }

    /** Whether the key is present, without touching the order. */
    boolean containsKey(long key) {
        return find(key) != NONE;
    }

    /**
     * Maps the key to the value and returns the former value, or {@code null}. A present key keeps its place, or
     * moves to the end in access order; a new key goes at the end, and past {@code maxSize} the eldest is forgotten.
     */
    @Nullable V put(long key, V value) {
        Objects.requireNonNull(value, "value");
        int slot = first(key);
        int reuse = NONE;
        for (Object present = values[slot]; present != null; present = values[slot]) {
            if (present == REMOVED) {
                reuse = reuse == NONE ? slot : reuse;
            }
            else if (keys[slot] == key) {
                V former = value(slot);
                values[slot] = value;
                if (accessOrder) {
                    moveToEnd(slot);
                }
                return former;
            }
            slot = (slot + 1) & mask();
        }
        if (reuse == NONE) {
            used++;
        }
        else {
            slot = reuse;
        }
        keys[slot] = key;
        values[slot] = value;
        size++;
        append(slot);
        if (size > maxSize) {
            int eldest = head;
            long eldestKey = keys[eldest];
            V eldestValue = value(eldest);
            removeAt(eldest);
            if (evicted != null) {
                evicted.evicted(eldestKey, eldestValue);
            }
        }
        if (used > keys.length - (keys.length >>> 2)) {
            rehash();
        }
        return null;
    }

    /** Removes the key; returns its value, or {@code null} when it was absent. */
    @Nullable V remove(long key) {
        int slot = find(key);
        if (slot == NONE) {
            return null;
        }
        V value = value(slot);
        removeAt(slot);
        return value;
    }

    /** The slot of the eldest entry (least recently used in access order), or -1 when empty. */
    int first() {
        return head;
    }

    /** The slot of the entry after the one in {@code slot}, or -1 after the last. */
    int after(int slot) {
        return links[2 * slot + 1];
    }

    long keyAt(int slot) {
        return keys[slot];
    }

    V valueAt(int slot) {
        return value(slot);
    }

    /** Removes the entry in {@code slot}; no other entry moves, so an iteration can go on with {@link #after}. */
    void removeAt(int slot) {
        unlink(slot);
        size--;
        if (values[(slot + 1) & mask()] == null) {
            // no probe goes past this slot: it and the removed ones before it are free again
            int free = slot;
            do {
                values[free] = null;
                used--;
                free = (free - 1) & mask();
            }
            while (values[free] == REMOVED);
        }
        else {
            values[slot] = REMOVED;
        }
    }

    /** Gives every value to the action, in no particular order (a scan of the table, cheaper than the order). */
    void forEachValue(Consumer<? super V> action) {
        Object[] table = values;
        for (Object value : table) {
            if (value != null && value != REMOVED) {
                action.accept(cast(value));
            }
        }
    }

    private int find(long key) {
        int slot = first(key);
        for (Object present = values[slot]; present != null; present = values[slot]) {
            if (present != REMOVED && keys[slot] == key) {
                return slot;
            }
            slot = (slot + 1) & mask();
        }
        return NONE;
    }

    private int first(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }

    private int mask() {
        return keys.length - 1;
    }

    private void moveToEnd(int slot) {
        if (slot != tail) {
            unlink(slot);
            append(slot);
        }
    }

    /** Takes the slot out of the order, joining its neighbors. */
    private void unlink(int slot) {
        int prev = links[2 * slot];
        int next = links[2 * slot + 1];
        if (prev == NONE) {
            head = next;
        }
        else {
            links[2 * prev + 1] = next;
        }
        if (next == NONE) {
            tail = prev;
        }
        else {
            links[2 * next] = prev;
        }
    }

    private void append(int slot) {
        links[2 * slot] = tail;
        links[2 * slot + 1] = NONE;
        if (tail == NONE) {
            head = slot;
        }
        else {
            links[2 * tail + 1] = slot;
        }
        tail = slot;
    }

    /** Moves the entries, in order, to a table at most half full: grown, cleared of removed slots, or shrunk. */
    private void rehash() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        int[] oldLinks = links;
        int oldHead = head;
        int capacity = Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, size * 2 - 1)) << 1);
        allocate(capacity);
        for (int slot = oldHead, next; slot != NONE; slot = next) {
            next = oldLinks[2 * slot + 1];
            int to = first(oldKeys[slot]);
            while (values[to] != null) {
                to = (to + 1) & mask();
            }
            keys[to] = oldKeys[slot];
            values[to] = oldValues[slot];
            used++;
            append(to);
        }
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new Object[capacity];
        links = new int[2 * capacity];
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
        used = 0;
        head = NONE;
        tail = NONE;
    }

    private V value(int slot) {
        return cast(values[slot]);
    }

    @SuppressWarnings("unchecked")
    private static <V> V cast(@Nullable Object value) {
        return (V) value;
    }
}
