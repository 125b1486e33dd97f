package dev.peermesh.node;

import dev.peermesh.SealSettings;

import java.util.function.IntSupplier;

/**
 * When a sealing node may seal its next run: at most once per seal interval, unless a full seal's worth waits; the
 * interval paced once a second by how many other origins' seals the node checked meanwhile
 * ({@link SealSettings#intervalNanos}), so that every receiver checks about {@link SealSettings#checkRate()} seals a
 * second however many origins publish. A count that spans more than two seconds (the node sealed nothing for a
 * while) is discarded rather than used. Clock in, decision out; on the node's loop only.
 *
 * <p>{@code long wait = pacing.waitNanos(System.nanoTime(), fullRunWaiting); … pacing.sealed(System.nanoTime());}
 */
final class SealPacing {

    /** How often the interval is paced again by the origins heard. */
    static final long PERIOD_NANOS = 1_000_000_000L;

    private final SealSettings seals;

    private final IntSupplier sealersHeard;

    private long intervalNanos;

    private long pacedAt;

    private long lastSeal;

    /** Pacing that starts at {@code now}: the first run goes at once, and the first call paces. */
    SealPacing(SealSettings seals, IntSupplier sealersHeard, long now) {
        this.seals = seals;
        this.sealersHeard = sealersHeard;
        this.intervalNanos = seals.interval().toNanos();
        this.pacedAt = now - PERIOD_NANOS;
        this.lastSeal = now - intervalNanos;
    }

    /** How long the next run waits to be sealed: until an interval after the last seal, not at all when full. */
    long waitNanos(long now, boolean fullRunWaiting) {
        if (now - pacedAt >= PERIOD_NANOS) {
            int heard = sealersHeard.getAsInt();
            intervalNanos = now - pacedAt <= 2 * PERIOD_NANOS ? seals.intervalNanos(heard) : seals.interval().toNanos();
            pacedAt = now;
        }
        if (fullRunWaiting) {
            return 0;
        }
        long since = now - lastSeal;
        return since >= intervalNanos ? 0 : intervalNanos - since;
    }

    /** A run was sealed now. */
    void sealed(long now) {
        lastSeal = now;
    }

    /** The least time between two seals, as last paced. */
    long intervalNanos() {
        return intervalNanos;
    }
}
