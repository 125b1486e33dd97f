package dev.peermesh.protocol.link;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which origins' keys and seals went out on one link, so that each goes out once, before the first signed message
 * that needs it: exact per origin (the most recently used {@code capacity} origins), with a small table in front by a
 * hash of the origin that answers the usual question — the same origin and seal as its last message — without
 * boxing the origin or touching a map. Every message of a signed mesh asks it on every link it goes out on.
 *
 * <p>A table hit does not refresh the origin in the map, so an origin the map forgot may have its key or seal sent
 * once more: harmless, the neighbor has it already and checks it no further.
 *
 * <p>{@code if (sent.needsSeal(origin, seal.first())) { send(seal); }}
 */
final class CredentialsSent {

    private static final int SLOTS = 64;

    private final long[] keyOrigins = new long[SLOTS];

    private final long[] sealOrigins = new long[SLOTS];

    private final long[] sealFirsts = new long[SLOTS];

    private final Map<Long, Boolean> keys;

    private final Map<Long, Long> seals;

    /** Remembers at most {@code capacity} origins of each kind; the least recently used is forgotten first. */
    CredentialsSent(int capacity) {
        this.keys = lru(capacity);
        this.seals = lru(capacity);
    }

    private static <V> Map<Long, V> lru(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Whether the origin's key must go out now (the first time), noting that it did. */
    boolean needsKey(long origin) {
        int slot = slot(origin);
        if (origin != 0 && keyOrigins[slot] == origin) {
            return false;
        }
        keyOrigins[slot] = origin;
        return keys.put(origin, Boolean.TRUE) == null;
    }

    /** The key could not be sent after all: ask again with the next message. */
    void keyNotSent(long origin) {
        keys.remove(origin);
        int slot = slot(origin);
        if (keyOrigins[slot] == origin) {
            keyOrigins[slot] = 0;
        }
    }

    /** Whether the origin's seal that starts at {@code first} must go out now, noting that it did. */
    boolean needsSeal(long origin, long first) {
        int slot = slot(origin);
        if (origin != 0 && sealOrigins[slot] == origin && sealFirsts[slot] == first) {
            return false;
        }
        sealOrigins[slot] = origin;
        sealFirsts[slot] = first;
        Long last = seals.put(origin, first);
        return last == null || last != first;
    }

    private static int slot(long origin) {
        return Long.hashCode(origin * 0x9E3779B97F4A7C15L) & (SLOTS - 1);
    }
}
