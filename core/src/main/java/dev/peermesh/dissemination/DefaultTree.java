package dev.peermesh.dissemination;

import java.util.Arrays;

/**
 * Each neighbor link's last tree decision, for any origin ({@link OriginTrees}' <em>default tree</em>): on the tree
 * or off it. A node has a handful of links, so two small arrays searched in order hold them; as a
 * {@code HashMap<Long, Boolean>} every look-up of a link id above 127 boxed it, and the question whether any link is
 * on the tree walked the map's values with an iterator, for every origin's first message on each link (a simulated
 * mesh numbers its links across all nodes, so every id there is above 127).
 *
 * <p>Not thread-safe: owned by the protocol thread. {@code tree.put(link, true); if (tree.on(link)) ...}
 */
final class DefaultTree {

    private long[] links = new long[8];

    private boolean[] on = new boolean[8];

    private int size;

    /** Links on the tree. */
    private int onCount;

    /** Whether the link is on the tree; a link not decided yet is. */
    boolean on(long link) {
        int i = indexOf(link);
        return i < 0 || on[i];
    }

    /** Records the link's place. */
    void put(long link, boolean onTree) {
        int i = indexOf(link);
        if (i < 0) {
            if (size == links.length) {
                links = Arrays.copyOf(links, size * 2);
                on = Arrays.copyOf(on, size * 2);
            }
            i = size++;
            links[i] = link;
        }
        else if (on[i]) {
            onCount--;
        }
        on[i] = onTree;
        if (onTree) {
            onCount++;
        }
    }

    /** Forgets the link; answers whether it was on the tree. */
    boolean remove(long link) {
        int i = indexOf(link);
        if (i < 0) {
            return false;
        }
        boolean was = on[i];
        if (was) {
            onCount--;
        }
        size--;
        links[i] = links[size];
        on[i] = on[size];
        return was;
    }

    /** Whether any link is on the tree. */
    boolean anyOn() {
        return onCount > 0;
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
