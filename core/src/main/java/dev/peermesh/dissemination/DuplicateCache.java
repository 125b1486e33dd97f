package dev.peermesh.dissemination;

import java.util.ArrayList;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Remembers which messages a node has seen, so none is delivered or forwarded twice.
 *
 * <p>Publishers number their messages 1, 2, 3, … so the cache keeps, per origin, the highest sequence below which
 * everything was seen plus a window of bits above it (only a run while they arrive in order): at most a few hundred
 * bytes per publisher however many messages it sends, and an old duplicate is recognised for as long as its origin
 * is remembered (WCF forgot every message after five minutes). Both bounds are settings: at most {@code maxOrigins}
 * origins (the least recently heard is forgotten first) and an origin silent for {@code maxIdleTicks} ticks is
 * forgotten.
 *
 * <p>The window starts at {@link #WINDOW} numbers. A message further ahead of the oldest unseen one doubles it, up to
 * {@link #MAX_WINDOW}, while that unseen one may still come (a pull on a loaded tree arrives thousands of messages
 * late) and the growth budget, shared by all origins, allows; it shrinks back once the gap closes. Beyond that the
 * window slides forward, and sequence numbers it passes over without having seen them are counted in
 * {@link #windowSkips()}. Numbers below the first one heard from an origin were published before this node heard of
 * it and are neither gaps nor skips; those that still come (replayed by a catch-up, or late on a longer path) are
 * remembered apart, as up to {@link #MAX_BELOW_RANGES} ranges per origin.
 *
 * <p>{@link #expireGaps} reports numbers that stayed missing for a whole repair window, so a dissemination strategy
 * can report them as lost rather than drop them silently.
 *
 * <p>Not thread-safe: owned by the node's protocol thread. {@code if (cache.firstSighting(origin, seq)) deliver();}
 */
public final class DuplicateCache {

    /** Sequence numbers tracked above the contiguous base, per origin, to begin with (256 bytes). */
    public static final int WINDOW = 2048;

    /** Most sequence numbers one origin's window grows to while a gap in it stays open (8 KiB). */
    public static final int MAX_WINDOW = 65_536;

    /** Most bytes all origins' windows may take beyond their first {@link #WINDOW} bits, together. */
    static final long GROWTH_BUDGET_BYTES = 16L << 20;

    /** Ranges of numbers below the first heard one origin remembers (replayed, or late on a longer path). */
    static final int MAX_BELOW_RANGES = 16;

    /** Numbers below an origin's first heard not remembered because its ranges were full. */
    private long belowOverflows;

    /** Bytes the windows took beyond their first {@link #WINDOW} bits. */
    private long grownBytes;

    private final int maxOrigins;
    private final long maxIdleTicks;

    /** Access order: the least recently heard origin is forgotten first. */
    private final LongLruMap<OriginWindow> origins;

    /** Origins whose numbers rose within the repair window (only they can have gaps to close), in that order. */
    private final ArrayList<OriginWindow> rising = new ArrayList<>();

    private long tick;
    private long evictions;
    private long windowSkips;

    public DuplicateCache(int maxOrigins, long maxIdleTicks) {
        if (maxOrigins < 1 || maxIdleTicks < 1) {
            throw new IllegalArgumentException("Duplicate cache needs at least 1 origin and 1 tick of idle time, not "
                    + maxOrigins + " and " + maxIdleTicks);
        }
        this.maxOrigins = maxOrigins;
        this.maxIdleTicks = maxIdleTicks;
        this.origins = new LongLruMap<>(maxOrigins, true, (origin, window) -> {
            evictions++;
            window.inRising = false;
            grownBytes -= window.grownBytes();
        });
    }

    /** Records the message and says whether this is the first time it was seen. */
    public boolean firstSighting(long origin, long sequence) {
        OriginWindow window = origins.get(origin);
        if (window == null) {
            window = new OriginWindow(origin, Math.max(0, sequence - WINDOW), sequence);
            origins.put(origin, window);
        }
        window.lastTick = tick;
        return window.mark(sequence);
    }

    /** The highest sequence number seen from the origin, or -1 when it is not remembered. */
    public long highest(long origin) {
        OriginWindow window = origins.get(origin);
        return window == null ? -1 : window.highest;
    }

    /**
     * The sequence number up to which every message of the origin was seen (from the first one heard), or -1 when
     * it is not remembered: it rises while the origin's messages keep arriving in order.
     */
    public long contiguous(long origin) {
        OriginWindow window = origins.get(origin);
        return window == null ? -1 : Math.max(window.base, window.above);
    }

    /**
     * The sequence number up to which {@link #contains} answers true for every message of the origin, or -1 when it
     * is not remembered. Unlike {@link #contiguous}, numbers below the first one heard count as unseen above it.
     */
    public long seenUpTo(long origin) {
        OriginWindow window = origins.get(origin);
        return window == null ? -1 : window.base;
    }

    /** Whether the message was seen, without recording anything. */
    public boolean contains(long origin, long sequence) {
        OriginWindow window = origins.get(origin);
        return window != null && window.seen(sequence);
    }

    /**
     * Reports, and then treats as seen, every sequence number that has been missing (with a later one seen) for at
     * least {@code repairTicks} ticks. Call once per tick.
     */
    public void expireGaps(long repairTicks, GapListener lost) {
        // Only origins whose highest number rose recently can have a gap to close: not every origin, every tick.
        int kept = 0;
        for (int i = 0; i < rising.size(); i++) {
            OriginWindow window = rising.get(i);
            if (window.inRising) { // else forgotten since
                window.expire(tick - repairTicks - 1, lost);
                window.inRising = window.risen != null;
                if (window.inRising) {
                    rising.set(kept++, window);
                }
            }
        }
        rising.subList(kept, rising.size()).clear();
    }

    /** Hears of sequence numbers given up on. */
    @FunctionalInterface
    public interface GapListener {

        /** {@code sequence} of {@code origin} never arrived. */
        void lost(long origin, long sequence);
    }

    /** Advances the cache's clock by one tick and forgets origins silent for too long. */
    public void tick() {
        tick++;
        for (int slot = origins.first(), next; slot >= 0; slot = next) {
            next = origins.after(slot);
            OriginWindow window = origins.valueAt(slot);
            if (tick - window.lastTick <= maxIdleTicks) {
                break; // access order: the rest were heard more recently
            }
            window.inRising = false;
            grownBytes -= window.grownBytes();
            origins.removeAt(slot);
            evictions++;
        }
    }

    /** Origins currently remembered. */
    public int origins() {
        return origins.size();
    }

    /** Origins forgotten, by count or age, since the cache was made. */
    public long evictions() {
        return evictions;
    }

    /** Bytes the windows now take beyond their first {@link #WINDOW} bits: at most {@link #GROWTH_BUDGET_BYTES}. */
    public long grownBytes() {
        return grownBytes;
    }

    /** Numbers below an origin's first heard one taken as seen because its {@link #MAX_BELOW_RANGES} were full. */
    public long belowOverflows() {
        return belowOverflows;
    }

    /** Sequence numbers passed over unseen when a window slid forward. */
    public long windowSkips() {
        return windowSkips;
    }

    /**
     * Per-origin state: everything up to {@code base} is seen; bit {@code s % size} for base < s ≤ base+size.
     * {@code floor} is the first number heard; everything from floor to {@code above} is seen too, so gaps are the
     * unseen numbers between {@code max(base, above)} and {@code highest}.
     */
    private final class OriginWindow {

        private final long origin;

        /**
         * Bit {@code s % size} set when {@code s} was seen; {@code null} while the seen numbers above {@code base} are
         * one run {@code [runFrom, runTo]}, as when messages arrive in order, so most origins never need the 272 bytes
         * (2,000 simulated nodes hearing 1,000 publishers held 1.6 million windows, 445 MB of {@code long[]}).
         */
        private long @Nullable [] bits;

        /** The run of seen numbers while {@code bits} is null; empty when {@code runFrom > runTo}. */
        private long runFrom = 1;

        private long runTo;

        /** Sequence numbers the window tracks above {@code base}: {@link #WINDOW}, doubled while a gap stays open. */
        private int size = WINDOW;

        private final long floor;

        private long base;

        /**
         * Numbers below {@code floor} seen, as sorted, disjoint ranges {@code [from, to]} in pairs
         * ({@link #belowRanges} of them); null while none: numbers an origin published before this node first heard
         * of it, which come only replayed by a catch-up or late on a longer path. Kept apart from the window, which
         * slides on without them.
         */
        private long @Nullable [] below;

        private int belowRanges;

        private long above;

        private long highest;

        private long lastTick;

        /**
         * When {@code highest} rose: the number of pairs at {@code [0]}, then the pairs (tick, highest), oldest first,
         * one per tick at most; null when none. A number missing below the highest of a pair at least a repair window
         * old has been missing that long. One array: an {@code ArrayDeque} of {@code long[2]} took 88 bytes for one
         * pair, about a third of the windows of a simulated mesh whose nodes hear many senders (docs/simulation.md).
         */
        private long @Nullable [] risen;

        /** In {@code rising} and still remembered: one forgotten is skipped there, not looked for (as in a map). */
        private boolean inRising;

        OriginWindow(long origin, long base, long floor) {
            this.origin = origin;
            this.base = base;
            this.floor = floor;
            this.above = floor - 1;
        }

        boolean seen(long sequence) {
            if (sequence < floor) {
                return sequence < 1 || inBelow(sequence);
            }
            return sequence <= base || (sequence <= base + size && test(sequence));
        }

        private boolean inBelow(long sequence) {
            for (int i = 0; i < belowRanges; i++) {
                if (sequence < below[2 * i]) {
                    return false;
                }
                if (sequence <= below[2 * i + 1]) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Records a number below the first heard; false when it was seen, or when {@link #MAX_BELOW_RANGES} ranges
         * are held and it extends none (it is then taken as seen, and counted).
         */
        private boolean markBelow(long sequence) {
            if (sequence < 1 || inBelow(sequence)) {
                return false;
            }
            if (below == null) {
                below = new long[2 * MAX_BELOW_RANGES];
            }
            int at = 0;
            while (at < belowRanges && below[2 * at + 1] < sequence) {
                at++;
            }
            boolean joinsLeft = at > 0 && below[2 * at - 1] == sequence - 1;
            boolean joinsRight = at < belowRanges && below[2 * at] == sequence + 1;
            if (joinsLeft && joinsRight) {
                below[2 * at - 1] = below[2 * at + 1];
                System.arraycopy(below, 2 * at + 2, below, 2 * at, 2 * (belowRanges - at - 1));
                belowRanges--;
            }
            else if (joinsLeft) {
                below[2 * at - 1] = sequence;
            }
            else if (joinsRight) {
                below[2 * at] = sequence;
            }
            else if (belowRanges == MAX_BELOW_RANGES) {
                belowOverflows++;
                return false;
            }
            else {
                System.arraycopy(below, 2 * at, below, 2 * at + 2, 2 * (belowRanges - at));
                below[2 * at] = sequence;
                below[2 * at + 1] = sequence;
                belowRanges++;
            }
            return true;
        }

        /** Reports and closes the gaps below the highest number seen by tick {@code before}. */
        void expire(long before, GapListener lost) {
            long bound = -1;
            if (risen != null) {
                int pairs = (int) risen[0];
                int done = 0;
                while (done < pairs && risen[1 + 2 * done] <= before) {
                    bound = risen[2 + 2 * done];
                    done++;
                }
                if (done == pairs) {
                    risen = null; // made again when the highest rises: most origins go quiet
                }
                else if (done > 0) {
                    System.arraycopy(risen, 1 + 2 * done, risen, 1, 2 * (pairs - done));
                    risen[0] = pairs - done;
                }
            }
            if (bound <= Math.max(base, above)) {
                return;
            }
            for (long s = Math.max(base, above) + 1; s <= bound; s++) {
                if (!seen(s)) {
                    lost.lost(origin, s);
                }
            }
            for (long s = base + 1; s <= bound; s++) {
                clear(s);
            }
            base = bound;
            above = Math.max(above, bound);
            while (test(base + 1)) {
                clear(base + 1);
                base++;
            }
            above = Math.max(above, base);
            while (above + 1 <= highest && seen(above + 1)) {
                above++;
            }
        }

        boolean mark(long sequence) {
            if (sequence < floor) {
                return markBelow(sequence);
            }
            if (sequence <= base) {
                return false;
            }
            if (sequence > base + size) {
                growFor(sequence);
                if (sequence > base + size) {
                    slideTo(sequence - size);
                }
            }
            if (test(sequence)) {
                return false;
            }
            set(sequence);
            if (sequence > highest) {
                highest = sequence;
                int pairs = risen == null ? 0 : (int) risen[0];
                if (pairs > 0 && risen[2 * pairs - 1] == tick) {
                    risen[2 * pairs] = sequence;
                }
                else {
                    if (risen == null) {
                        risen = new long[3];
                    }
                    else if (risen.length < 3 + 2 * pairs) {
                        risen = Arrays.copyOf(risen, 1 + 4 * pairs);
                    }
                    risen[1 + 2 * pairs] = tick;
                    risen[2 + 2 * pairs] = sequence;
                    risen[0] = pairs + 1;
                    if (!inRising) {
                        inRising = true;
                        rising.add(this);
                    }
                }
            }
            while (test(base + 1)) {
                clear(base + 1);
                base++;
            }
            above = Math.max(above, base);
            while (above + 1 <= highest && seen(above + 1)) {
                above++;
            }
            if (size > WINDOW && highest - base <= WINDOW / 2) {
                resize(WINDOW); // the gap closed
            }
            return true;
        }

        /**
         * Doubles the window until it reaches {@code sequence}, while a number from the first one heard is still
         * unseen below it (it may yet come) and the limits allow; a window with no such gap slides at no loss. The
         * gap may be the one {@code sequence} itself opens: a message more than a window ahead of a run that arrived
         * in order (on a loaded tree the origin's own link can overtake a relay by thousands) once slid the window
         * over the numbers between, which then counted as seen — never pulled, never reported lost.
         */
        private void growFor(long sequence) {
            while (sequence > base + size && size < MAX_WINDOW && Math.max(base, above) < sequence - 1
                    && grownBytes + size / 8 <= GROWTH_BUDGET_BYTES) {
                resize(size * 2);
            }
        }

        /** Moves the seen numbers above {@code base} into a window of {@code newSize} bits. */
        private void resize(int newSize) {
            long[] old = bits;
            int oldSize = size;
            if (old == null) {
                size = newSize; // a run does not depend on the window's size
                grownBytes += (newSize - oldSize) / 8;
                return;
            }
            bits = new long[newSize / 64];
            size = newSize;
            long last = Math.min(highest, base + oldSize);
            for (long s = base + 1; s <= last; s++) {
                int bit = (int) Math.floorMod(s, (long) oldSize);
                if ((old[bit >>> 6] & (1L << bit)) != 0) {
                    set(s);
                }
            }
            grownBytes += (newSize - oldSize) / 8;
        }

        long grownBytes() {
            return (size - WINDOW) / 8;
        }

        private void slideTo(long newBase) {
            long from = base + 1;
            long to = Math.min(newBase, base + size);
            for (long s = from; s <= to; s++) {
                if (test(s)) {
                    clear(s);
                }
                else if (s >= floor) {
                    windowSkips++;
                }
            }
            windowSkips += Math.max(0, newBase - Math.max(to, floor - 1));
            base = newBase;
        }

        private boolean test(long sequence) {
            if (bits == null) {
                return runFrom <= sequence && sequence <= runTo;
            }
            int bit = (int) Math.floorMod(sequence, (long) size);
            return (bits[bit >>> 6] & (1L << bit)) != 0;
        }

        private void set(long sequence) {
            if (bits == null) {
                boolean empty = runFrom > runTo;
                if (empty || sequence == runTo + 1 || sequence == runFrom - 1) {
                    runFrom = empty ? sequence : Math.min(runFrom, sequence);
                    runTo = empty ? sequence : Math.max(runTo, sequence);
                    return;
                }
                toBits(); // a gap opens: the run cannot say it
            }
            int bit = (int) Math.floorMod(sequence, (long) size);
            bits[bit >>> 6] |= 1L << bit;
        }

        private void clear(long sequence) {
            if (bits == null) {
                if (sequence < runFrom || sequence > runTo || sequence == runFrom || sequence == runTo) {
                    runFrom += sequence == runFrom ? 1 : 0;
                    runTo -= sequence == runTo && runFrom <= runTo ? 1 : 0;
                    return;
                }
                toBits();
            }
            int bit = (int) Math.floorMod(sequence, (long) size);
            bits[bit >>> 6] &= ~(1L << bit);
        }

        /** Moves the run into bits, for a set it cannot describe (all numbers tested lie in the window). */
        private void toBits() {
            bits = new long[size / 64];
            for (long s = runFrom; s <= runTo; s++) {
                int bit = (int) Math.floorMod(s, (long) size);
                bits[bit >>> 6] |= 1L << bit;
            }
        }
    }
}
