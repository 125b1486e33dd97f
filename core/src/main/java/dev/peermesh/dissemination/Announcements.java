package dev.peermesh.dissemination;

import dev.peermesh.wire.Frame;

import java.util.Arrays;
import java.util.List;

/**
 * The announcements (IHAVE) a node owes its off-tree links, batched per link for one interval and coalesced into
 * ranges: consecutive messages of an origin announced on a link become one entry (origin, first, last, fewest hops).
 * A busy origin's messages, announced one by one, so cost one 26-byte entry per interval instead of 18 bytes each.
 *
 * <p>Each link's batch is kept from one interval to the next, its ranges in one {@code long[]}: a node announces
 * every message it relays to each off-tree link, and a batch of maps and boxed keys made per link and interval was a
 * fifth of a simulated 3,000-node mesh's time (docs/simulation.md).
 *
 * <p>A batch also goes out early, right after a payload sent on its link once it is half an interval old
 * ({@link #sendWith}): in a mesh with few publishers the IHAVEs, each a wake-up of its own for the peer every
 * interval, were as many frames as the payloads, and the node threads they woke delayed the payloads
 * (docs/benchmarks.md).
 *
 * <p>Bounded: a link's batch is sent at once when it holds {@link Frame#MAX_MESSAGE_IDS} ranges. Not thread-safe:
 * owned by the protocol thread. {@code if (batches.add(link, origin, seq, hops)) sink.schedule(FLUSH, interval);}
 */
final class Announcements {

    private final DisseminationSink sink;

    /** How old a batch must be to go out with a payload (ms): younger, it could overtake the payloads it announces. */
    private final long rideAfterMillis;

    /** Every link's batch, empty or not: one per neighbor that was announced to, found by a scan. */
    private Batch[] batches = new Batch[4];

    private int links;

    /** The batches holding ranges, in the order their first range came: the order the IHAVEs go out in. */
    private Batch[] pending = new Batch[4];

    private int pendingCount;

    private boolean flushScheduled;

    private long announced;

    Announcements(DisseminationSink sink, long rideAfterMillis) {
        this.sink = sink;
        this.rideAfterMillis = rideAfterMillis;
    }

    /**
     * Adds one message to the link's batch; a full batch goes out at once. Answers whether a flush must be scheduled
     * (none is pending yet), after which {@link #flush()} must be called once the interval has passed.
     */
    boolean add(long link, long origin, long sequence, int hops) {
        announced++;
        Batch batch = batch(link);
        if (batch.count == 0) {
            batch.since = sink.now();
            if (pendingCount == pending.length) {
                pending = Arrays.copyOf(pending, pendingCount * 2);
            }
            pending[pendingCount++] = batch;
        }
        batch.add(origin, sequence, hops);
        if (batch.count >= Frame.MAX_MESSAGE_IDS) {
            sink.send(link, batch.frame());
            batch.clear();
            unpend(batch);
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
        for (int i = 0; i < pendingCount; i++) {
            Batch batch = pending[i];
            pending[i] = null;
            sink.send(batch.link, batch.frame());
            batch.clear();
        }
        pendingCount = 0;
    }

    /**
     * Sends the link's batch now if it holds anything at least {@code rideAfterMillis} old: a payload was just sent
     * on the link, and announcements that go out with it cost its peer no wake-up of their own. A younger batch
     * waits (sent at once, its announcements would more often overtake payloads still on their way on longer tree
     * paths, and be pulled for nothing: the simulator's churn RMR rose 0.070 → 0.075). The flush timer stays for the
     * other links.
     */
    void sendWith(long link) {
        for (int i = 0; i < pendingCount; i++) {
            Batch batch = pending[i];
            if (batch.link == link) {
                if (sink.now() - batch.since < rideAfterMillis) {
                    return;
                }
                sink.send(link, batch.frame());
                batch.clear();
                unpendAt(i);
                return;
            }
        }
    }

    /** Forgets what was owed to a link that went away. */
    void forget(long link) {
        for (int i = 0; i < links; i++) {
            if (batches[i].link == link) {
                unpend(batches[i]);
                batches[i] = batches[--links];
                batches[links] = null;
                return;
            }
        }
    }

    /** Message ids announced, each counted once per link, whether or not it joined a range. */
    long announced() {
        return announced;
    }

    private Batch batch(long link) {
        for (int i = 0; i < links; i++) {
            if (batches[i].link == link) {
                return batches[i];
            }
        }
        if (links == batches.length) {
            batches = Arrays.copyOf(batches, links * 2);
        }
        Batch batch = new Batch(link);
        batches[links++] = batch;
        return batch;
    }

    /** Takes the batch out of the pending ones, keeping the others' order. */
    private void unpend(Batch batch) {
        for (int i = 0; i < pendingCount; i++) {
            if (pending[i] == batch) {
                unpendAt(i);
                return;
            }
        }
    }

    private void unpendAt(int i) {
        System.arraycopy(pending, i + 1, pending, i, pendingCount - i - 1);
        pending[--pendingCount] = null;
    }

    /**
     * One link's batch: ranges in the order they were opened, four longs each (origin, first, last, hops), and an
     * index of each origin's last range, which may grow. The index is open addressing on one {@code long[]}: a slot
     * holds the generation it was written in (high half) and the range's number + 1 (low half), so emptying the
     * batch is one increment of {@link #generation}, not a clearing of the table.
     */
    private static final class Batch {

        private static final int FIRST_INDEX = 8;

        final long link;

        int count;

        /** When the batch's first range came (ms, the sink's clock). */
        long since;

        private long[] ranges = new long[4 * 2];

        private long[] index = new long[FIRST_INDEX];

        private int generation = 1;

        Batch(long link) {
            this.link = link;
        }

        void add(long origin, long sequence, int hops) {
            int last = lastRange(origin);
            if (last >= 0) {
                int at = 4 * last;
                if (sequence == ranges[at + 2] + 1 || (sequence >= ranges[at + 1] && sequence <= ranges[at + 2])) {
                    ranges[at + 2] = Math.max(ranges[at + 2], sequence);
                    ranges[at + 3] = Math.min(ranges[at + 3], hops);
                    return;
                }
            }
            if (4 * count == ranges.length) {
                ranges = Arrays.copyOf(ranges, ranges.length * 2);
            }
            int at = 4 * count;
            ranges[at] = origin;
            ranges[at + 1] = sequence;
            ranges[at + 2] = sequence;
            ranges[at + 3] = hops;
            count++;
            if (2 * count > index.length) {
                index = new long[index.length * 2];
                for (int range = 0; range < count; range++) {
                    setLast(ranges[4 * range], range); // a later range of an origin replaces an earlier one
                }
            }
            else {
                setLast(origin, count - 1);
            }
        }

        Frame.IHave frame() {
            Frame.Announcement[] announcements = new Frame.Announcement[count];
            for (int range = 0; range < count; range++) {
                int at = 4 * range;
                announcements[range] = new Frame.Announcement(ranges[at], ranges[at + 1], ranges[at + 2],
                        (int) ranges[at + 3]);
            }
            return new Frame.IHave(List.of(announcements));
        }

        void clear() {
            count = 0;
            if (++generation == Integer.MAX_VALUE) {
                Arrays.fill(index, 0);
                generation = 1;
            }
        }

        /** The number of the origin's last range, or -1. */
        private int lastRange(long origin) {
            int mask = index.length - 1;
            for (int slot = home(origin, mask); (int) (index[slot] >>> 32) == generation; slot = (slot + 1) & mask) {
                int range = (int) index[slot] - 1;
                if (ranges[4 * range] == origin) {
                    return range;
                }
            }
            return -1;
        }

        private void setLast(long origin, int range) {
            int mask = index.length - 1;
            int slot = home(origin, mask);
            while ((int) (index[slot] >>> 32) == generation && ranges[4 * ((int) index[slot] - 1)] != origin) {
                slot = (slot + 1) & mask;
            }
            index[slot] = ((long) generation << 32) | (range + 1);
        }

        private static int home(long origin, int mask) {
            return (int) ((origin * 0x9E3779B97F4A7C15L) >>> 40) & mask;
        }
    }
}
