package dev.peermesh.dissemination;

import dev.peermesh.wire.Frame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The announcements (IHAVE) a node owes its off-tree links, batched per link for one interval and coalesced into
 * ranges: consecutive messages of an origin announced on a link become one entry (origin, first, last, fewest hops).
 * A busy origin's messages, announced one by one, so cost one 26-byte entry per interval instead of 18 bytes each.
 *
 * <p>Bounded: a link's batch is sent at once when it holds {@link Frame#MAX_MESSAGE_IDS} ranges. Not thread-safe:
 * owned by the protocol thread. {@code if (batches.add(link, origin, seq, hops)) sink.schedule(FLUSH, interval);}
 */
final class Announcements {

    private final DisseminationSink sink;

    private final Map<Long, Batch> batches = new LinkedHashMap<>();

    private boolean flushScheduled;

    private long announced;

    Announcements(DisseminationSink sink) {
        this.sink = sink;
    }

    /**
     * Adds one message to the link's batch; a full batch goes out at once. Answers whether a flush must be scheduled
     * (none is pending yet), after which {@link #flush()} must be called once the interval has passed.
     */
    boolean add(long link, long origin, long sequence, int hops) {
        announced++;
        Batch batch = batches.computeIfAbsent(link, l -> new Batch());
        batch.add(origin, sequence, hops);
        if (batch.ranges.size() >= Frame.MAX_MESSAGE_IDS) {
            sink.send(link, batch.frame());
            batches.remove(link);
            return false;
        }
        if (flushScheduled) {
            return false;
        }
        flushScheduled = true;
        return true;
    }

    /** Sends every batch, one IHAVE per link. */
    void flush() {
        flushScheduled = false;
        for (Map.Entry<Long, Batch> batch : batches.entrySet()) {
            sink.send(batch.getKey(), batch.getValue().frame());
        }
        batches.clear();
    }

    /** Forgets what was owed to a link that went away. */
    void forget(long link) {
        batches.remove(link);
    }

    /** Message ids announced, each counted once per link, whether or not it joined a range. */
    long announced() {
        return announced;
    }

    /** One link's batch: ranges in the order they were opened, and each origin's last one, which may grow. */
    private static final class Batch {

        final List<long[]> ranges = new ArrayList<>();

        /** Index in {@link #ranges} of each origin's last range. */
        final Map<Long, Integer> open = new HashMap<>();

        void add(long origin, long sequence, int hops) {
            Integer index = open.get(origin);
            if (index != null) {
                long[] range = ranges.get(index);
                if (sequence == range[2] + 1 || (sequence >= range[1] && sequence <= range[2])) {
                    range[2] = Math.max(range[2], sequence);
                    range[3] = Math.min(range[3], hops);
                    return;
                }
            }
            open.put(origin, ranges.size());
            ranges.add(new long[] {origin, sequence, sequence, hops});
        }

        Frame.IHave frame() {
            List<Frame.Announcement> announcements = new ArrayList<>(ranges.size());
            for (long[] range : ranges) {
                announcements.add(new Frame.Announcement(range[0], range[1], range[2], (int) range[3]));
            }
            return new Frame.IHave(announcements);
        }
    }
}
