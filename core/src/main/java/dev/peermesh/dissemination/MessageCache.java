package dev.peermesh.dissemination;

import dev.peermesh.MessageId;
import dev.peermesh.wire.Frame;

/**
 * Recent messages kept to answer GRAFTs from neighbours that missed them. Bounded three ways, oldest first out:
 * by count, by payload bytes and by age in maintenance ticks. A GRAFT for a message no longer here cannot be
 * answered; the asking node then tries another announcer, and reports a loss if none can help.
 *
 * <p>The messages sit in a ring in the order they came, found by id through an open-addressing table of their
 * places: no key object, entry or map node per message. Every node keeps every message it relays for the cache's
 * age, so at 10,000 simulated nodes these were millions of objects that lived just long enough to be copied by each
 * young collection (docs/simulation.md).
 *
 * <p>Not thread-safe: owned by the node's protocol thread.
 */
public final class MessageCache {

    /** An empty place in {@link #index}, which holds numbers plus one: a new table is empty without a fill. */
    private static final long EMPTY = 0;

    private final int maxMessages;

    private final long maxBytes;

    private final long maxAgeTicks;

    /** The messages, oldest first from {@link #first}: the one put as the n-th (from 0) is at {@code n & mask}. */
    private Frame.Data[] ring = new Frame.Data[16];

    /** The tick each message in {@link #ring} was put, at the same place. */
    private long[] ticks = new long[16];

    /** The number (from 0) of the oldest message held: every one from it to {@link #next} is. */
    private long first;

    /** The number the next message put gets. */
    private long next;

    /** Numbers (plus one) of the messages held, by the hash of their id, linear probing; {@link #EMPTY} where none. */
    private long[] index = new long[32];

    private long bytes;

    private long tick;

    public MessageCache(int maxMessages, long maxBytes, long maxAgeTicks) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.maxAgeTicks = maxAgeTicks;
    }

    /** Keeps a message, evicting the oldest ones while a bound is exceeded. */
    public void put(Frame.Data message) {
        if (find(message.origin(), message.sequence()) >= 0) {
            return;
        }
        if (next - first == ring.length) {
            grow();
        }
        long number = next++;
        int place = (int) number & (ring.length - 1);
        ring[place] = message;
        ticks[place] = tick;
        insert(number);
        bytes += message.payload().length;
        while ((next - first > maxMessages || bytes > maxBytes) && next > first) {
            evictOldest();
        }
    }

    /** The message, or {@code null} when it is not (or no longer) here. */
    public Frame.Data get(MessageId id) {
        int slot = find(id.origin(), id.sequence());
        return slot < 0 ? null : ring[(int) (index[slot] - 1) & (ring.length - 1)];
    }

    /** One maintenance tick passed: forget what is too old. */
    public void tick() {
        tick++;
        while (next > first && tick - ticks[(int) first & (ring.length - 1)] > maxAgeTicks) {
            evictOldest();
        }
    }

    /** Messages held now. */
    public int size() {
        return (int) (next - first);
    }

    private void evictOldest() {
        int place = (int) first & (ring.length - 1);
        Frame.Data oldest = ring[place];
        remove(find(oldest.origin(), oldest.sequence()));
        ring[place] = null;
        bytes -= oldest.payload().length;
        first++;
    }

    /** The slot in {@link #index} of the message with this id, or -1. */
    private int find(long origin, long sequence) {
        int mask = index.length - 1;
        for (int slot = hash(origin, sequence) & mask; index[slot] != EMPTY; slot = (slot + 1) & mask) {
            Frame.Data message = ring[(int) (index[slot] - 1) & (ring.length - 1)];
            if (message.origin() == origin && message.sequence() == sequence) {
                return slot;
            }
        }
        return -1;
    }

    /** Indexes the message just put as {@code number}; a table more than half full doubles first. */
    private void insert(long number) {
        if ((next - first) * 2 > index.length) {
            rehash(index.length * 2); // places every message held, this one too
        }
        else {
            place(number);
        }
    }

    private void place(long number) {
        int mask = index.length - 1;
        int slot = home(number) & mask;
        while (index[slot] != EMPTY) {
            slot = (slot + 1) & mask;
        }
        index[slot] = number + 1;
    }

    /** Empties a slot, moving later entries of its probe run back so that every lookup still finds them. */
    private void remove(int slot) {
        int mask = index.length - 1;
        int hole = slot;
        for (int at = (hole + 1) & mask; index[at] != EMPTY; at = (at + 1) & mask) {
            int wanted = home(index[at] - 1) & mask;
            // the entry at `at` may fill the hole unless its home lies cyclically in (hole, at]
            boolean homeInRange = hole <= at ? wanted > hole && wanted <= at : wanted > hole || wanted <= at;
            if (!homeInRange) {
                index[hole] = index[at];
                hole = at;
            }
        }
        index[hole] = EMPTY;
    }

    private int home(long number) {
        Frame.Data message = ring[(int) number & (ring.length - 1)];
        return hash(message.origin(), message.sequence());
    }

    /** Doubles the ring, each message moving to its number's place in the larger one. */
    private void grow() {
        Frame.Data[] larger = new Frame.Data[ring.length * 2];
        long[] largerTicks = new long[ring.length * 2];
        for (long number = first; number < next; number++) {
            int from = (int) number & (ring.length - 1);
            int to = (int) number & (larger.length - 1);
            larger[to] = ring[from];
            largerTicks[to] = ticks[from];
        }
        ring = larger;
        ticks = largerTicks;
    }

    private void rehash(int size) {
        index = new long[size];
        for (long number = first; number < next; number++) {
            place(number);
        }
    }

    private static int hash(long origin, long sequence) {
        long h = (origin * 0x9E3779B97F4A7C15L) ^ sequence * 0xC2B2AE3D27D4EB4FL;
        return (int) (h ^ (h >>> 32));
    }
}
