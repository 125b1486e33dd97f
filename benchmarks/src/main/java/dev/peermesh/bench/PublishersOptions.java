package dev.peermesh.bench;

import dev.peermesh.DisseminationMode;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The command line of {@link PublishersScenario} ({@code --scenario publishers}).
 *
 * @param nodes nodes in the mesh, all in this JVM
 * @param publishers how many of them publish (the last ones; node 0 is everyone's seed)
 * @param rate messages per second from each publisher
 * @param seconds measured publishing time
 * @param warmupSeconds publishing before the measured time, same rate, left out of the latency figures
 * @param lateMillis the delay past which a delivery counts as late
 * @param modes the dissemination modes, run one after the other in fresh meshes
 * @param payloadBacklogCap {@code MeshSettings.Builder.payloadBacklogCapBytes}, or 0 for the default
 * @param out where to write the Markdown table too, or {@code null}
 */
record PublishersOptions(int nodes, int publishers, double rate, int seconds, int warmupSeconds, long lateMillis,
        List<DisseminationMode> modes, int payloadBacklogCap, Path out) {

    static final String USAGE = "options: --scenario publishers --nodes 20 --publishers 3 --rate 100 --seconds 60 "
            + "--warmup-s 5 --late-ms 200 --modes TREE,FLOOD [--payload-backlog-cap bytes] [--out file.md]";

    static PublishersOptions parse(String... args) {
        int nodes = 20;
        int publishers = 3;
        double rate = 100;
        int seconds = 60;
        int warmup = 5;
        long late = 200;
        List<DisseminationMode> modes = List.of(DisseminationMode.TREE, DisseminationMode.FLOOD);
        int cap = 0;
        Path out = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--scenario" -> {
                    if (!value.equals("publishers")) {
                        throw new IllegalArgumentException("Unknown scenario " + value + "; " + USAGE);
                    }
                }
                case "--nodes" -> nodes = Integer.parseInt(value);
                case "--publishers" -> publishers = Integer.parseInt(value);
                case "--rate" -> rate = Double.parseDouble(value);
                case "--seconds" -> seconds = Integer.parseInt(value);
                case "--warmup-s" -> warmup = Integer.parseInt(value);
                case "--late-ms" -> late = Long.parseLong(value);
                case "--modes" -> modes = Arrays.stream(value.split(","))
                        .map(DisseminationMode::valueOf).toList();
                case "--payload-backlog-cap" -> cap = Integer.parseInt(value);
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("Unknown option " + args[i] + "; " + USAGE);
            }
        }
        if (publishers < 1 || publishers >= nodes) {
            throw new IllegalArgumentException("--publishers must be between 1 and --nodes - 1; " + USAGE);
        }
        return new PublishersOptions(nodes, publishers, rate, seconds, warmup, late, modes, cap, out);
    }
}
