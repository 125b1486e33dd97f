package dev.peermesh.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The command line of {@link BenchmarkRun}, with defaults sized so the whole run stays under ten minutes on two
 * cores.
 *
 * @param nodes group sizes
 * @param systems what runs: peermesh modes (with {@code --sign true}, each also signed) and the baselines
 * @param runs repetitions of every group, for min/median/max
 * @param warmupMillis least warm-up before each measured window (longer before a group's first:
 *     {@link #firstWarmupMillis}); warm-up then goes on until the JIT has settled ({@code jitSettled})
 * @param warmupMaxMillis most warm-up of a phase, so a run always ends: the window starts then, settled or not
 * @param jitSettled the JIT has settled when, on every node, its CPU in a one-second warm-up window is below this
 *     share of the process's CPU (or below {@link #JIT_SETTLED_CORE_SHARE} of one core)
 * @param latencyRate the common absolute rate of the last latency phase, messages/s published per node (the same
 *     for every system and group size); 0 for none
 * @param measureMillis each measured window
 * @param threads publishing threads per node
 * @param fractions loads for the latency phases, as fractions of the saturated rate
 * @param jmh whether to run the JMH microbenchmarks
 * @param out the Markdown report to write
 */
record BenchOptions(List<Integer> nodes, List<BroadcastSystem> systems, int runs, long warmupMillis,
        long warmupMaxMillis, double jitSettled, long measureMillis, int threads, double latencyRate,
        List<Double> fractions, boolean jmh, Path out) {

    static final String USAGE = "options: --nodes 3,8 --systems PEERMESH_TREE,PEERMESH_FLOOD,JGROUPS,NETTY_BOUND "
            + "--runs 2 --warmup-ms 1000 --warmup-max-ms 60000 --jit-settled 0.05 --measure-ms 2000 --threads 2 "
            + "--latency-rate 200 --fractions 0.1,0.5 --jmh true --sign false --out target/benchmark-report.md "
            + "(--sign true adds signed runs of the peermesh systems; a relative --out is under benchmarks/)";

    /**
     * Also settled: JIT CPU under this share of one core, so a lightly loaded node whose compilers finish a few
     * cold methods is not held to the cap.
     */
    static final double JIT_SETTLED_CORE_SHARE = 0.01;

    static BenchOptions parse(String... args) {
        // 16 nodes is opt-in (--nodes 16 --runs 1, ≈ 4 min): 16 JVMs on two cores need more than the ten minutes
        // the default run must fit in, and JGroups did not form a 16-member group within 60 s there
        List<Integer> nodes = List.of(3, 8);
        List<BroadcastSystem> systems = BroadcastSystem.DEFAULTS;
        boolean sign = false;
        int runs = 2;
        long warmup = 1000;
        // 3 fresh JVMs on two busy cores needed ≈ 26 s until their compilers settled (issue 17)
        long warmupMax = 60_000;
        double jitSettled = 0.05;
        long measure = 2000;
        int threads = 2;
        // 8 nodes of the slowest system (peermesh tree, ≈ 400 published/s per node saturated before issue 17)
        // carry it on two cores
        double latencyRate = 200;
        List<Double> fractions = List.of(0.1, 0.5);
        boolean jmh = true;
        Path out = Path.of("target/benchmark-report.md");
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--nodes" -> nodes = Arrays.stream(value.split(",")).map(Integer::valueOf).toList();
                case "--systems" -> systems = Arrays.stream(value.split(",")).map(BroadcastSystem::valueOf).toList();
                case "--runs" -> runs = Integer.parseInt(value);
                case "--warmup-ms" -> warmup = Long.parseLong(value);
                case "--warmup-max-ms" -> warmupMax = Long.parseLong(value);
                case "--jit-settled" -> jitSettled = Double.parseDouble(value);
                case "--latency-rate" -> latencyRate = Double.parseDouble(value);
                case "--measure-ms" -> measure = Long.parseLong(value);
                case "--threads" -> threads = Integer.parseInt(value);
                case "--fractions" -> fractions = Arrays.stream(value.split(",")).map(Double::valueOf).toList();
                case "--jmh" -> jmh = Boolean.parseBoolean(value);
                case "--sign" -> sign = Boolean.parseBoolean(value);
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("Unknown option " + args[i] + "; " + USAGE);
            }
        }
        return new BenchOptions(nodes, sign ? withSigned(systems) : systems, runs, warmup, warmupMax, jitSettled,
                measure, threads, latencyRate, fractions, jmh, out);
    }

    /** Each peermesh system followed by its signed variant, so the report shows them side by side. */
    private static List<BroadcastSystem> withSigned(List<BroadcastSystem> systems) {
        List<BroadcastSystem> all = new java.util.ArrayList<>();
        for (BroadcastSystem system : systems) {
            all.add(system);
            BroadcastSystem signed = system.signed();
            if (signed != null && !systems.contains(signed)) {
                all.add(signed);
            }
        }
        return List.copyOf(all);
    }

    /**
     * Warm-up before the first phase of a group of fresh JVMs: at least {@link #FIRST_WARMUP_MILLIS_PER_NODE} per
     * node, since on two cores every JVM's JIT compilers compete for them (8 nodes with 1 s delivered nothing).
     */
    long firstWarmupMillis(int groupSize) {
        return Math.max(warmupMillis, FIRST_WARMUP_MILLIS_PER_NODE * groupSize);
    }

    /** See {@link #firstWarmupMillis}. */
    static final long FIRST_WARMUP_MILLIS_PER_NODE = 600;

    /** Latency phases per group: the common rate's, if any, and one per fraction. */
    int latencyPhases() {
        return fractions.size() + (latencyRate > 0 ? 1 : 0);
    }

    /** A rough duration of the broadcast part when every JIT settles at once, for the progress line. */
    long estimatedSeconds() {
        return (long) runs * systems.size() * nodes.stream().mapToLong(n -> 12 + n
                + (2 * firstWarmupMillis(n) + (latencyPhases() - 1) * warmupMillis
                        + (1 + latencyPhases()) * (measureMillis + Worker.SETTLE_WINDOW_MILLIS + 700)) / 1000).sum();
    }
}
