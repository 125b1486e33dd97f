package dev.peermesh.dissemination;

import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One broadcast tree per origin, kept as the links that are off it: a link is on an origin's tree until a duplicate
 * of that origin's messages, or the peer's PRUNE, takes it off. With every node publishing, one shared tree cannot
 * work: each node sees duplicates from several origins on different links and would prune them all. Per origin,
 * a duplicate only ever prunes a redundant link of that origin's tree.
 *
 * <p>Bounded: past {@code maxOrigins}, the least recently used origin's tree is forgotten, which only puts its links
 * back on it (duplicates then prune them again). Not thread-safe: owned by the protocol thread.
 */
final class OriginTrees {

    private final Map<Long, Set<Long>> offTree;

    OriginTrees(int maxOrigins) {
        this.offTree = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Set<Long>> eldest) {
                return size() > maxOrigins;
            }
        };
    }

    /** Whether the link is on the origin's tree (payloads go there, not just announcements). */
    boolean onTree(long origin, long link) {
        Set<Long> links = offTree.get(origin);
        return links == null || !links.contains(link);
    }

    /** Takes the link off the origin's tree; whether it was on it. */
    boolean prune(long origin, long link) {
        return offTree.computeIfAbsent(origin, o -> new HashSet<>(4)).add(link);
    }

    /** Puts the link back on the origin's tree. */
    void graft(long origin, long link) {
        Set<Long> links = offTree.get(origin);
        if (links != null && links.remove(link) && links.isEmpty()) {
            offTree.remove(origin);
        }
    }

    /** Forgets a link that went down. */
    void forget(long link) {
        for (Iterator<Set<Long>> it = offTree.values().iterator(); it.hasNext();) {
            Set<Long> links = it.next();
            if (links.remove(link) && links.isEmpty()) {
                it.remove();
            }
        }
    }

    /** Origins with at least one link off their tree. */
    int size() {
        return offTree.size();
    }
}
