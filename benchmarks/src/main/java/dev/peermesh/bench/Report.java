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
import java.util.function.Function;
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
        md.append("The report goes to `benchmarks/target/benchmark-report.md` (copy its tables into ")
                .append("`docs/benchmarks.md`, which keeps the history; a relative `--out` is under `benchmarks/` ")
                .append("when run through Maven). Options go in `-Dbench.args=\"…\"`; the defaults are `")
                .append(BenchOptions.USAGE).append("`. Every fresh group of JVMs warms up until its compilers ")
                .append("settle (20–50 s at 3 nodes on 2 cores), so the default run takes well over 10 minutes; it ")
                .append("prints its progress. Each invocation keeps its worker logs, one per system, group size, ")
                .append("run, group and node, and `phases.txt` (every node's result of every phase) in ")
                .append("`benchmarks/target/bench-logs/<yyyyMMdd-HHmmss>/`. 16 nodes: ")
                .append("`--nodes 16 --runs 1`. Extra options for every worker JVM (a profiler ")
                .append("agent, say): `-Dbench.worker.jvm=\"…\"` on the coordinator. `--scenario publishers` runs ")
                .append("issue 15's few-publishers case instead (20 nodes in one JVM, tree and flood; `")
                .append(PublishersOptions.USAGE).append("`).\n\n");
        md.append("## What runs\n\n");
        md.append("- A coordinator starts one JVM per node on loopback (`-Xms").append(WorkerProcess.HEAP)
                .append(" -Xmx").append(WorkerProcess.HEAP)
                .append(" -XX:+AlwaysPreTouch`, every system). Every node publishes 1 KiB ")
                .append("messages (publish time in the first 8 bytes) from ").append(options.threads())
                .append(" threads: first as fast as the node accepts them, then — in a fresh group, so no backlog ")
                .append("carries over — paced at ").append(fractionsText())
                .append(" of that saturated rate for the latency figures")
                .append(options.latencyRate() > 0 ? ", then at one rate common to every system and group size, "
                        + rateText(options.latencyRate()) + " published" : "").append(".\n");
        md.append("- **peermesh**: default settings but loopback and a fixed port, node 0 as everyone's seed, ")
                .append("`TREE` (Plumtree) and `FLOOD`. **JGroups**: stock `tcp.xml` with `tcp_nodelay` on, ")
                .append("TCPPING on loopback. ")
                .append("**Raw Netty bound**: every node writes every message straight to every other node, one ")
                .append("TCP connection per pair of nodes (length prefix; pooled buffers; frames read in place; ")
                .append("publishers queue and block while a peer is not writable, the loop writes runs of up to 256 ")
                .append("with one flush per peer) — no protocol at all.\n");
        md.append("- Each phase: at least ").append(options.warmupMillis())
                .append(" ms warm-up (before a group's first: ")
                .append(BenchOptions.FIRST_WARMUP_MILLIS_PER_NODE).append(" ms per node, at least), then more ")
                .append("one-second windows until on every node the JIT compiler threads used less than ")
                .append(percent(options.jitSettled())).append(" of the process's CPU (or less than ")
                .append(percent(BenchOptions.JIT_SETTLED_CORE_SHARE)).append(" of a core) in the last one, at most ")
                .append(options.warmupMaxMillis()).append(" ms in all; then all nodes measure ")
                .append(options.measureMillis()).append(" ms together; ").append(options.runs())
                .append(" run(s) of every group, runs interleaved across systems.\n");
        md.append("- *delivered/s/node*: other nodes' messages delivered per second per node (mean over nodes), ")
                .append("median over runs. *wire B/delivery*: bytes the nodes wrote to their links over the ")
                .append("deliveries between the same two counter snapshots (peermesh counters; the bound counts its ")
                .append("own writes; JGroups does not tell). *CPU*: process ")
                .append("CPU per node in % of one core; *CPU µs/delivery*, all nodes' CPU over all deliveries, ")
                .append("is the fairer cost figure, since every group saturates the machine's cores. *JIT / GC ")
                .append("µs/delivery*: of that, the CPU of the threads named `C1/C2 CompilerThread…`, and of ")
                .append("`GC Thread#…`, `G1 …` and `VM Thread` (Linux per-thread accounting); *without JIT, GC*: ")
                .append("the rest — the Java threads (event loops, publishers, delivery) and the VM's other ")
                .append("threads; *of which kernel / user*: of all the process's CPU, its system time (`stime` in ")
                .append("`/proc/self/stat`: mostly copying bytes through sockets), and the rest of *without JIT, ")
                .append("GC*. *warm-up s*: how long the saturated phase warmed up (longest node); *JIT % of ")
                .append("window CPU*: the compilers' share in its measured window. *live heap MB*: heap in use ")
                .append("after a full collection (`System.gc()`) at the saturated window's end, publishers still ")
                .append("running, less the harness's latency samples; largest node, median over runs. ")
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
        md.append("| peermesh sockets | ").append(socketsText()).append(" |\n");
        md.append("| settings | nodes ").append(options.nodes()).append(", runs ").append(options.runs())
                .append(", warm-up ").append(options.warmupMillis()).append(" ms to ")
                .append(options.warmupMaxMillis()).append(" ms (JIT < ").append(percent(options.jitSettled()))
                .append("), measured ")
                .append(options.measureMillis()).append(" ms, ").append(options.threads())
                .append(" publisher threads, 1 KiB payload |\n");
        md.append("| took | ").append(seconds).append(" s |\n\n");
        figuresTable(md);
        countersTable(md);
        ratiosTable(md);
        microTable(md);
        return md.toString();
    }

    private void figuresTable(StringBuilder md) {
        md.append("## Figures (median over runs)\n\n");
        md.append("| nodes | system | delivered/s/node | MB/s/node | wire B/delivery | CPU % | CPU µs/delivery ")
                .append("| JIT / GC µs/delivery | CPU µs/delivery without JIT, GC | of which kernel / user ")
                .append("| overflows | warm-up s ")
                .append("| JIT % of window CPU | live heap MB |");
        if (options.latencyRate() > 0) {
            String at = rateText(options.latencyRate());
            md.append(" p50 / p99 / p999 µs at ").append(at).append(" | delivered % at ").append(at).append(" |");
        }
        for (double f : options.fractions()) {
            String p = percent(f);
            md.append(" p50 / p99 / p999 µs at ").append(p).append(" | delivered % at ").append(p)
                    .append(" | GRAFTs / dup. DATA per delivery at ").append(p).append(" |");
        }
        md.append("\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        md.append("---:|---:|".repeat(options.latencyRate() > 0 ? 1 : 0));
        md.append("---:|---:|---:|".repeat(options.fractions().size())).append('\n');
        figures.forEach((nodes, bySystem) -> bySystem.forEach((system, runs) -> {
            double wire = median(runs, GroupFigures::wireBytesPerDelivery);
            md.append(String.format(Locale.ROOT, "| %d | %s | %,.0f | %.1f | %s | %.0f | %.1f | %s / %s | %s "
                    + "| %s / %s | %d | %.1f | %s | %s |", nodes, system.label(),
                    median(runs, GroupFigures::deliveredPerNode), median(runs, GroupFigures::megabytesPerNode),
                    wire < 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f", wire),
                    median(runs, GroupFigures::cpuPercentPerNode), median(runs, GroupFigures::cpuMicrosPerDelivery),
                    known(median(runs, GroupFigures::jitMicrosPerDelivery), "%.1f"),
                    known(median(runs, GroupFigures::gcMicrosPerDelivery), "%.1f"),
                    known(median(runs, GroupFigures::cpuMicrosWithoutJitGc), "%.1f"),
                    known(median(runs, GroupFigures::kernelMicrosPerDelivery), "%.2f"),
                    known(median(runs, GroupFigures::userMicrosWithoutJitGc), "%.2f"),
                    runs.stream().mapToLong(GroupFigures::overflows).sum(),
                    median(runs, GroupFigures::warmupSeconds),
                    known(median(runs, GroupFigures::windowJitPercent), "%.0f"),
                    known(median(runs, GroupFigures::liveHeapMegabytes), "%.1f")));
            if (options.latencyRate() > 0) {
                latencyCells(md, runs, GroupFigures::atRate, false);
            }
            for (int i = 0; i < options.fractions().size(); i++) {
                int level = i;
                latencyCells(md, runs, r -> r.latencies().get(level), true);
            }
            md.append('\n');
        }));
        md.append('\n');
    }

    private static void latencyCells(StringBuilder md, List<GroupFigures> runs,
            Function<GroupFigures, GroupFigures.Latency> level, boolean withCounters) {
        if (runs.stream().anyMatch(r -> level.apply(r) == null)) {
            md.append(withCounters ? " — | — | — |" : " — | — |");
            return;
        }
        md.append(String.format(Locale.ROOT, " %,.0f / %,.0f / %,.0f | %.1f |",
                median(runs, r -> level.apply(r).p50Micros()),
                median(runs, r -> level.apply(r).p99Micros()),
                median(runs, r -> level.apply(r).p999Micros()),
                100 * median(runs, r -> level.apply(r).deliveredShare())));
        if (withCounters) {
            md.append(' ').append(perDelivery(median(runs, r -> level.apply(r).graftsPerDelivery()),
                    median(runs, r -> level.apply(r).duplicatesPerDelivery()))).append(" |");
        }
    }

    /**
     * Every phase's protocol counters per delivery, for the systems that count them; the phases' counters are in
     * the invocation's {@code phases.txt} too, per node.
     */
    private void countersTable(StringBuilder md) {
        md.append("## Protocol counters per delivery, per phase (median over runs)\n\n");
        md.append("GRAFTs (messages pulled) / duplicate DATA frames / tree links pruned / copies sent to neighbors ")
                .append("/ payloads announced instead of pushed (child over its cap) / PAUSE frames sent up origins' ")
                .append("trees (a link towards a child congested), each over the deliveries of ")
                .append("the same interval.\n\n");
        md.append("| nodes | system | saturated |");
        if (options.latencyRate() > 0) {
            md.append(" at ").append(rateText(options.latencyRate())).append(" |");
        }
        for (double f : options.fractions()) {
            md.append(" at ").append(percent(f)).append(" |");
        }
        md.append("\n|---|---|---:|").append("---:|".repeat(options.latencyPhases())).append('\n');
        figures.forEach((nodes, bySystem) -> bySystem.forEach((system, runs) -> {
            if (runs.stream().anyMatch(r -> r.saturatedCounters().grafts() < 0)) {
                return;
            }
            md.append("| ").append(nodes).append(" | ").append(system.label()).append(" | ")
                    .append(counters(runs, GroupFigures::saturatedCounters)).append(" |");
            if (options.latencyRate() > 0) {
                md.append(' ').append(runs.stream().anyMatch(r -> r.atRate() == null) ? "—"
                        : counters(runs, r -> r.atRate().counters())).append(" |");
            }
            for (int i = 0; i < options.fractions().size(); i++) {
                int level = i;
                md.append(' ').append(counters(runs, r -> r.latencies().get(level).counters())).append(" |");
            }
            md.append('\n');
        }));
        md.append('\n');
    }

    private static String counters(List<GroupFigures> runs,
            Function<GroupFigures, PhaseCounters> phase) {
        return String.format(Locale.ROOT, "%.3f / %.3f / %.3f / %.2f / %.3f / %.4f",
                median(runs, r -> phase.apply(r).grafts()), median(runs, r -> phase.apply(r).duplicates()),
                median(runs, r -> phase.apply(r).prunes()), median(runs, r -> phase.apply(r).forwarded()),
                median(runs, r -> phase.apply(r).overCap()), median(runs, r -> phase.apply(r).pauses()));
    }

    private static String known(double value, String format) {
        return value < 0 ? "n/a" : String.format(Locale.ROOT, format, value);
    }

    /** A latency level's name: its fraction of the saturated rate, or the common rate. */
    static String load(GroupFigures.Latency level) {
        return Double.isNaN(level.fraction()) ? rateText(level.rate()) : percent(level.fraction());
    }

    private static String rateText(double rate) {
        return String.format(Locale.ROOT, "%,.0f/s/node", rate);
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

    /**
     * The sockets the peermesh workers use: native epoll when its library loads here and the workers' options do not
     * turn it off ({@code -Dbench.worker.jvm="-Dpeermesh.transport.native=false"}), NIO otherwise.
     */
    private static String socketsText() {
        boolean off = System.getProperty("bench.worker.jvm", "").contains("-Dpeermesh.transport.native=false");
        if (off) {
            return "NIO (native epoll turned off for the workers)";
        }
        return io.netty.channel.epoll.Epoll.isAvailable()
                ? "native epoll"
                : "NIO (native epoll unavailable: " + io.netty.channel.epoll.Epoll.unavailabilityCause() + ")";
    }
}
