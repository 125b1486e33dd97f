package dev.peermesh.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Writes docs/benchmarks.md: how to run, the machine, the settings, a table of figures (medians over runs) and the
 * ratios of peermesh to JGroups and to the raw-Netty bound (min / median / max over runs, run i against run i).
 *
 * <p>{@code String markdown = new Report(options, figures, micro, seconds).markdown();}
 */
final class Report {

    static final String COMMAND = "./mvnw -q -Pbenchmarks -pl benchmarks -am verify -DskipTests -Dexec.skip=false";

    private final BenchOptions options;

    private final Map<Integer, Map<BroadcastSystem, List<GroupFigures>>> figures;

    private final List<MicroBenchmarks.Score> micro;

    private final long seconds;

    Report(BenchOptions options, Map<Integer, Map<BroadcastSystem, List<GroupFigures>>> figures,
            List<MicroBenchmarks.Score> micro, long seconds) {
        this.options = options;
        this.figures = figures;
        this.micro = micro;
        this.seconds = seconds;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("Broadcast throughput, cost and latency of peermesh next to JGroups and the raw-Netty bound, ")
                .append("and JMH ")
                .append("microbenchmarks of the codec and the duplicate cache. Module `benchmarks/` (profile ")
                .append("`benchmarks`, outside the default build).\n\n");
        md.append("## Run it\n\n```\n").append(COMMAND).append("\n```\n\n");
        md.append("Options go in `-Dbench.args=\"…\"` (then also pass `--out`); the defaults are `")
                .append(BenchOptions.USAGE).append("`. The default run takes about 10 minutes on 2 cores and ")
                .append("prints its progress; worker logs are in `benchmarks/target/bench-logs`. 16 nodes: ")
                .append("`--nodes 16 --runs 1` (about 4 minutes). Extra options for every worker JVM (a profiler ")
                .append("agent, say): `-Dbench.worker.jvm=\"…\"` on the coordinator. `--scenario publishers` runs ")
                .append("issue 15's few-publishers case instead (20 nodes in one JVM, tree and flood; `")
                .append(PublishersOptions.USAGE).append("`).\n\n");
        md.append("## What runs\n\n");
        md.append("- A coordinator starts one JVM per node on loopback (`-Xms").append(WorkerProcess.HEAP)
                .append(" -Xmx").append(WorkerProcess.HEAP)
                .append(" -XX:+AlwaysPreTouch`, every system). Every node publishes 1 KiB ")
                .append("messages (publish time in the first 8 bytes) from ").append(options.threads())
                .append(" threads: first as fast as the node accepts them, then — in a fresh group, so no backlog ")
                .append("carries over — paced at ")
                .append(fractionsText()).append(" of that saturated rate for the latency figures.\n");
        md.append("- **peermesh**: default settings but loopback and a fixed port, node 0 as everyone's seed, ")
                .append("`TREE` (Plumtree) and `FLOOD`. **JGroups**: stock `tcp.xml` with `tcp_nodelay` on, ")
                .append("TCPPING on loopback. ")
                .append("**Raw Netty bound**: every node writes every message straight to every other node, one ")
                .append("TCP connection per pair of nodes (length prefix; pooled buffers; frames read in place; ")
                .append("publishers queue and block while a peer is not writable, the loop writes runs of up to 256 ")
                .append("with one flush per peer) — no protocol at all.\n");
        md.append("- Each phase: ").append(options.warmupMillis()).append(" ms warm-up (before a group's first: ")
                .append(BenchOptions.FIRST_WARMUP_MILLIS_PER_NODE).append(" ms per node, at least), ")
                .append(options.measureMillis()).append(" ms measured; ").append(options.runs())
                .append(" run(s) of every group, runs interleaved across systems.\n");
        md.append("- *delivered/s/node*: other nodes' messages delivered per second per node (mean over nodes), ")
                .append("median over runs. *wire B/delivery*: bytes the nodes wrote to their links over deliveries ")
                .append("(peermesh counters; the bound counts its own writes; JGroups does not tell). *CPU*: process ")
                .append("CPU per node in % of one core; *CPU µs/delivery*, all nodes' CPU over all deliveries, ")
                .append("is the fairer cost figure, since every group saturates the machine's cores. ")
                .append("*p50/p99/p999*: publish→delivery µs; p50 the mean of the ")
                .append("nodes' medians, p99/p999 the worst node's; no coordinated-omission correction. ")
                .append("*delivered %*: share of the messages published in the window that reached each other node ")
                .append("within it. *GRAFTs / dup. DATA per delivery*: messages the nodes pulled, and duplicate ")
                .append("DATA frames they received, over deliveries in the window (peermesh counters; median over ")
                .append("runs).\n\n");
        md.append("## Machine\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| date | ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append(" |\n");
        md.append("| machine | ").append(cpuModel()).append(", ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.version")).append(' ').append(System.getProperty("os.arch"))
                .append(" |\n");
        md.append("| cores | ").append(Runtime.getRuntime().availableProcessors()).append(" |\n");
        md.append("| JDK | ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(" |\n");
        md.append("| settings | nodes ").append(options.nodes()).append(", runs ").append(options.runs())
                .append(", warm-up ").append(options.warmupMillis()).append(" ms, measured ")
                .append(options.measureMillis()).append(" ms, ").append(options.threads())
                .append(" publisher threads, 1 KiB payload |\n");
        md.append("| took | ").append(seconds).append(" s |\n\n");
        figuresTable(md);
        ratiosTable(md);
        microTable(md);
        return md.toString();
    }

    private void figuresTable(StringBuilder md) {
        md.append("## Figures (median over runs)\n\n");
        md.append("| nodes | system | delivered/s/node | MB/s/node | wire B/delivery | CPU % | CPU µs/delivery ")
                .append("| overflows |");
        for (double f : options.fractions()) {
            String p = percent(f);
            md.append(" p50 / p99 / p999 µs at ").append(p).append(" | delivered % at ").append(p)
                    .append(" | GRAFTs / dup. DATA per delivery at ").append(p).append(" |");
        }
        md.append("\n|---|---|---:|---:|---:|---:|---:|---:|");
        md.append("---:|---:|---:|".repeat(options.fractions().size())).append('\n');
        figures.forEach((nodes, bySystem) -> bySystem.forEach((system, runs) -> {
            double wire = median(runs, GroupFigures::wireBytesPerDelivery);
            md.append(String.format(Locale.ROOT, "| %d | %s | %,.0f | %.1f | %s | %.0f | %.1f | %d |", nodes,
                    system.label(),
                    median(runs, GroupFigures::deliveredPerNode), median(runs, GroupFigures::megabytesPerNode),
                    wire < 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f", wire),
                    median(runs, GroupFigures::cpuPercentPerNode), median(runs, GroupFigures::cpuMicrosPerDelivery),
                    runs.stream().mapToLong(GroupFigures::overflows).sum()));
            for (int i = 0; i < options.fractions().size(); i++) {
                int level = i;
                md.append(String.format(Locale.ROOT, " %,.0f / %,.0f / %,.0f | %.1f | %s |",
                        median(runs, r -> r.latencies().get(level).p50Micros()),
                        median(runs, r -> r.latencies().get(level).p99Micros()),
                        median(runs, r -> r.latencies().get(level).p999Micros()),
                        100 * median(runs, r -> r.latencies().get(level).deliveredShare()),
                        perDelivery(median(runs, r -> r.latencies().get(level).graftsPerDelivery()),
                                median(runs, r -> r.latencies().get(level).duplicatesPerDelivery()))));
            }
            md.append('\n');
        }));
        md.append('\n');
    }

    private void ratiosTable(StringBuilder md) {
        md.append("## Ratios of delivered/s/node (min / median / max over runs)\n\n");
        md.append("| nodes | peermesh mode | ÷ JGroups | ÷ raw-Netty bound |\n|---|---|---|---|\n");
        figures.forEach((nodes, bySystem) -> {
            for (BroadcastSystem mode : List.of(BroadcastSystem.PEERMESH_TREE, BroadcastSystem.PEERMESH_FLOOD)) {
                if (bySystem.containsKey(mode)) {
                    md.append("| ").append(nodes).append(" | ").append(mode.label()).append(" | ")
                            .append(ratio(bySystem.get(mode), bySystem.get(BroadcastSystem.JGROUPS))).append(" | ")
                            .append(ratio(bySystem.get(mode), bySystem.get(BroadcastSystem.NETTY_BOUND)))
                            .append(" |\n");
                }
            }
        });
        md.append('\n');
    }

    private void microTable(StringBuilder md) {
        if (micro.isEmpty()) {
            return;
        }
        md.append("## JMH microbenchmarks (1 fork, 2 × 1 s warm-up, 3 × 1 s measured)\n\n");
        md.append("| benchmark | score | ± 99.9 % | unit |\n|---|---:|---:|---|\n");
        for (MicroBenchmarks.Score s : micro) {
            md.append(String.format(Locale.ROOT, "| `%s` | %,.1f | %,.1f | %s |%n", s.benchmark(), s.score(),
                    s.error(), s.unit()));
        }
        md.append('\n');
    }

    private static String perDelivery(double grafts, double duplicates) {
        return grafts < 0 || duplicates < 0 ? "n/a" : String.format(Locale.ROOT, "%.3f / %.3f", grafts, duplicates);
    }

    private static String ratio(List<GroupFigures> peermesh, List<GroupFigures> other) {
        if (other == null || other.isEmpty()) {
            return "—";
        }
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(peermesh.size(), other.size()); i++) {
            ratios.add(peermesh.get(i).deliveredPerNode() / other.get(i).deliveredPerNode());
        }
        Collections.sort(ratios);
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", ratios.get(0), medianOf(ratios),
                ratios.get(ratios.size() - 1));
    }

    private static double median(List<GroupFigures> runs, ToDoubleFunction<GroupFigures> figure) {
        List<Double> values = new ArrayList<>(runs.stream().mapToDouble(figure).boxed().toList());
        Collections.sort(values);
        return medianOf(values);
    }

    private static double medianOf(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private String fractionsText() {
        return String.join(" and ", options.fractions().stream().map(Report::percent).toList());
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f %%", fraction * 100);
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        }
        catch (Exception ex) {
            return System.getProperty("os.arch") + " (" + ManagementFactory.getOperatingSystemMXBean().getName() + ")";
        }
    }
}
