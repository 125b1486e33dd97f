package dev.peermesh.bench;

import dev.peermesh.DisseminationMode;
import dev.peermesh.MeshNode;
import dev.peermesh.MeshSettings;
import dev.peermesh.NodeState;
import dev.peermesh.PeerAddress;
import dev.peermesh.PublishRejectedException;
import dev.peermesh.resolver.StaticPeerResolver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Few publishers at a low rate in a larger mesh (issue 15's real-socket case): {@code --nodes} peermesh nodes in this
 * JVM on loopback, the last {@code --publishers} of them each publishing {@code --rate} 1 KiB messages per second,
 * in every mode of {@code --modes} one after the other, each in a fresh mesh. Per mode it prints publish→delivery
 * latency over every delivery of every node, the share later than {@code --late-ms}, the share delivered out of the
 * publisher's order, lost and duplicate deliveries, and the node counters' GRAFTs and duplicate DATA frames per
 * delivery; then tree p99 ÷ flood p99.
 *
 * <p>One JVM rather than one per node: twenty JVMs on two cores would measure their JIT compilers and the
 * scheduler, not the protocol. The nodes share the JVM's heap and CPUs but each has its own event loop and sockets.
 *
 * <p>{@code BenchmarkRun --scenario publishers --nodes 20 --publishers 3 --rate 100 --seconds 60}
 */
final class PublishersScenario {

    private static final String TOPIC = "bench";

    /** With {@code -Dbench.trace=DIR}, every mode's deliveries go to {@code DIR/<mode>-node<i>.txt}. */
    private static final String TRACE = System.getProperty("bench.trace", "");

    private static final int FIRST_PORT = 23000;

    /** Longest wait for the last deliveries after the publishers stopped. */
    private static final long DRAIN_MILLIS = 20_000;

    private PublishersScenario() {
    }

    static void run(String... args) throws Exception {
        PublishersOptions options = PublishersOptions.parse(args);
        System.out.printf("publishers scenario: %s%n", options);
        List<Figures> figures = new ArrayList<>();
        int port = FIRST_PORT;
        for (DisseminationMode mode : options.modes()) {
            figures.add(measure(mode, port, options));
            port += options.nodes() + 1;
        }
        String table = table(options, figures);
        System.out.println(table);
        if (options.out() != null) {
            Files.writeString(options.out(), table);
        }
    }

    private static Figures measure(DisseminationMode mode, int port, PublishersOptions options)
            throws Exception {
        int n = options.nodes();
        List<MeshNode> nodes = new ArrayList<>();
        List<OrderedRecorder> recorders = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                MeshSettings.Builder builder = MeshSettings.builder("bench-publishers").bindAddress("127.0.0.1")
                        .port(port + i).dissemination(mode).stampSendTime(false);
                if (options.payloadBacklogCap() > 0) {
                    builder.payloadBacklogCapBytes(options.payloadBacklogCap());
                }
                MeshSettings settings = builder.build();
                List<PeerAddress> seeds = i == 0 ? List.of() : List.of(new PeerAddress("127.0.0.1", port));
                MeshNode node = MeshNode.builder(settings).resolver(new StaticPeerResolver(seeds)).build();
                OrderedRecorder recorder = new OrderedRecorder(options.publishers(),
                        options.lateMillis() * 1_000_000, !TRACE.isEmpty());
                long self = node.nodeId();
                node.subscribe(TOPIC, message -> {
                    if (message.id().origin() != self) {
                        recorder.delivered(message.payload(), message.hops());
                    }
                });
                nodes.add(node.start());
                recorders.add(recorder);
            }
            awaitMesh(nodes);
            Thread.sleep(3_000); // let the views settle before loading the mesh
            int[] publisherIndexes = new int[options.publishers()];
            for (int p = 0; p < publisherIndexes.length; p++) {
                publisherIndexes[p] = n - options.publishers() + p;
            }
            AtomicIntegerArray published = new AtomicIntegerArray(options.publishers());
            int warmupCount = (int) (options.rate() * options.warmupSeconds());
            int total = warmupCount + (int) (options.rate() * options.seconds());
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < publisherIndexes.length; p++) {
                int publisher = p;
                MeshNode node = nodes.get(publisherIndexes[p]);
                Thread thread = new Thread(() -> publish(node, publisher, options.rate(), warmupCount, total,
                        published), "publisher-" + p);
                thread.setDaemon(true);
                threads.add(thread);
            }
            System.out.printf("  %-5s %d nodes formed a mesh; publishing %d s warm-up + %d s%n", mode, n,
                    options.warmupSeconds(), options.seconds());
            threads.forEach(Thread::start);
            Thread.sleep(options.warmupSeconds() * 1000L);
            long[] before = sums(nodes);
            long distinctBefore = recorders.stream().mapToLong(OrderedRecorder::distinct).sum();
            for (Thread thread : threads) {
                thread.join();
            }
            long expected = 0;
            for (int i = 0; i < n; i++) {
                expected += expectedAt(i, publisherIndexes, published);
            }
            long deadline = System.currentTimeMillis() + DRAIN_MILLIS;
            while (recorders.stream().mapToLong(OrderedRecorder::distinct).sum() < expected
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            Thread.sleep(500); // late duplicates
            long[] after = sums(nodes);
            long distinct = recorders.stream().mapToLong(OrderedRecorder::distinct).sum();
            long[] latencies = recorders.stream().map(OrderedRecorder::latencies).flatMapToLong(Arrays::stream)
                    .sorted().toArray();
            long deliveries = distinct - distinctBefore;
            Figures result = new Figures(mode, latencies, recorders.stream().mapToLong(OrderedRecorder::late).sum(),
                    recorders.stream().mapToLong(OrderedRecorder::outOfOrder).sum(), expected - distinct,
                    recorders.stream().mapToLong(OrderedRecorder::duplicates).sum(), deliveries,
                    after[0] - before[0], after[1] - before[1], after[2] - before[2], hops(recorders));
            System.out.printf("  %-5s done: %s%n", mode, result.row(options));
            if (!TRACE.isEmpty()) {
                Files.createDirectories(Path.of(TRACE));
                for (int i = 0; i < n; i++) {
                    recorders.get(i).writeTrace(Path.of(TRACE, mode.name().toLowerCase(Locale.ROOT) + "-node" + i
                            + ".txt"));
                }
            }
            return result;
        }
        finally {
            for (MeshNode node : nodes) {
                node.abort();
            }
        }
    }

    /** Messages node {@code i} should deliver: every publisher's but its own. */
    private static long expectedAt(int i, int[] publisherIndexes, AtomicIntegerArray published) {
        long sum = 0;
        for (int p = 0; p < publisherIndexes.length; p++) {
            if (publisherIndexes[p] != i) {
                sum += published.get(p);
            }
        }
        return sum;
    }

    private static void awaitMesh(List<MeshNode> nodes) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        for (MeshNode node : nodes) {
            int wanted = Math.min(nodes.size() - 1, node.settings().neighbors().min());
            while (node.state().neighbors().size() < wanted) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("no mesh within 60 s: " + node.address() + " has "
                            + node.state().neighbors().size() + " neighbors");
                }
                Thread.sleep(50);
            }
        }
    }

    /** Paced publishing on a fixed schedule; a late message goes at once, push-back is waited out. */
    private static void publish(MeshNode node, int publisher, double rate, int warmupCount, int total,
            AtomicIntegerArray published) {
        long interval = (long) (1e9 / rate);
        long next = System.nanoTime();
        for (int sequence = 0; sequence < total; sequence++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            next += interval;
            byte[] payload = SequencedPayloads.of(publisher, sequence, sequence >= warmupCount);
            while (true) {
                try {
                    node.publish(TOPIC, payload, Map.of());
                    break;
                }
                catch (PublishRejectedException ex) {
                    if (ex.cause() != PublishRejectedException.Cause.BACKPRESSURE) {
                        throw ex;
                    }
                    LockSupport.parkNanos(200_000);
                }
            }
            published.incrementAndGet(publisher);
        }
    }

    /**
     * Links crossed by the measured deliveries: "hops: deliveries, mean ms, late" per hop count, for telling a deep
     * tree's latency from a pull's.
     */
    private static String hops(List<OrderedRecorder> recorders) {
        long[] count = new long[16];
        long[] nanos = new long[16];
        long[] late = new long[16];
        for (OrderedRecorder recorder : recorders) {
            Arrays.setAll(count, i -> count[i] + recorder.byHops()[i]);
            Arrays.setAll(nanos, i -> nanos[i] + recorder.nanosByHops()[i]);
            Arrays.setAll(late, i -> late[i] + recorder.lateByHops()[i]);
        }
        StringBuilder line = new StringBuilder();
        long total = Arrays.stream(count).sum();
        long weighted = 0;
        for (int h = 0; h < count.length; h++) {
            weighted += h * count[h];
            if (count[h] > 0) {
                line.append(String.format(Locale.ROOT, " %d%s: %d, %.1f ms, %d late;", h, h == 15 ? "+" : "",
                        count[h], nanos[h] / 1e6 / count[h], late[h]));
            }
        }
        return String.format(Locale.ROOT, "mean %.2f links;", (double) weighted / Math.max(1, total)) + line;
    }

    /** Sums of the nodes' GRAFTs, duplicate DATA frames and payloads kept off links over the payload cap. */
    private static long[] sums(List<MeshNode> nodes) {
        long[] sums = new long[3];
        for (MeshNode node : nodes) {
            NodeState.Counters counters = node.state().counters();
            sums[0] += counters.grafts();
            sums[1] += counters.duplicates();
            sums[2] += counters.payloadsOverCap();
        }
        return sums;
    }

    private static String table(PublishersOptions options, List<Figures> figures) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%d nodes in one JVM, %d publishers × %.0f msgs/s, %d s measured "
                + "after %d s warm-up, 1 KiB payloads%n%n", options.nodes(), options.publishers(), options.rate(),
                options.seconds(), options.warmupSeconds()));
        md.append("| mode | p50 / p99 / p999 / max ms | > ").append(options.lateMillis())
                .append(" ms | out of order | lost | duplicates | GRAFTs / delivery | duplicate DATA / delivery "
                        + "| payloads over cap |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Figures f : figures) {
            md.append(f.row(options)).append('\n');
        }
        Figures tree = figures.stream().filter(f -> f.mode == DisseminationMode.TREE).findFirst()
                .orElse(null);
        Figures flood = figures.stream().filter(f -> f.mode == DisseminationMode.FLOOD).findFirst()
                .orElse(null);
        md.append("\nLinks crossed (hops: deliveries, mean latency, late):\n\n");
        for (Figures f : figures) {
            md.append("- ").append(f.mode.name().toLowerCase(Locale.ROOT)).append(": ").append(f.hops).append('\n');
        }
        if (tree != null && flood != null) {
            md.append(String.format(Locale.ROOT, "%ntree p99 ÷ flood p99: %.1f%n", tree.quantileMillis(0.99)
                    / flood.quantileMillis(0.99)));
        }
        return md.toString();
    }

    /** One mode's figures; deliveries and counters are the measured window's. */
    private record Figures(DisseminationMode mode, long[] sortedLatencies, long late, long outOfOrder,
            long lost, long duplicates, long deliveries, long grafts, long duplicateFrames, long overCap,
            String hops) {

        double quantileMillis(double q) {
            if (sortedLatencies.length == 0) {
                return 0;
            }
            int index = (int) Math.min(sortedLatencies.length - 1, Math.ceil(q * sortedLatencies.length) - 1);
            return sortedLatencies[Math.max(0, index)] / 1e6;
        }

        String row(PublishersOptions options) {
            double measured = Math.max(1, sortedLatencies.length);
            return String.format(Locale.ROOT, "| %s | %.1f / %.1f / %.1f / %.1f | %.2f %% | %.2f %% | %d | %d | "
                    + "%.4f | %.4f | %d |", mode.name().toLowerCase(Locale.ROOT), quantileMillis(0.5),
                    quantileMillis(0.99), quantileMillis(0.999), quantileMillis(1.0), 100.0 * late / measured,
                    100.0 * outOfOrder / Math.max(1, deliveries), lost, duplicates,
                    (double) grafts / Math.max(1, deliveries), (double) duplicateFrames / Math.max(1, deliveries),
                    overCap);
        }
    }
}
