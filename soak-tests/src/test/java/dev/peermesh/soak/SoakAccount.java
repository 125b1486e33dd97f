package dev.peermesh.soak;

import dev.peermesh.MessageId;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a soak's nodes delivered, checked message by message. A node live throughout must deliver every message of
 * every other publisher once and report none lost. A node that departed or started during the run is held to what
 * FIFO delivery promises: from the first message of a publisher it delivered to the last one (or, still running at
 * the end, to the last one published), every message is delivered or reported lost — a gap nobody reported is
 * "unaccounted", a message reported lost and delivered anyway a "contradiction"; one running at the end that started
 * {@link #SETTLED} before the last publish must have delivered something of every publisher (else "unaccounted"
 * too). No node delivers a message twice.
 *
 * @param published messages published, all publishers
 * @param stableMissing messages a node live throughout did not deliver
 * @param stableReportedLost messages a node live throughout reported lost
 * @param unaccounted gaps in a departing or joining node's deliveries that it did not report lost
 * @param contradictions messages reported lost and delivered by the same node
 * @param duplicates second and later deliveries of a message by a node
 * @param reportedLost messages departing or joining nodes reported lost, with the reasons given
 * @param incarnations lives of nodes in the run (stable nodes, and every start of a departing node)
 * @param stableLatencies sorted publish→delivery nanos at nodes live throughout
 * @param allLatencies sorted publish→delivery nanos at every node, of messages published after the node started
 * @param warmupMax highest publish→delivery nanos at a node live throughout of a message published in the warm-up
 * @param examples the first few failures, for the assertion message
 */
record SoakAccount(long published, long stableMissing, long stableReportedLost, long unaccounted, long contradictions,
        long duplicates, Map<String, Integer> reportedLost, int incarnations, long[] stableLatencies,
        long[] allLatencies, long warmupMax, List<String> examples) {

    private static final int EXAMPLES = 8;

    /** How long before the last publish a node must have started to be held to having delivered something. */
    static final long SETTLED = 5_000_000_000L;

    /**
     * @param publishedUntil nano time of the last publish ({@link Long#MAX_VALUE} while publishing goes on)
     * @param withLatencies whether to sort the latencies (for the figures; not for a check of completeness)
     */
    static SoakAccount of(SoakPlan plan, List<Incarnation> lives, int[] publishedCounts,
            Map<MessageId, SoakPayload> publishedIds, long publishedUntil, boolean withLatencies) {
        long[] tally = new long[6];
        Map<String, Integer> reasons = new TreeMap<>();
        List<String> examples = new ArrayList<>();
        List<long[]> stable = new ArrayList<>();
        List<long[]> all = new ArrayList<>();
        long warmupMax = 0;
        for (Incarnation life : lives) {
            boolean isStable = life.slot() < plan.stable();
            if (isStable) {
                warmupMax = Math.max(warmupMax, life.warmupMax());
            }
            BitSet[] lost = lostByPublisher(life, publishedIds, publishedCounts.length);
            for (int p = 0; p < publishedCounts.length; p++) {
                if (life.slot() == ChurnSoak.publisherSlot(p)) {
                    continue;
                }
                BitSet delivered = life.delivered(p);
                BitSet contradicted = (BitSet) lost[p].clone();
                contradicted.and(delivered);
                tally[4] += contradicted.cardinality();
                if (isStable) {
                    BitSet missing = range(0, publishedCounts[p]);
                    missing.andNot(delivered);
                    tally[0] += missing.cardinality();
                    tally[1] += lost[p].cardinality();
                    example(examples, missing, "node %d (stable) did not deliver publisher %d's", life, p);
                    continue;
                }
                int first = delivered.nextSetBit(0);
                if (first < 0) {
                    if (!life.departed() && publishedUntil != Long.MAX_VALUE
                            && life.startedAt() < publishedUntil - SETTLED) {
                        tally[2]++;
                        if (examples.size() < EXAMPLES) {
                            examples.add("node %d, running at the end, delivered nothing of publisher %d"
                                    .formatted(life.slot(), p));
                        }
                    }
                    continue;
                }
                int end = life.departed() ? delivered.length() : publishedCounts[p];
                BitSet gaps = range(first, end);
                gaps.andNot(delivered);
                gaps.andNot(lost[p]);
                tally[2] += gaps.cardinality();
                example(examples, gaps, "node %d (a life that %s) neither delivered nor reported lost publisher %d's",
                        life, p);
            }
            tally[3] += life.duplicates();
            life.lossReasons().forEach((reason, count) -> reasons.merge(reason, count, Integer::sum));
            if (withLatencies) {
                (isStable ? stable : all).add(life.latencies());
            }
        }
        all.addAll(stable);
        tally[5] = Arrays.stream(publishedCounts).sum();
        return new SoakAccount(tally[5], tally[0], tally[1], tally[2], tally[4], tally[3], reasons, lives.size(),
                sorted(stable), sorted(all), warmupMax, examples);
    }

    /** Every node live throughout delivered everything, and nothing is unaccounted. */
    boolean complete() {
        return stableMissing == 0 && unaccounted == 0;
    }

    /** Milliseconds at quantile {@code q} of the stable nodes' deliveries. */
    double stableMillis(double q) {
        return quantileMillis(stableLatencies, q);
    }

    double allMillis(double q) {
        return quantileMillis(allLatencies, q);
    }

    /** Percentage of the stable nodes' deliveries later than {@code millis}. */
    double stableLaterThan(long millis) {
        long bound = millis * 1_000_000;
        long late = Arrays.stream(stableLatencies).filter(nanos -> nanos > bound).count();
        return 100.0 * late / Math.max(1, stableLatencies.length);
    }

    String describe() {
        return String.format(Locale.ROOT, "published %d; nodes live throughout: %d not delivered, %d reported lost; "
                + "others: %d gaps unaccounted, %d reported lost %s; %d delivered after reported lost; %d duplicates; "
                + "%d lives; first failures: %s", published, stableMissing, stableReportedLost, unaccounted,
                reportedLost.values().stream().mapToInt(Integer::intValue).sum(), reportedLost, contradictions,
                duplicates, incarnations, examples);
    }

    private static BitSet[] lostByPublisher(Incarnation life, Map<MessageId, SoakPayload> publishedIds,
            int publishers) {
        BitSet[] lost = new BitSet[publishers];
        Arrays.setAll(lost, p -> new BitSet());
        for (MessageId id : life.reportedLost()) {
            SoakPayload payload = publishedIds.get(id);
            if (payload != null) {
                lost[payload.publisher()].set(payload.sequence());
            }
        }
        return lost;
    }

    private static BitSet range(int from, int to) {
        BitSet bits = new BitSet(to);
        if (to > from) {
            bits.set(from, to);
        }
        return bits;
    }

    private static void example(List<String> examples, BitSet missing, String what, Incarnation life, int p) {
        if (missing.isEmpty() || examples.size() >= EXAMPLES) {
            return;
        }
        String format = what.contains("%s") ? what.formatted(life.slot(), life.departed() ? "departed" : "ran to "
                + "the end", p) : what.formatted(life.slot(), p);
        examples.add(format + " messages " + missing.stream().limit(10).boxed().toList()
                + (missing.cardinality() > 10 ? " … (" + missing.cardinality() + ")" : ""));
    }

    private static long[] sorted(List<long[]> parts) {
        long[] merged = parts.stream().flatMapToLong(Arrays::stream).toArray();
        Arrays.sort(merged);
        return merged;
    }

    private static double quantileMillis(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
