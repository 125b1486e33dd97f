package dev.peermesh.protocol.link;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * The open links by id, beside {@link LinkTable}'s map of them, for the look-up every frame read makes: a node has
 * a handful of links, and two small arrays searched in order find one with two memory reads where the map's table,
 * entry and boxed key took three more — at 10,000 simulated nodes each a cache miss (docs/simulation.md).
 *
 * <p>Not thread-safe: owned by the protocol thread. {@code index.put(id, link); Link link = index.get(id);}
 */
final class LinkIndex {

    private long[] ids = new long[8];

    private @Nullable Link[] links = new Link[8];

    private int size;

    /** The link with this id, or {@code null}. */
    @Nullable Link get(long id) {
        for (int i = 0; i < size; i++) {
            if (ids[i] == id) {
                return links[i];
            }
        }
        return null;
    }

    /** Adds the link under its id, or replaces the one there. */
    void put(long id, Link link) {
        for (int i = 0; i < size; i++) {
            if (ids[i] == id) {
                links[i] = link;
                return;
            }
        }
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
            links = Arrays.copyOf(links, size * 2);
        }
        ids[size] = id;
        links[size] = link;
        size++;
    }

    /** Forgets the link with this id, if any. */
    void remove(long id) {
        for (int i = 0; i < size; i++) {
            if (ids[i] == id) {
                size--;
                ids[i] = ids[size];
                links[i] = links[size];
                links[size] = null;
                return;
            }
        }
    }
}
