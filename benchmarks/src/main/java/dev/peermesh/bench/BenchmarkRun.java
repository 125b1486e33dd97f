package dev.peermesh.bench;

import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
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
        // One directory per invocation, one log per worker in it: nothing is overwritten.
        File logDir = new File("target/bench-logs", LocalDateTime.now().format(
                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
        logDir.mkdirs();
        PrintWriter phases = new PrintWriter(Files.newBufferedWriter(new File(logDir, "phases.txt").toPath()), true);
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
                        result = measure(system, nodes, port, options, logDir, run, phases);
                    }
                    catch (Exception ex) {
                        // One failed group leaves a gap in the report, not a lost run.
                        System.out.println("failed: " + ex.getMessage());
                        continue;
                    }
                    finally {
                        port += 2 * nodes + 4;
                    }
                    GroupFigures.Latency last = result.latencies().isEmpty() ? result.atRate()
                            : result.latencies().get(result.latencies().size() - 1);
                    System.out.printf(Locale.ROOT, "%,10.0f msg/s/node, cpu %3.0f %%, %.1f µs/delivery (%.1f without "
                            + "JIT, GC; kernel %.2f), warm-up %.1f s, JIT %.0f %% of window CPU; p99 at %s %,.0f µs%n",
                            result.deliveredPerNode(), result.cpuPercentPerNode(), result.cpuMicrosPerDelivery(),
                            result.cpuMicrosWithoutJitGc(), result.kernelMicrosPerDelivery(), result.warmupSeconds(),
                            result.windowJitPercent(),
                            last == null ? "-" : Report.load(last), last == null ? 0 : last.p99Micros());
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
        phases.close();
        Path parent = options.out().toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(options.out(), report);
        System.out.println(report);
        System.out.printf("[%4d s] wrote %s; every phase of every node in %s%n", elapsed(started),
                options.out().toAbsolutePath(), new File(logDir, "phases.txt").getAbsolutePath());
    }

    private static GroupFigures measure(BroadcastSystem system, int nodes, int port, BenchOptions options,
            File logDir, int run, PrintWriter phases) throws Exception {
        String name = system.name().toLowerCase(Locale.ROOT) + "-" + nodes + "-run" + run;
        List<PhaseResult> saturated;
        try (BroadcastGroup group = BroadcastGroup.start(system, nodes, port, options.threads(), logDir,
                name + "-saturated")) {
            // Let a mesh settle its views before loading it.
            Thread.sleep(1000);
            saturated = group.phase(0, options.firstWarmupMillis(nodes), options.measureMillis(), 0, options);
            keep(phases, name, "saturated", saturated);
        }
        double delivered = saturated.stream().mapToDouble(r -> r.deliveries() * 1e9 / r.windowNanos())
                .average().orElse(0);
        double maxPublishRate = delivered / (nodes - 1);
        // A fresh group for the latency phases: a saturated node's backlog must not count as latency.
        GroupFigures.Latency atRate = null;
        List<GroupFigures.Latency> latencies = new ArrayList<>();
        try (BroadcastGroup group = BroadcastGroup.start(system, nodes, port + nodes + 2, options.threads(), logDir,
                name + "-latency")) {
            Thread.sleep(1000);
            long warmup = options.firstWarmupMillis(nodes);
            for (double fraction : options.fractions()) {
                double rate = Math.max(1, fraction * maxPublishRate);
                List<PhaseResult> phase = group.phase(rate, warmup, options.measureMillis(), DRAIN_MILLIS, options);
                warmup = options.warmupMillis();
                keep(phases, name, "fraction " + fraction, phase);
                latencies.add(GroupFigures.Latency.of(fraction, rate, phase));
            }
            // Last: at a low rate the compilers would take long to settle in fresh JVMs.
            if (options.latencyRate() > 0) {
                List<PhaseResult> phase = group.phase(options.latencyRate(), warmup, options.measureMillis(),
                        DRAIN_MILLIS, options);
                keep(phases, name, "rate " + options.latencyRate(), phase);
                atRate = GroupFigures.Latency.of(Double.NaN, options.latencyRate(), phase);
            }
        }
        return GroupFigures.of(saturated, atRate, latencies);
    }

    /** Every node's result of one phase, one line each, in the invocation's log directory. */
    private static void keep(PrintWriter phases, String group, String phase, List<PhaseResult> results) {
        for (int node = 0; node < results.size(); node++) {
            phases.println(group + " | " + phase + " | node " + node + " | " + results.get(node));
        }
    }

    private static long elapsed(long started) {
        return (System.currentTimeMillis() - started) / 1000;
    }
}
