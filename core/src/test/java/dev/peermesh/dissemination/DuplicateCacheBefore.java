package dev.peermesh.dissemination;

import java.util.ArrayDeque;
import java.util.ArrayList;

import org.jspecify.annotations.Nullable;

/**
 * {@link DuplicateCache} as it was before each window kept when its highest number rose in one array (commit
 * 1dd07eb; an {@code ArrayDeque} of {@code long[2]} then): the model {@code DuplicateCacheModelTest} checks the present
 * one against; with the numbers below an origin's first heard one kept apart, as the present one keeps them.
 */
final class DuplicateCacheBefore {

    /** Sequence numbers tracked above the contiguous base, per origin, to begin with (256 bytes). */
    public static final int WINDOW = 2048;

    /** Most sequence numbers one origin's window grows to while a gap in it stays open (8 KiB). */
    public static final int MAX_WINDOW = 65_536;

    /** Most bytes all origins' windows may take beyond their first {@link #WINDOW} bits, together. */
    static final long GROWTH_BUDGET_BYTES = 16L << 20;

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

    DuplicateCacheBefore(int maxOrigins, long maxIdleTicks) {
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
    public void expireGaps(long repairTicks, DuplicateCache.GapListener lost) {
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

        private long above;

        private long highest;

        private long lastTick;

        /**
         * When {@code highest} rose: pairs of (tick, highest), oldest first, one per tick at most; null when none. A
         * number missing below the highest of a pair at least a repair window old has been missing that long.
         */
        private @Nullable ArrayDeque<long[]> risen;

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
                return sequence < 1 || below.contains(sequence);
            }
            return sequence <= base || (sequence <= base + size && test(sequence));
        }

        /** Numbers below {@code floor} seen, kept apart in the present cache: modelled as a set and a range count. */
        private final java.util.TreeSet<Long> below = new java.util.TreeSet<>();

        private int belowRanges;

        private boolean markBelow(long sequence) {
            if (sequence < 1 || below.contains(sequence)) {
                return false;
            }
            boolean left = below.contains(sequence - 1);
            boolean right = below.contains(sequence + 1);
            if (!left && !right && belowRanges == DuplicateCache.MAX_BELOW_RANGES) {
                return false;
            }
            belowRanges += left && right ? -1 : left || right ? 0 : 1;
            below.add(sequence);
            return true;
        }

        /** Reports and closes the gaps below the highest number seen by tick {@code before}. */
        void expire(long before, DuplicateCache.GapListener lost) {
            long bound = -1;
            while (risen != null && risen.peekFirst()[0] <= before) {
                bound = risen.pollFirst()[1];
                risen = risen.isEmpty() ? null : risen; // made again when the highest rises: most origins go quiet
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
                long[] last = risen == null ? null : risen.peekLast();
                if (last != null && last[0] == tick) {
                    last[1] = sequence;
                }
                else {
                    risen = risen != null ? risen : new ArrayDeque<>(2);
                    risen.addLast(new long[] {tick, sequence});
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
