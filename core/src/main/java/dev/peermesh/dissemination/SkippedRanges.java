package dev.peermesh.dissemination;

import java.util.Arrays;

/**
 * The numbers of one origin that its {@link OriginOrder} passed over as history a catch-up did not replay, as up to
 * {@link #MAX_RANGES} ranges: one of them that still comes is reported lost as it comes, where a number given up on
 * (and reported lost then) is not reported twice. A skip right after another, with nothing given up on between,
 * extends the last range (what lies between was delivered: it cannot come again). Past the bound the two oldest
 * ranges merge: a number given up on between them and then coming after all would be reported a second time.
 *
 * <p>Not thread-safe: owned by the order, on the protocol thread. {@code if (skipped.contains(n)) reportLate(n);}
 */
final class SkippedRanges {

    /** Ranges kept per origin: a catch-up makes one per run of replayed messages between give-ups, usually one. */
    static final int MAX_RANGES = 8;

    /** {@code from, to} pairs (to exclusive), oldest first; none allocated until the first skip. */
    private long[] ranges = new long[0];

    private int count;

    /** Whether a number was given up on since the last skip: the next skip then starts a new range. */
    private boolean gaveUpSince;

    /** The numbers from {@code from} to below {@code to} were passed over. */
    void skipped(long from, long to) {
        if (count > 0 && !gaveUpSince) {
            ranges[2 * count - 1] = to;
            return;
        }
        gaveUpSince = false;
        if (count == MAX_RANGES) {
            ranges[1] = ranges[3]; // the two oldest become one
            System.arraycopy(ranges, 4, ranges, 2, 2 * (count - 2));
            count--;
        }
        if (2 * count == ranges.length) {
            ranges = Arrays.copyOf(ranges, Math.max(4, 2 * ranges.length));
        }
        ranges[2 * count] = from;
        ranges[2 * count + 1] = to;
        count++;
    }

    /** Numbers were given up on (and reported lost): they are in no range. */
    void gaveUp() {
        gaveUpSince = true;
    }

    boolean contains(long sequence) {
        for (int i = 0; i < count; i++) {
            if (ranges[2 * i] <= sequence && sequence < ranges[2 * i + 1]) {
                return true;
            }
        }
        return false;
    }

    int ranges() {
        return count;
    }
}
