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
 * <p>Not thread-safe: owned by the node's protocol thread.
 */
public final class MessageCache {

    private final int maxMessages;

    private final long maxBytes;

    private final long maxAgeTicks;

    private final Map<MessageId, Entry> messages = new LinkedHashMap<>();

    private long bytes;

    private long tick;

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
        messages.put(id, new Entry(message, tick));
        bytes += message.payload().length;
        Iterator<Entry> oldest = messages.values().iterator();
        while ((messages.size() > maxMessages || bytes > maxBytes) && oldest.hasNext()) {
            bytes -= oldest.next().message.payload().length;
            oldest.remove();
        }
    }

    /** The message, or {@code null} when it is not (or no longer) here. */
    public Frame.Data get(MessageId id) {
        Entry entry = messages.get(id);
        return entry == null ? null : entry.message;
    }

    /** One maintenance tick passed: forget what is too old. */
    public void tick() {
        tick++;
        Iterator<Entry> oldest = messages.values().iterator();
        while (oldest.hasNext()) {
            Entry entry = oldest.next();
            if (tick - entry.tick <= maxAgeTicks) {
                break;
            }
            bytes -= entry.message.payload().length;
            oldest.remove();
        }
    }

    /** Messages held now. */
    public int size() {
        return messages.size();
    }

    private record Entry(Frame.Data message, long tick) {
    }
}
