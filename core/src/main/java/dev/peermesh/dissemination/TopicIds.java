package dev.peermesh.dissemination;

import java.util.HashMap;
import java.util.Map;

/**
 * The topics of the {@link CacheEntries} as small numbers, each name held once while an entry uses it. An entry
 * keeps its topic's number in an {@code int} array instead of a reference in a {@code String[]}: every reference
 * stored into a long-lived array runs the garbage collector's write barrier, whose memory fence waited for the
 * entry's other stores, and made a third of the cache's cost per message (a 3-node benchmark profile,
 * docs/benchmarks.md).
 *
 * <p>Not thread-safe: owned by the node's protocol thread.
 * {@code int id = topics.acquire(topic); … topics.name(id) … topics.release(id);}
 */
final class TopicIds {

    private final Map<String, Integer> ids = new HashMap<>();

    private String[] names = new String[4];

    /** Entries holding each number; a number nobody holds is free again. */
    private int[] holders = new int[4];

    /** Numbers given back, to be handed out again before new ones. */
    private int[] free = new int[4];

    private int freeCount;

    /** Numbers handed out so far, free ones included. */
    private int issued;

    /** The topic asked for last, and its number: a run of messages on one topic looks up nothing. */
    private String last;

    private int lastId = -1;

    /** The topic's number, held once more; {@link #release} gives each acquisition back. */
    int acquire(String topic) {
        int id;
        if (topic.equals(last)) {
            id = lastId;
        }
        else {
            Integer known = ids.get(topic);
            id = known != null ? known : issue(topic);
            last = names[id];
            lastId = id;
        }
        holders[id]++;
        return id;
    }

    /** One holder of the number is gone; the name is forgotten with the last one. */
    void release(int id) {
        if (--holders[id] > 0) {
            return;
        }
        ids.remove(names[id]);
        names[id] = null;
        if (id == lastId) {
            last = null;
            lastId = -1;
        }
        if (freeCount == free.length) {
            free = java.util.Arrays.copyOf(free, freeCount * 2);
        }
        free[freeCount++] = id;
    }

    /** The topic of a number some entry holds. */
    String name(int id) {
        return names[id];
    }

    /** Topics held now; for tests. */
    int size() {
        return ids.size();
    }

    private int issue(String topic) {
        int id;
        if (freeCount > 0) {
            id = free[--freeCount];
        }
        else {
            id = issued++;
            if (id == names.length) {
                names = java.util.Arrays.copyOf(names, id * 2);
                holders = java.util.Arrays.copyOf(holders, id * 2);
            }
        }
        names[id] = topic;
        ids.put(topic, id);
        return id;
    }
}
