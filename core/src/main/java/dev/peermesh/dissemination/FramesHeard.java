package dev.peermesh.dissemination;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Frames heard on each neighbor link, one counter per link, for {@link Pulls}: a handful of links in two small
 * arrays searched in order. Every frame a node receives counts here, and a {@code HashMap<Long, long[]>} look-up (a
 * boxed key, an entry) was 8 % of a simulated 3,000-node mesh's time (docs/simulation.md). A counter is a
 * {@code long[1]} so that a pull can hold on to the one of the link it asked. Owned by the protocol thread.
 */
final class FramesHeard {

    private long[] links = new long[8];

    private long[][] counts = new long[8][];

    private int size;

    /** A new counter, from 0, for a link that came up; replaces any the link had. */
    void linkUp(long link) {
        int i = indexOf(link);
        if (i >= 0) {
            counts[i] = new long[1];
            return;
        }
        if (size == links.length) {
            links = Arrays.copyOf(links, size * 2);
            counts = Arrays.copyOf(counts, size * 2);
        }
        links[size] = link;
        counts[size] = new long[1];
        size++;
    }

    /** Forgets a link that went down; returns its counter, or {@code null} when it had none. */
    long @Nullable [] linkDown(long link) {
        int i = indexOf(link);
        if (i < 0) {
            return null;
        }
        long[] gone = counts[i];
        size--;
        links[i] = links[size];
        counts[i] = counts[size];
        counts[size] = null;
        return gone;
    }

    /** What {@link #next} answers when no link is up; no link has this id. */
    static final long NONE = Long.MIN_VALUE;

    /** Links up. */
    int size() {
        return size;
    }

    /** One of the links up, picked by {@code turn} (any number: successive ones go round), or {@link #NONE}. */
    long next(long turn) {
        return size == 0 ? NONE : links[(int) Math.floorMod(turn, (long) size)];
    }

    /** The link's counter, or {@code null} for a link not up. */
    long @Nullable [] of(long link) {
        int i = indexOf(link);
        return i < 0 ? null : counts[i];
    }

    private int indexOf(long link) {
        for (int i = 0; i < size; i++) {
            if (links[i] == link) {
                return i;
            }
        }
        return -1;
    }
}
