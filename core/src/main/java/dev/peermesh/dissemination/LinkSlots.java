package dev.peermesh.dissemination;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The links a node's {@link OriginTrees} name, each in a small numbered slot, so a tree keeps a slot number and two
 * bits per slot instead of link ids and a map of its own. A node has a handful of links: slots are searched in
 * order. A slot is freed when its link goes down, or, when none is free, by asking which slots the trees still name
 * (a link can stay named after it went down, e.g. as the parent a pull chose); the table grows only when at least
 * three quarters of it stay named, so those sweeps stay rare.
 *
 * <p>Not thread-safe: owned by the node's protocol thread.
 * {@code int slot = slots.slotFor(link, named -> trees.forEach(tree -> tree.mark(named)));}
 */
final class LinkSlots {

    /** What a free slot holds; no link has this id. */
    private static final long FREE = OriginTrees.NO_LINK;

    private long[] links = free(new long[8], 0);

    /** The link in the slot. */
    long link(int slot) {
        return links[slot];
    }

    /** The link's slot, or -1 when it has none. */
    int slotOf(long link) {
        for (int i = 0; i < links.length; i++) {
            if (links[i] == link) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The link's slot, given one if it has none: a free one; when there is none, {@code markNamed} marks in the array
     * it is given the slots still named, the others are freed, and the table grows only if too few were.
     */
    int slotFor(long link, Consumer<boolean[]> markNamed) {
        int slot = slotOf(link);
        if (slot >= 0) {
            return slot;
        }
        slot = slotOf(FREE);
        if (slot < 0 && sweep(markNamed) >= links.length / 4) {
            slot = slotOf(FREE);
        }
        if (slot < 0) {
            slot = links.length;
            links = free(Arrays.copyOf(links, slot * 2), slot);
        }
        links[slot] = link;
        return slot;
    }

    /** Frees the slot. */
    void free(int slot) {
        links[slot] = FREE;
    }

    /** Slots in the table, free or not. */
    int size() {
        return links.length;
    }

    /** Frees the slots {@code markNamed} leaves unmarked; returns how many are free. */
    private int sweep(Consumer<boolean[]> markNamed) {
        boolean[] named = new boolean[links.length];
        markNamed.accept(named);
        int free = 0;
        for (int slot = 0; slot < named.length; slot++) {
            if (!named[slot]) {
                links[slot] = FREE;
                free++;
            }
        }
        return free;
    }

    private static long[] free(long[] table, int from) {
        Arrays.fill(table, from, table.length, FREE);
        return table;
    }
}
