package dev.peermesh.membership;

import dev.peermesh.PeerAddress;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Addresses not to dial again for a while after they failed or refused, so a node does not hammer a dead, busy or
 * misconfigured peer. The hold grows while failures repeat: the first is held {@code initialTicks} maintenance ticks,
 * each further one twice as long as the one before, up to {@code maxTicks}. An address that links again is forgotten
 * at once; one that stays quiet (no failure) for {@code maxTicks} after its hold ended starts over from the first
 * step. Bounded: the address that failed longest ago makes room for a new one.
 *
 * <p>{@code if (!cooldown.holds(address)) dial(address); ... cooldown.failed(address);}
 *
 * <p>Not thread-safe: owned by the node's protocol thread.
 */
public final class Cooldown {

    private final int capacity;

    private final int initialTicks;

    private final int maxTicks;

    /** Per address, most recently failed last. */
    private final Map<PeerAddress, Streak> streaks = new LinkedHashMap<>();

    /**
     * @param capacity most addresses remembered
     * @param initialTicks ticks the first failure holds an address, at least 1
     * @param maxTicks most ticks one failure holds it, at least {@code initialTicks}
     */
    public Cooldown(int capacity, int initialTicks, int maxTicks) {
        if (capacity < 1 || initialTicks < 1 || maxTicks < initialTicks) {
            throw new IllegalArgumentException("capacity " + capacity + ", initial " + initialTicks + " and max "
                    + maxTicks + " ticks: want capacity >= 1 and 1 <= initial <= max");
        }
        this.capacity = capacity;
        this.initialTicks = initialTicks;
        this.maxTicks = maxTicks;
    }

    /**
     * The address failed (again): holds it for the next step of its streak.
     *
     * @return the ticks it is now held for
     */
    public int failed(PeerAddress address) {
        Streak streak = streaks.remove(address);
        if (streak == null) {
            streak = new Streak();
        }
        streak.failures++;
        streak.ticksLeft = hold(streak.failures);
        streak.quietTicksLeft = maxTicks;
        streaks.put(address, streak);
        if (streaks.size() > capacity) {
            Iterator<PeerAddress> oldest = streaks.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return streak.ticksLeft;
    }

    /** The address linked: forget its failures, so it may be dialled at once and starts over if it fails. */
    public void succeeded(PeerAddress address) {
        streaks.remove(address);
    }

    /** Whether {@code address} is cooling down. */
    public boolean holds(PeerAddress address) {
        Streak streak = streaks.get(address);
        return streak != null && streak.ticksLeft > 0;
    }

    /** Failures in a row remembered for {@code address}; 0 when none. */
    public int failures(PeerAddress address) {
        Streak streak = streaks.get(address);
        return streak == null ? 0 : streak.failures;
    }

    /** Addresses remembered now, held or not. */
    public int size() {
        return streaks.size();
    }

    /** One maintenance tick passed. */
    public void tick() {
        streaks.values().removeIf(streak -> {
            if (streak.ticksLeft > 0) {
                streak.ticksLeft--;
                return false;
            }
            return --streak.quietTicksLeft <= 0;
        });
    }

    /** {@code initialTicks} doubled once per earlier failure, at most {@code maxTicks}. */
    private int hold(int failures) {
        long ticks = initialTicks;
        for (int i = 1; i < failures && ticks < maxTicks; i++) {
            ticks *= 2;
        }
        return (int) Math.min(ticks, maxTicks);
    }

    private static final class Streak {

        int failures;

        int ticksLeft;

        /** Ticks after the hold ended until the streak is forgotten. */
        int quietTicksLeft;
    }
}
