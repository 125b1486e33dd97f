package dev.peermesh.bench;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one command of docs/benchmarks.md: every group size with every system, repeated, then the JMH
 * microbenchmarks, then the Markdown report. Progress goes to stdout.
 *
 * <p>{@code java -cp … dev.peermesh.bench.BenchmarkRun --nodes 3,8 --runs 2} (see {@link BenchOptions#USAGE}); with
 * {@code --scenario publishers} it runs {@link PublishersScenario} instead.
 */
public final class BenchmarkRun {

    private static final int FIRST_PORT = 21000;

    /** Longest wait for a latency phase's deliveries to stop before the next phase. */
    private static final long DRAIN_MILLIS = 5_000;

    private BenchmarkRun() {
    }

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--scenario")) {
            PublishersScenario.run(args);
            return;
        }
        BenchOptions options = BenchOptions.parse(args);
        File logDir = new File("target/bench-logs");
        logDir.mkdirs();
        long started = System.currentTimeMillis();
        System.out.printf("peermesh benchmarks: %s; broadcast part about %d s%n", options,
                options.estimatedSeconds());
        // figures[nodes][system] = one GroupFigures per run; runs are the outer loop so noise spreads evenly.
        Map<Integer, Map<BroadcastSystem, List<GroupFigures>>> figures = new TreeMap<>();
        int port = FIRST_PORT;
        for (int run = 1; run <= options.runs(); run++) {
            for (int nodes : options.nodes()) {
                for (BroadcastSystem system : options.systems()) {
                    System.out.printf("[%4d s] run %d/%d, %2d nodes, %-16s ", elapsed(started), run, options.runs(),
                            nodes, system.label());
                    GroupFigures result;
                    try {
                        result = measure(system, nodes, port, options, logDir);
                    }
                    catch (Exception ex) {
                        // One failed group leaves a gap in the report, not a lost run.
                        System.out.println("failed: " + ex.getMessage());
                        continue;
                    }
                    finally {
                        port += 2 * nodes + 4;
                    }
                    System.out.printf("%,10.0f msg/s/node, cpu %3.0f %%, p99 at %.0f %% load %,.0f µs%n",
                            result.deliveredPerNode(), result.cpuPercentPerNode(),
                            result.latencies().get(result.latencies().size() - 1).fraction() * 100,
                            result.latencies().get(result.latencies().size() - 1).p99Micros());
                    figures.computeIfAbsent(nodes, n -> new EnumMap<>(BroadcastSystem.class))
                            .computeIfAbsent(system, s -> new ArrayList<>()).add(result);
                }
            }
        }
        List<MicroBenchmarks.Score> micro = List.of();
        if (options.jmh()) {
            System.out.printf("[%4d s] JMH microbenchmarks%n", elapsed(started));
            micro = MicroBenchmarks.run();
        }
        String report = new Report(options, figures, micro, elapsed(started)).markdown();
        java.nio.file.Files.writeString(options.out(), report);
        System.out.println(report);
        System.out.printf("[%4d s] wrote %s%n", elapsed(started), options.out().toAbsolutePath());
    }

    private static GroupFigures measure(BroadcastSystem system, int nodes, int port, BenchOptions options,
            File logDir) throws Exception {
        List<PhaseResult> saturated;
        try (BroadcastGroup group = BroadcastGroup.start(system, nodes, port, options.threads(), logDir)) {
            // Let a mesh settle its views before loading it.
            Thread.sleep(1000);
            saturated = group.phase(0, options.firstWarmupMillis(nodes), options.measureMillis(), 0);
        }
        double delivered = saturated.stream().mapToDouble(r -> r.deliveries() * 1e9 / r.windowNanos())
                .average().orElse(0);
        double maxPublishRate = delivered / (nodes - 1);
        // A fresh group for the latency phases: a saturated node's backlog must not count as latency.
        List<GroupFigures.Latency> latencies = new ArrayList<>();
        try (BroadcastGroup group = BroadcastGroup.start(system, nodes, port + nodes + 2, options.threads(), logDir)) {
            Thread.sleep(1000);
            long warmup = options.firstWarmupMillis(nodes);
            for (double fraction : options.fractions()) {
                List<PhaseResult> phase = group.phase(Math.max(1, fraction * maxPublishRate), warmup,
                        options.measureMillis(), DRAIN_MILLIS);
                warmup = options.warmupMillis();
                latencies.add(GroupFigures.Latency.of(fraction, phase));
            }
        }
        return GroupFigures.of(saturated, latencies);
    }

    private static long elapsed(long started) {
        return (System.currentTimeMillis() - started) / 1000;
    }
}
