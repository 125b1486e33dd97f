package dev.peermesh.dissemination;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One origin's messages that were announced to this node but have not arrived: watermarks, not one entry per
 * message. Per announcing link, the range it announced ({@code first} to {@code upTo}); for the origin, when each
 * stretch of numbers was first announced (so a message's wait runs from its own announcement), and the state of the
 * current pull round — the pulls tried for the lowest missing number, the link last asked, when to act next.
 *
 * <p>Bounded whatever announcers do: one {@link Announcer} per neighbor link, at most {@link #MAX_MARKS} marks of
 * announcement times, and numbers at most {@link Pulls#MAX_AHEAD} above the lowest one wanted. Owned by {@link Pulls}.
 */
final class Wanted {

    /** Most announcement-time marks kept per origin; past it the two oldest merge, keeping the later time. */
    static final int MAX_MARKS = 64;

    final long origin;

    /** Lowest number announced (and above what had arrived in order then); nothing below it is wanted. */
    long first;

    /** Every number from {@link #first} below this one has arrived (or was given up); it only rises. */
    long low;

    /** Highest number announced. */
    long upTo;

    final List<Announcer> announcers = new ArrayList<>(4);

    /**
     * (highest number announced, time in ms, contiguous number then) triples, oldest first: a number's announcement
     * time is its triple's, and so is how far the origin had arrived in order when it was announced.
     */
    private final ArrayDeque<long[]> marks = new ArrayDeque<>();

    // ---- the current round: pulls for the lowest missing number ----------------------------------------------

    /** The lowest missing number the round is about, or -1 before the first check. */
    long lowest = -1;

    /** The highest number announced when the round began: given up with the round's lowest one. */
    long roundUpTo;

    int attempts;

    /** Highest number asked for in the round's last pull. */
    long pulledUpTo = -1;

    /** When to act next, on the node's clock. */
    long due;

    /** How far the origin's messages had arrived in order at the last check. */
    long flowing;

    /** The maintenance tick the round began at. */
    long sinceTick;

    /** The link of the last pull. */
    long askedLink;

    /** Frames heard on the link of the last pull ({@code null} before the first or once that link is gone)… */
    long @Nullable [] asked;

    /** …and how many had been heard when it was sent or last checked. */
    long heardWhenAsked;

    /** Times the retry of the last pull was put off because its link kept delivering. */
    int putOff;

    private int turn;

    Wanted(long origin, long first) {
        this.origin = origin;
        this.first = first;
        this.low = first;
        this.upTo = first - 1;
    }

    /** {@code link} announced {@code from} to {@code last} at {@code now}, when {@code contiguous} had arrived. */
    void announce(long link, long from, long last, long now, long contiguous) {
        if (from < first) {
            if (!marks.isEmpty()) {
                // announced now, below the numbers announced before
                marks.addFirst(new long[] {first - 1, now, contiguous});
            }
            first = from;
            low = Math.min(low, from);
        }
        if (last > upTo) {
            upTo = last;
            long[] latest = marks.peekLast();
            if (latest != null && latest[1] == now && latest[2] == contiguous) {
                latest[0] = last;
            }
            else {
                marks.addLast(new long[] {last, now, contiguous});
                if (marks.size() > MAX_MARKS) {
                    marks.pollFirst(); // its numbers take the next mark's later time: pulled late, never early
                }
            }
        }
        for (Announcer announcer : announcers) {
            if (announcer.link == link) {
                announcer.first = Math.min(announcer.first, from);
                announcer.upTo = Math.max(announcer.upTo, last);
                return;
            }
        }
        announcers.add(new Announcer(link, from, last));
    }

    /** When {@code sequence} was first announced, or -1 when it was not. */
    long announcedAt(long sequence) {
        long[] mark = mark(sequence);
        return mark == null ? -1 : mark[1];
    }

    /** How far the origin had arrived in order when {@code sequence} was first announced, or -1. */
    long contiguousWhenAnnounced(long sequence) {
        long[] mark = mark(sequence);
        return mark == null ? -1 : mark[2];
    }

    private long @Nullable [] mark(long sequence) {
        if (sequence < first || sequence > upTo) {
            return null;
        }
        for (long[] mark : marks) {
            if (mark[0] >= sequence) {
                return mark;
            }
        }
        return null;
    }

    /** Forgets announcement times of numbers below {@code sequence}: they arrived or were given up. */
    void arrivedBelow(long sequence) {
        while (marks.size() > 1 && marks.peekFirst()[0] < sequence) {
            marks.pollFirst();
        }
    }

    /** Starts pulling for a new lowest missing number. */
    void newRound(long lowestMissing, long tick) {
        lowest = lowestMissing;
        roundUpTo = upTo;
        attempts = 0;
        pulledUpTo = -1;
        flowing = contiguousWhenAnnounced(lowestMissing);
        sinceTick = tick;
        asked = null;
    }

    /** The next announcer, round robin, that announced {@code sequence}; {@code null} when none is left. */
    @Nullable Announcer nextAnnouncer(long sequence) {
        int size = announcers.size();
        for (int i = 0; i < size; i++) {
            Announcer candidate = announcers.get((turn + i) % size);
            if (candidate.first <= sequence && sequence <= candidate.upTo) {
                turn = (turn + i + 1) % size;
                return candidate;
            }
        }
        return null;
    }

    /** The link went away: it is neither asked nor waited on. */
    void linkDown(long link, long @Nullable [] gone) {
        announcers.removeIf(announcer -> announcer.link == link);
        if (gone != null && asked == gone) {
            asked = null;
        }
    }

    /** A link that announced some of the origin's messages, and which. */
    static final class Announcer {

        final long link;

        long first;

        long upTo;

        Announcer(long link, long first, long upTo) {
            this.link = link;
            this.first = first;
            this.upTo = upTo;
        }
    }
}
