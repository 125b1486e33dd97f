package dev.peermesh.dissemination;

import dev.peermesh.MessageId;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The {@link MessageCache}'s index: per origin, a window of its sequence numbers in which each held message's place
 * is found by the number alone ({@code sequence & mask}). An origin's messages come and go nearly in sequence order,
 * so finding, adding and forgetting one reads the same few cache lines its neighbours in the sequence did, with no
 * hash to compute and no probing: the hash index it replaces, over all origins, cost a saturated node a tenth of its
 * event loop (a 3-node benchmark profile, docs/benchmarks.md). It also answers "which of an origin's messages are
 * here" for a run of numbers, as a catch-up or a retransmit asks.
 *
 * <p>A window grows (doubling) only while it spans at most four times as many numbers as it holds messages, and
 * shrinks as they go, so it takes about 16 bytes a message (and 64 an origin) however far apart the numbers a peer
 * sends lie. A number too far behind the window, the lowest ones a number far ahead pushes out of it, and numbers no
 * origin reaches (above {@link Pulls#LAST_SEQUENCE}, or past 2^63 as unsigned) go to a map of outliers instead
 * ({@link Window}): rare (an origin's numbers arrive nearly in order), so
 * their boxed keys cost nothing on the common path, and every message held is found. An origin's window goes when
 * its last message does, so origins that left hold nothing.
 *
 * <p>Not thread-safe: owned by the node's protocol thread.
 * {@code slots.index(origin, sequence, slot); slots.find(origin, sequence); slots.unindex(origin, sequence, slot)}
 */
final class OriginSlots {

    private static final int FIRST_SPAN = 16;

    private static final int RECENT = 32;

    private final int maxSpan;

    private LongLruMap<Window> windows = new LongLruMap<>();

    /** Messages held outside their origin's window, by id: their slots. */
    private final Map<MessageId, Integer> outliers = new HashMap<>();

    /**
     * The windows asked for lately, by the origin's low bits: a node's few busy origins, whose messages interleave,
     * find theirs without a look-up in {@link #windows}.
     */
    private final long[] recentOrigins = new long[RECENT];

    private final @Nullable Window[] recent = new Window[RECENT];

    /** @param maxEntries the most messages the cache holds; no window spans more than four times that */
    OriginSlots(int maxEntries) {
        this.maxSpan = (int) Math.min(1 << 30, Math.max(FIRST_SPAN, Long.highestOneBit(4L * maxEntries - 1) << 1));
    }

    /** The slot holding the origin's message, or -1. */
    int find(long origin, long sequence) {
        Window window = window(origin);
        int slot = window == null ? -1 : window.slot(sequence);
        if (slot < 0 && !outliers.isEmpty()) {
            Integer outlier = outliers.get(new MessageId(origin, sequence));
            return outlier == null ? -1 : outlier;
        }
        return slot;
    }

    /** Indexes a message not indexed yet. */
    void index(long origin, long sequence, int slot) {
        if (sequence < 0 || sequence > Pulls.LAST_SEQUENCE) {
            // a peer's number no origin reaches: kept aside, so no window's arithmetic can wrap around
            outliers.put(new MessageId(origin, sequence), slot);
            return;
        }
        Window window = window(origin);
        if (window == null) {
            window = new Window(origin, sequence);
            windows.put(origin, window);
            remember(origin, window);
        }
        if (!window.add(sequence, slot)) {
            outliers.put(new MessageId(origin, sequence), slot);
        }
    }

    /** Forgets the message at the slot, if the index has it there. */
    void unindex(long origin, long sequence, int slot) {
        Window window = window(origin);
        if (window != null && window.remove(sequence, slot)) {
            if (window.held == 0) {
                windows.remove(origin);
                recent[recentPlace(origin)] = null;
            }
        }
        else if (!outliers.isEmpty()) {
            outliers.remove(new MessageId(origin, sequence), slot);
        }
    }

    /** Forgets every message (the slots are about to be renumbered). */
    void clear() {
        windows = new LongLruMap<>();
        outliers.clear();
        Arrays.fill(recent, null);
    }

    /** Messages held outside their origin's window; for tests. */
    int outliers() {
        return outliers.size();
    }

    /** Origins with a message held; for tests. */
    int origins() {
        return windows.size();
    }

    /** Slots of the origin's window, 0 when it has none; for tests. */
    int span(long origin) {
        Window window = window(origin);
        return window == null ? 0 : window.slots.length;
    }

    private @Nullable Window window(long origin) {
        int place = recentPlace(origin);
        Window window = recent[place];
        if (window != null && recentOrigins[place] == origin) {
            return window;
        }
        window = windows.get(origin);
        if (window != null) {
            remember(origin, window);
        }
        return window;
    }

    private void remember(long origin, Window window) {
        int place = recentPlace(origin);
        recentOrigins[place] = origin;
        recent[place] = window;
    }

    private static int recentPlace(long origin) {
        return (int) (origin ^ origin >>> 29 ^ origin >>> 47) & RECENT - 1;
    }

    /**
     * One origin's messages held: {@code slots[sequence & mask]} is the slot + 1 of the message with that number, 0
     * where none. Every number held lies in {@code [low, high]}, which spans at most {@code slots.length} numbers, so
     * no two share a place. The window grows only to span at most four times the messages it holds (at least
     * {@link #FIRST_SPAN}, at most {@code maxSpan}): a number further ahead moves the lowest ones to the outliers to
     * make room (the newest messages are the ones asked for most), one further behind goes there itself.
     */
    private final class Window {

        private final long origin;

        private int[] slots;

        /** The lowest number held (when any is). */
        private long low;

        /** The highest number held (when any is). */
        private long high;

        private int held;

        Window(long origin, long sequence) {
            this.origin = origin;
            this.slots = new int[FIRST_SPAN];
            this.low = sequence;
            this.high = sequence;
        }

        int slot(long sequence) {
            if (held == 0 || sequence < low || sequence > high) {
                return -1;
            }
            return slots[place(sequence)] - 1;
        }

        boolean add(long sequence, int slot) {
            if (held > 0 && sequence > high && sequence - low < slots.length) {
                high = sequence; // the common case: the next number, and room for it
            }
            else if (held > 0 && sequence > high) {
                while (held > 0 && sequence - low >= limit(held + 1)) {
                    dropLowest();
                }
            }
            if (held == 0) {
                low = sequence;
                high = sequence;
            }
            else if (sequence < low) {
                if (high - sequence >= limit(held + 1)) {
                    return false;
                }
                cover(high - sequence + 1);
                low = sequence;
            }
            else if (sequence > high) {
                cover(sequence - low + 1);
                high = sequence;
            }
            int at = place(sequence);
            if (slots[at] != 0) {
                return false; // already indexed: the cache adds a message once
            }
            slots[at] = slot + 1;
            held++;
            return true;
        }

        /** Whether the slot was indexed for the number (and now is not). */
        boolean remove(long sequence, int slot) {
            if (held == 0 || sequence < low || sequence > high || slots[place(sequence)] != slot + 1) {
                return false;
            }
            slots[place(sequence)] = 0;
            held--;
            if (held > 0 && sequence == low) {
                advanceLow();
            }
            else if (held > 0 && sequence == high) {
                while (slots[place(--high)] == 0) {
                    // the next lower one held is at least low
                }
            }
            if (held > 0 && slots.length > FIRST_SPAN && high - low < slots.length / 8
                    && limit(held) <= slots.length / 4) {
                resize(Math.max(limit(held), ceilingPowerOfTwo(high - low + 1)));
            }
            return true;
        }

        private void dropLowest() {
            outliers.put(new MessageId(origin, low), slots[place(low)] - 1);
            slots[place(low)] = 0;
            held--;
            if (held > 0) {
                advanceLow();
            }
        }

        /** Moves {@code low} up to the next number held; some is. */
        private void advanceLow() {
            while (slots[place(++low)] == 0) {
                // messages go oldest first, mostly in sequence order: the gap they leave is short
            }
        }

        /** Grows the slots to hold a span of that many numbers (within the limits checked by the caller). */
        private void cover(long span) {
            if (span > slots.length) {
                resize(ceilingPowerOfTwo(span));
            }
        }

        private void resize(int length) {
            int[] moved = new int[length];
            for (long sequence = low; sequence <= high; sequence++) {
                moved[(int) sequence & length - 1] = slots[place(sequence)];
            }
            slots = moved;
        }

        /** The most numbers the window may span while holding that many messages. */
        private int limit(int messages) {
            return (int) Math.min(maxSpan, Math.max(FIRST_SPAN, ceilingPowerOfTwo(4L * messages)));
        }

        private int place(long sequence) {
            return (int) sequence & slots.length - 1;
        }
    }

    private static int ceilingPowerOfTwo(long value) {
        return value <= 1 ? 1 : (int) Long.highestOneBit(value - 1) << 1;
    }
}
