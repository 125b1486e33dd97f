package dev.peermesh.bench;

import dev.peermesh.DisseminationMode;
import dev.peermesh.TreeSettings;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One node of a benchmarked group in its own JVM, driven by the coordinator over stdin and stdout: it joins, answers
 * {@code @@ READY}, runs each {@code PHASE rate warmup-ms measure-ms drain-ms} command it reads and answers
 * {@code @@ RESULT …}. It leaves on {@code QUIT} or when stdin closes, so workers never outlive a coordinator that
 * died.
 *
 * <p>With {@code -Dbench.trace=DIR} (through {@code -Dbench.worker.jvm}) it writes each phase's samples to a file in
 * {@code DIR} ({@link DeliveryRecorder#writeTrace}), named by system, group size, node, port, rate and process id.
 *
 * <p>Started by {@link WorkerProcess}:
 * {@code java -cp … dev.peermesh.bench.Worker SYSTEM INDEX NODES BASE_PORT THREADS}
 */
public final class Worker {

    /** Marks the lines meant for the coordinator; libraries may print anything else. */
    static final String PREFIX = "@@ ";

    private Worker() {
    }

    public static void main(String[] args) throws Exception {
        BroadcastSystem system = BroadcastSystem.valueOf(args[0]);
        int index = Integer.parseInt(args[1]);
        int nodes = Integer.parseInt(args[2]);
        int basePort = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        String trace = System.getProperty("bench.trace", "");
        DeliveryRecorder recorder = trace.isEmpty() ? new DeliveryRecorder() : DeliveryRecorder.tracing();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (BroadcastNode node = create(system, index, nodes, basePort, recorder)) {
            node.join();
            answer("READY " + node.awaitMembers(60_000));
            String command;
            while ((command = commands.readLine()) != null && !command.equals("QUIT")) {
                String[] parts = command.split(" ");
                if (parts[0].equals("PHASE")) {
                    double rate = Double.parseDouble(parts[1]);
                    Path traceFile = trace.isEmpty() ? null : Path.of(trace, String.format(Locale.ROOT,
                            "%s-%d-%d-%d-%.0f-%d.txt", system.name().toLowerCase(Locale.ROOT), nodes, index,
                            basePort, rate, ProcessHandle.current().pid()));
                    answer("RESULT " + runPhase(node, recorder, index, threads, rate, Long.parseLong(parts[2]),
                            Long.parseLong(parts[3]), Long.parseLong(parts[4]), traceFile));
                }
            }
        }
        catch (Throwable ex) {
            ex.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static BroadcastNode create(BroadcastSystem system, int index, int nodes, int basePort,
            DeliveryRecorder recorder) {
        return switch (system) {
            case PEERMESH_TREE -> new PeermeshNode(DisseminationMode.TREE, index, nodes, basePort,
                    recorder);
            case PEERMESH_TREE_FOLLOW -> new PeermeshNode(DisseminationMode.TREE, index, nodes, basePort,
                    recorder, false, TreeSettings.NewOrigins.FOLLOW_TREE);
            case PEERMESH_FLOOD -> new PeermeshNode(DisseminationMode.FLOOD, index, nodes, basePort,
                    recorder);
            case PEERMESH_TREE_SIGNED -> new PeermeshNode(DisseminationMode.TREE, index, nodes, basePort,
                    recorder, true);
            case PEERMESH_FLOOD_SIGNED -> new PeermeshNode(DisseminationMode.FLOOD, index, nodes, basePort,
                    recorder, true);
            case JGROUPS -> new JGroupsNode(nodes, recorder);
            case NETTY_BOUND -> new NettyFanoutNode(index, nodes, basePort, recorder);
        };
    }

    private static PhaseResult runPhase(BroadcastNode node, DeliveryRecorder recorder, int index, int threads,
            double rate, long warmupMillis, long measureMillis, long drainMillis, Path traceFile)
            throws InterruptedException, IOException {
        PhaseResult result = measure(node, recorder, index, threads, rate, warmupMillis, measureMillis);
        if (traceFile != null) {
            recorder.writeTrace(traceFile); // the window's samples and what the drain adds
        }
        drain(recorder, drainMillis);
        return result;
    }

    /** Waits until deliveries stop, so a saturated phase's backlog does not count in the next phase's latency. */
    private static void drain(DeliveryRecorder recorder, long limitMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + limitMillis;
        long seen = -1;
        while (recorder.total() != seen && System.currentTimeMillis() < deadline) {
            seen = recorder.total();
            Thread.sleep(300);
        }
    }

    private static PhaseResult measure(BroadcastNode node, DeliveryRecorder recorder, int index, int threads,
            double rate, long warmupMillis, long measureMillis) throws InterruptedException {
        try (Publishers publishers = Publishers.start(node, index, threads, rate)) {
            Thread.sleep(warmupMillis);
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            // MeshNode.state() waits its turn on a busy event loop: read it outside the timed window.
            long bytesOut = node.bytesOut();
            long overflows = node.overflows();
            long grafts = node.grafts();
            long duplicates = node.duplicates();
            long published = publishers.published();
            long refused = publishers.refused();
            recorder.reset();
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            Thread.sleep(measureMillis);
            long cpuUsed = os.getProcessCpuTime() - cpu;
            long window = System.nanoTime() - start;
            long deliveries = recorder.deliveries();
            long publishedInWindow = publishers.published() - published;
            recorder.note("published " + publishedInWindow + " refused " + (publishers.refused() - refused));
            double[] latency = recorder.quantileMicros(0.5, 0.99, 0.999);
            long bytesOutAfter = bytesOut < 0 ? -1 : node.bytesOut();
            return new PhaseResult(publishedInWindow, deliveries, bytesOutAfter < 0 ? -1 : bytesOutAfter - bytesOut,
                    cpuUsed, node.overflows() - overflows, window, latency[0], latency[1], latency[2],
                    delta(grafts, node.grafts()), delta(duplicates, node.duplicates()));
        }
    }

    /** How much a counter grew, or -1 when the system does not tell. */
    private static long delta(long before, long after) {
        return before < 0 || after < 0 ? -1 : after - before;
    }

    private static void answer(String line) {
        System.out.println(PREFIX + line);
        System.out.flush();
    }
}
