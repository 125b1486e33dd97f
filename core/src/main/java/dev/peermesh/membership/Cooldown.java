package dev.peermesh.membership;

import dev.peermesh.PeerAddress;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Addresses not to dial again for a few maintenance ticks after they failed or refused, so a node does not hammer a
 * dead or busy peer. Bounded: the oldest entry makes room for a new one.
 *
 * <p>Not thread-safe: owned by the node's protocol thread.
 */
public final class Cooldown {

    private final int capacity;

    private final Map<PeerAddress, Integer> ticksLeft = new LinkedHashMap<>();

    public Cooldown(int capacity) {
        this.capacity = capacity;
    }

    /** Keeps {@code address} from being dialled for the next {@code ticks} ticks. */
    public void hold(PeerAddress address, int ticks) {
        ticksLeft.remove(address);
        ticksLeft.put(address, ticks);
        if (ticksLeft.size() > capacity) {
            Iterator<PeerAddress> oldest = ticksLeft.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** Whether {@code address} is cooling down. */
    public boolean holds(PeerAddress address) {
        return ticksLeft.containsKey(address);
    }

    /** One maintenance tick passed. */
    public void tick() {
        ticksLeft.entrySet().removeIf(entry -> entry.setValue(entry.getValue() - 1) <= 1);
    }
}
