package dev.peermesh.dissemination;

import java.util.Arrays;
import java.util.function.LongPredicate;

/**
 * The child links {@link TreeHolds} saw congested, each with when it was first seen so, and which of them stayed
 * congested for so long that they count as stalled: a stalled link holds no origin until it drains.
 *
 * <p>Not thread-safe: owned by the protocol thread.
 */
final class CongestedLinks {

    private final long maxHoldMillis;

    private final LinkSet links = new LinkSet();

    /** When each link of {@link #links} was first seen congested, in the same order. */
    private long[] since = new long[4];

    private final LinkSet stalled = new LinkSet();

    private long stalls;

    CongestedLinks(long maxHoldMillis) {
        this.maxHoldMillis = maxHoldMillis;
    }

    /** The link was seen congested now; returns whether it may hold origins (it is not stalled). */
    boolean seen(long link, long now) {
        if (!links.contains(link)) {
            links.add(link);
            if (links.size() > since.length) {
                since = Arrays.copyOf(since, since.length * 2);
            }
            since[links.indexOf(link)] = now;
        }
        return !stalled.contains(link);
    }

    /** Forgets links no longer congested; a link congested for the longest hold or more is stalled from now. */
    void check(long now, LongPredicate congested) {
        for (int i = links.size() - 1; i >= 0; i--) {
            long link = links.get(i);
            if (!congested.test(link)) {
                forget(link);
            }
            else if (now - since[i] >= maxHoldMillis && stalled.add(link)) {
                stalls++;
            }
        }
    }

    /** Whether the link is congested and not stalled: it holds the origins it was congested for. */
    boolean holding(long link) {
        return links.contains(link) && !stalled.contains(link);
    }

    /** The link went down, or drained. */
    void forget(long link) {
        int index = links.indexOf(link);
        if (index >= 0) {
            System.arraycopy(since, index + 1, since, index, links.size() - index - 1);
            links.remove(link);
        }
        stalled.remove(link);
    }

    boolean isEmpty() {
        return links.isEmpty();
    }

    /** Links that became stalled so far. */
    long stalls() {
        return stalls;
    }
}
