package dev.peermesh.bench;

/**
 * A node's cumulative counters at one instant, read in one call so they share that instant; -1 for what a system
 * does not tell.
 *
 * @param bytesOut bytes written to links
 * @param grafts messages pulled with a GRAFT (tree repair)
 * @param duplicates copies of messages received after the first (duplicate DATA frames)
 * @param prunes redundant tree links pruned
 * @param forwarded copies of messages sent to neighbors (published and relayed)
 * @param overCap payloads a tree relay announced instead of pushing, because the child's link was over its cap
 * @param overflows deliveries dropped because subscribers fell behind
 * @param pauses PAUSE frames sent up origins' trees (credits: a link towards a child was congested)
 */
record NodeCounters(long bytesOut, long grafts, long duplicates, long prunes, long forwarded, long overCap,
        long overflows, long pauses) {

    /** Only the bytes written: the baselines count nothing else. */
    static NodeCounters bytesOnly(long bytesOut) {
        return new NodeCounters(bytesOut, -1, -1, -1, -1, -1, 0, -1);
    }

    /** How much each counter grew from {@code before} to this, -1 where either is unknown. */
    NodeCounters minus(NodeCounters before) {
        return new NodeCounters(delta(before.bytesOut, bytesOut), delta(before.grafts, grafts),
                delta(before.duplicates, duplicates), delta(before.prunes, prunes),
                delta(before.forwarded, forwarded), delta(before.overCap, overCap),
                delta(before.overflows, overflows), delta(before.pauses, pauses));
    }

    private static long delta(long before, long after) {
        return before < 0 || after < 0 ? -1 : after - before;
    }
}
