package dev.peermesh.stream.group;

import dev.peermesh.MeshMessage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The recent messages of each group that other members own, kept for the takeover window: when an owner leaves or
 * goes silent, its messages go to their next owner by the same hashing, and those now owned by this node are handed
 * out. Bounded per group; what falls out early is counted (a takeover could not see it). Times are given by the
 * caller; no thread, no clock.
 *
 * <p>{@code backlog.add(key, message, owner, now); List<MeshMessage> mine = backlog.reassign(key, gone, ...);}
 */
public final class GroupBacklog {

    private final int maxMessages;

    private final long maxBytes;

    private final Map<GroupKey, Deque<Entry>> entries = new HashMap<>();

    private final Map<GroupKey, Long> bytes = new HashMap<>();

    private long overflowed;

    /**
     * @param maxMessages most messages kept per group
     * @param maxBytes most payload bytes kept per group
     */
    public GroupBacklog(int maxMessages, long maxBytes) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
    }

    /** Keeps a message another member owns. */
    public void add(GroupKey key, MeshMessage message, long owner, long nowMillis) {
        Deque<Entry> group = entries.computeIfAbsent(key, k -> new ArrayDeque<>());
        group.addLast(new Entry(message, owner, nowMillis));
        long held = bytes.merge(key, (long) message.payload().length, Long::sum);
        while (group.size() > maxMessages || held > maxBytes && group.size() > 1) {
            held = bytes.merge(key, -(long) group.removeFirst().message.payload().length, Long::sum);
            overflowed++;
        }
    }

    /** Forgets what was received longer than the window ago. */
    public void trim(long nowMillis, long windowMillis) {
        for (Map.Entry<GroupKey, Deque<Entry>> group : entries.entrySet()) {
            Deque<Entry> kept = group.getValue();
            while (!kept.isEmpty() && nowMillis - kept.peekFirst().receivedAt > windowMillis) {
                bytes.merge(group.getKey(), -(long) kept.removeFirst().message.payload().length, Long::sum);
            }
        }
        entries.values().removeIf(Deque::isEmpty);
        bytes.keySet().retainAll(entries.keySet());
    }

    /**
     * This node counted itself into the group: the kept messages it now wins by the hashing are its own (a member that
     * heard of it first put them aside for it).
     *
     * @return the messages now owned by {@code self}, in the order they arrived (no longer kept)
     */
    public List<MeshMessage> claim(GroupKey key, Collection<Long> members, long self) {
        List<MeshMessage> mine = new ArrayList<>();
        Deque<Entry> group = entries.get(key);
        if (group == null) {
            return mine;
        }
        for (Iterator<Entry> it = group.iterator(); it.hasNext();) {
            Entry entry = it.next();
            if (Rendezvous.owner(members, entry.message.id()) == self) {
                mine.add(entry.message);
                bytes.merge(key, -(long) entry.message.payload().length, Long::sum);
                it.remove();
            }
        }
        return mine;
    }

    /**
     * Gives the messages of a member that is gone to their next owners among {@code members}, skipping those it said
     * it handled (per origin, every sequence up to its mark) — only among those it owned from the start: one passed
     * to it from another gone member may never have reached it.
     *
     * @param handled the gone member's last handled sequence per origin; empty when it went silent
     * @return the messages now owned by {@code self}, in the order they arrived (no longer kept)
     */
    public List<MeshMessage> reassign(GroupKey key, long gone, Map<Long, Long> handled, Collection<Long> members,
            long self) {
        Deque<Entry> group = entries.get(key);
        List<MeshMessage> mine = new ArrayList<>();
        if (group == null) {
            return mine;
        }
        for (Iterator<Entry> it = group.iterator(); it.hasNext();) {
            Entry entry = it.next();
            if (entry.owner != gone) {
                continue;
            }
            Long mark = entry.owner == entry.firstOwner ? handled.get(entry.message.id().origin()) : null;
            if (mark != null && entry.message.id().sequence() <= mark) {
                bytes.merge(key, -(long) entry.message.payload().length, Long::sum);
                it.remove(); // the member handled it before it left
                continue;
            }
            long next = Rendezvous.owner(members, entry.message.id());
            if (next == self || next == 0) {
                mine.add(entry.message);
                bytes.merge(key, -(long) entry.message.payload().length, Long::sum);
                it.remove();
            }
            else {
                entry.owner = next;
            }
        }
        return mine;
    }

    /** Messages kept now, all groups. */
    public int size() {
        int size = 0;
        for (Deque<Entry> group : entries.values()) {
            size += group.size();
        }
        return size;
    }

    /** Messages that fell out of a full backlog before their window ended. */
    public long overflowed() {
        return overflowed;
    }

    private static final class Entry {

        final MeshMessage message;

        final long firstOwner;

        long owner;

        final long receivedAt;

        Entry(MeshMessage message, long owner, long receivedAt) {
            this.message = message;
            this.firstOwner = owner;
            this.owner = owner;
            this.receivedAt = receivedAt;
        }
    }
}
