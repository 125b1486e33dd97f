package dev.peermesh.dissemination;

import dev.peermesh.MessageId;
import dev.peermesh.wire.Frame;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recent messages kept to answer GRAFTs from neighbours that missed them. Bounded three ways, oldest first out:
 * by count, by payload bytes and by age in maintenance ticks. A GRAFT for a message no longer here cannot be
 * answered; the asking node then tries another announcer, and reports a loss if none can help.
 *
 * <p>Payloads are copied into one ring of bytes that grows, by doubling, up to the byte bound and is then reused; the
 * messages given to {@link #put} are not kept, and {@link #get} builds a message anew. A loaded node keeps tens of
 * thousands of messages for seconds: kept as objects they were most of its heap, and the garbage collector copied
 * them from one young collection to the next (a 3-node benchmark paused 20–190 ms at a time, against 2–3 ms while
 * flooding, which keeps nothing). The ring lives as long as the cache and is not copied again once old.
 *
 * <p>Not thread-safe: owned by the node's protocol thread.
 */
public final class MessageCache {

    /** The ring's first size: a node that keeps little holds little (a simulator runs thousands of them). */
    private static final int FIRST_RING_BYTES = 4096;

    /** The largest array the JVM allocates. */
    private static final int MAX_RING_BYTES = Integer.MAX_VALUE - 8;

    private static final byte[] EMPTY = new byte[0];

    private final int maxMessages;

    private final long maxBytes;

    private final long maxAgeTicks;

    private final Map<MessageId, Entry> messages = new LinkedHashMap<>();

    /** Payloads in the order they were kept; position {@code p} is at {@code p % ring.length}. */
    private byte[] ring = EMPTY;

    /** Position after the newest payload; the oldest kept one starts at {@code tail - bytes}. */
    private long tail;

    private long bytes;

    private long tick;

    /** The topic of the last message kept, shared by the entries of a run of messages on one topic. */
    private String lastTopic = "";

    public MessageCache(int maxMessages, long maxBytes, long maxAgeTicks) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.maxAgeTicks = maxAgeTicks;
    }

    /** Keeps a message, evicting the oldest ones while a bound is exceeded. */
    public void put(Frame.Data message) {
        MessageId id = new MessageId(message.origin(), message.sequence());
        if (messages.containsKey(id)) {
            return;
        }
        byte[] payload = message.payload();
        if (payload.length > Math.min(maxBytes, MAX_RING_BYTES)) {
            // as before the ring: a message over the bound pushed out everything, itself included
            while (!messages.isEmpty()) {
                evictOldest();
            }
            return;
        }
        while (!messages.isEmpty() && (messages.size() >= maxMessages
                || bytes + payload.length > Math.min(maxBytes, MAX_RING_BYTES))) {
            evictOldest();
        }
        reserve(payload.length);
        copyIn(ring, tail, payload, 0, payload.length);
        String topic = message.topic().equals(lastTopic) ? lastTopic : (lastTopic = message.topic());
        messages.put(id, new Entry(tail, payload.length, message.hops(), message.hopLimit(), topic,
                message.headers(), message.signature(), tick));
        tail += payload.length;
        bytes += payload.length;
    }

    /** The message, or {@code null} when it is not (or no longer) here. */
    public Frame.Data get(MessageId id) {
        Entry entry = messages.get(id);
        if (entry == null) {
            return null;
        }
        byte[] payload = new byte[entry.length];
        copyOut(ring, entry.position, payload);
        return new Frame.Data(id.origin(), id.sequence(), entry.hops, entry.hopLimit, entry.topic, entry.headers,
                payload, entry.signature);
    }

    /** One maintenance tick passed: forget what is too old. */
    public void tick() {
        tick++;
        while (!messages.isEmpty() && tick - messages.values().iterator().next().tick > maxAgeTicks) {
            evictOldest();
        }
    }

    /** Messages held now. */
    public int size() {
        return messages.size();
    }

    private void evictOldest() {
        Iterator<Entry> oldest = messages.values().iterator();
        bytes -= oldest.next().length;
        oldest.remove();
    }

    /** Makes room for {@code length} more bytes after what is held: the ring doubles, up to the byte bound. */
    private void reserve(int length) {
        if (ring.length - bytes >= length) {
            return;
        }
        long wanted = Math.max(Math.max(2L * ring.length, FIRST_RING_BYTES), bytes + length);
        byte[] grown = new byte[(int) Math.min(wanted, Math.min(maxBytes, MAX_RING_BYTES))];
        for (long position = tail - bytes; position < tail; ) {
            int from = (int) (position % ring.length);
            int run = (int) Math.min(tail - position, ring.length - from);
            copyIn(grown, position, ring, from, run);
            position += run;
        }
        ring = grown;
    }

    /** Copies {@code length} bytes of {@code source} into the ring at {@code position}, wrapping at its end. */
    private static void copyIn(byte[] ring, long position, byte[] source, int offset, int length) {
        if (length == 0) {
            return;
        }
        int at = (int) (position % ring.length);
        int first = Math.min(length, ring.length - at);
        System.arraycopy(source, offset, ring, at, first);
        System.arraycopy(source, offset + first, ring, 0, length - first);
    }

    /** Fills {@code target} from the ring at {@code position}, wrapping at its end. */
    private static void copyOut(byte[] ring, long position, byte[] target) {
        if (target.length == 0) {
            return;
        }
        int at = (int) (position % ring.length);
        int first = Math.min(target.length, ring.length - at);
        System.arraycopy(ring, at, target, 0, first);
        System.arraycopy(ring, 0, target, first, target.length - first);
    }

    /** Where a payload is in the ring, and the rest of its message. */
    private record Entry(long position, int length, int hops, int hopLimit, String topic, Map<String, String> headers,
            byte[] signature, long tick) {
    }
}
