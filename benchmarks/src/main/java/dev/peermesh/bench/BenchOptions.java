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
 * @param warmupMillis warm-up before each measured window (longer before a group's first: {@link #firstWarmupMillis})
 * @param measureMillis each measured window
 * @param threads publishing threads per node
 * @param fractions loads for the latency phases, as fractions of the saturated rate
 * @param jmh whether to run the JMH microbenchmarks
 * @param out the Markdown report to write
 */
record BenchOptions(List<Integer> nodes, List<BroadcastSystem> systems, int runs, long warmupMillis,
        long measureMillis, int threads, List<Double> fractions, boolean jmh, Path out) {

    static final String USAGE = "options: --nodes 3,8 --systems PEERMESH_TREE,PEERMESH_FLOOD,JGROUPS,NETTY_BOUND "
            + "--runs 2 --warmup-ms 1000 --measure-ms 2000 --threads 2 --fractions 0.1,0.5 --jmh true "
            + "--sign false --out docs/benchmarks.md (--sign true adds signed runs of the peermesh systems)";

    static BenchOptions parse(String... args) {
        // 16 nodes is opt-in (--nodes 16 --runs 1, ≈ 4 min): 16 JVMs on two cores need more than the ten minutes
        // the default run must fit in, and JGroups did not form a 16-member group within 60 s there
        List<Integer> nodes = List.of(3, 8);
        List<BroadcastSystem> systems = BroadcastSystem.DEFAULTS;
        boolean sign = false;
        int runs = 2;
        long warmup = 1000;
        long measure = 2000;
        int threads = 2;
        List<Double> fractions = List.of(0.1, 0.5);
        boolean jmh = true;
        Path out = Path.of("docs/benchmarks.md");
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--nodes" -> nodes = Arrays.stream(value.split(",")).map(Integer::valueOf).toList();
                case "--systems" -> systems = Arrays.stream(value.split(",")).map(BroadcastSystem::valueOf).toList();
                case "--runs" -> runs = Integer.parseInt(value);
                case "--warmup-ms" -> warmup = Long.parseLong(value);
                case "--measure-ms" -> measure = Long.parseLong(value);
                case "--threads" -> threads = Integer.parseInt(value);
                case "--fractions" -> fractions = Arrays.stream(value.split(",")).map(Double::valueOf).toList();
                case "--jmh" -> jmh = Boolean.parseBoolean(value);
                case "--sign" -> sign = Boolean.parseBoolean(value);
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("Unknown option " + args[i] + "; " + USAGE);
            }
        }
        return new BenchOptions(nodes, sign ? withSigned(systems) : systems, runs, warmup, measure, threads, fractions,
                jmh, out);
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

    /** A rough duration of the broadcast part, for the progress line. */
    long estimatedSeconds() {
        return (long) runs * systems.size() * nodes.stream().mapToLong(n -> 12 + n
                + (2 * firstWarmupMillis(n) + (fractions.size() - 1) * warmupMillis
                        + (1 + fractions.size()) * (measureMillis + 700)) / 1000).sum();
    }
}
