package dev.peermesh.sim;

import java.util.PriorityQueue;

/**
 * The simulator's agenda: events in virtual time (milliseconds), and events due in the same millisecond in the order
 * they were scheduled, so a run with the same seed is the same run. Ordered by (time, insertion sequence) like a
 * priority queue, but built as a timing wheel of one-millisecond slots for the next {@value #SLOTS} ms — each slot a
 * FIFO list, so adding and taking cost O(1) however many events are pending — with a priority queue behind it for
 * events further out (timers), moved into the wheel before their slot comes round. Events are pooled: one handed out
 * by {@link #poll} belongs to the queue again at the next {@code poll}.
 *
 * <p>{@code queue.add(now + 5, FRAME, node, link, frame); for (Event e; (e = queue.poll(until)) != null; ) run(e);}
 */
final class EventQueue {

    /**
     * Milliseconds the wheel covers; a power of two. Past the keepalive interval (5 s) and the handshake timeout
     * (10 s), so only rare timers wait in the priority queue, whose every add and take is a dozen cache misses at
     * 10,000 nodes.
     */
    static final int SLOTS = 1 << 14;

    private static final int MASK = SLOTS - 1;

    private final Event[] heads = new Event[SLOTS];
    private final Event[] tails = new Event[SLOTS];
    private final PriorityQueue<Event> later = new PriorityQueue<>(EventQueue::compare);

    private int inWheel;
    private long now;
    private long sequence;
    private Event free;
    private Event lent;

    /** One scheduled event; its fields mean what its {@code kind} says. */
    static final class Event {
        long time;
        long sequence;
        int kind;
        int node;
        long link;
        Object payload;
        private Event next;
    }

    /** The current virtual time. */
    long now() {
        return now;
    }

    /** Events scheduled and not yet taken. */
    int size() {
        return inWheel + later.size();
    }

    /** Schedules an event at {@code time}, which must not be in the past. */
    void add(long time, int kind, int node, long link, Object payload) {
        if (time < now) {
            throw new IllegalArgumentException("Event at " + time + " ms is in the past; it is " + now + " ms");
        }
        Event event = free;
        if (event != null) {
            free = event.next;
            event.next = null;
        }
        else {
            event = new Event();
        }
        event.time = time;
        event.sequence = sequence++;
        event.kind = kind;
        event.node = node;
        event.link = link;
        event.payload = payload;
        if (time - now < SLOTS) {
            append(event);
        }
        else {
            later.add(event);
        }
    }

    /**
     * Takes the next event due at or before {@code until} and moves the clock to it; when there is none, moves the
     * clock to {@code until} and answers {@code null}.
     */
    Event poll(long until) {
        recycle();
        long next = nextTime();
        if (next < 0 || next > until) {
            advanceTo(Math.max(now, until));
            return null;
        }
        advanceTo(next);
        int slot = (int) (next & MASK);
        Event event = heads[slot];
        heads[slot] = event.next;
        if (event.next == null) {
            tails[slot] = null;
        }
        event.next = null;
        inWheel--;
        lent = event;
        return event;
    }

    private long nextTime() {
        if (inWheel == 0) {
            Event first = later.peek();
            return first == null ? -1 : first.time;
        }
        for (long t = now; ; t++) {
            if (heads[(int) (t & MASK)] != null) {
                return t; // every wheel event is due before every event still waiting behind it
            }
        }
    }

    /** Moves the clock and pulls into the wheel what is now within its reach, in (time, sequence) order. */
    private void advanceTo(long time) {
        now = time;
        Event first;
        while ((first = later.peek()) != null && first.time - now < SLOTS) {
            append(later.poll());
        }
    }

    private void append(Event event) {
        int slot = (int) (event.time & MASK);
        if (tails[slot] == null) {
            heads[slot] = event;
        }
        else {
            tails[slot].next = event;
        }
        tails[slot] = event;
        inWheel++;
    }

    private void recycle() {
        if (lent != null) {
            lent.payload = null;
            lent.next = free;
            free = lent;
            lent = null;
        }
    }

    private static int compare(Event a, Event b) {
        int byTime = Long.compare(a.time, b.time);
        return byTime != 0 ? byTime : Long.compare(a.sequence, b.sequence);
    }
}
