package dev.peermesh.dissemination;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A node's neighbor links in the order they were added, as a {@code LinkedHashSet<Long>} keeps them, in one small
 * {@code long[]}: a node has a handful of links, and {@link Plumtree} asks whether a link is in its eager or lazy set
 * on every control frame and walks both for every message it relays; {@link Flooding} walks its one set for every
 * message. With boxed links those were hash look-ups, entry objects and a {@code Long} per query, a few percent of a
 * simulated 3,000-node mesh's time (docs/simulation.md), and a walk of a {@code LinkedHashSet} an iterator per
 * message (issue 17). Owned by the protocol thread. {@code for (int i = 0; i < set.size(); i++) set.get(i);}
 */
final class LinkSet {

    private long[] links = new long[8];

    private int size;

    /** Adds the link at the end; returns false, and keeps its place, when it is in already. */
    boolean add(long link) {
        if (contains(link)) {
            return false;
        }
        if (size == links.length) {
            links = Arrays.copyOf(links, size * 2);
        }
        links[size++] = link;
        return true;
    }

    /** Removes the link, keeping the others' order; returns whether it was in. */
    boolean remove(long link) {
        for (int i = 0; i < size; i++) {
            if (links[i] == link) {
                System.arraycopy(links, i + 1, links, i, size - i - 1);
                size--;
                return true;
            }
        }
        return false;
    }

    /** The link's place in the order, or -1. */
    int indexOf(long link) {
        for (int i = 0; i < size; i++) {
            if (links[i] == link) {
                return i;
            }
        }
        return -1;
    }

    boolean contains(long link) {
        for (int i = 0; i < size; i++) {
            if (links[i] == link) {
                return true;
            }
        }
        return false;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The {@code i}-th link in order. */
    long get(int i) {
        return links[i];
    }

    /** The links, in order, as a set of their own. */
    Set<Long> toSet() {
        Set<Long> set = new LinkedHashSet<>();
        for (int i = 0; i < size; i++) {
            set.add(links[i]);
        }
        return set;
    }
}
