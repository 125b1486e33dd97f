package dev.peermesh.bench;

import dev.peermesh.DisseminationMode;
import dev.peermesh.TreeSettings;

import java.io.BufferedReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One node of a benchmarked group in its own JVM, driven by the coordinator over stdin and stdout: it joins, answers
 * {@code @@ READY}, and runs each {@code PHASE rate warmup-ms measure-ms drain-ms} command it reads: it publishes,
 * waits the warm-up, then measures the JIT's CPU over a {@link #SETTLE_WINDOW_MILLIS} window and answers
 * {@code @@ WARM share core-share} until the coordinator answers {@code MEASURE} instead of {@code WARM} (so every
 * node of the group starts its window together), then measures and answers {@code @@ RESULT …}
 * ({@link PhaseResult}). It leaves on {@code QUIT} or when stdin closes, so workers never outlive a coordinator that
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

    /** One warm-up window whose JIT CPU decides whether the JVM has settled. */
    static final long SETTLE_WINDOW_MILLIS = 1_000;

    /**
     * How long a node waits after its saturated window before the full collection that measures its live heap. The
     * nodes' windows end within milliseconds of each other; a collection right at the end of one node's window
     * stopped it while the others still measured, and their deliveries from it came late (the p99 at 50 % load
     * doubled when every phase measured its heap).
     */
    static final long OTHER_WINDOWS_MILLIS = 500;

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
                    PhaseResult result = runPhase(node, recorder, commands, index, threads, rate,
                            Long.parseLong(parts[2]), Long.parseLong(parts[3]), Long.parseLong(parts[4]), traceFile);
                    // Kept in the worker's log too, which is never overwritten (WorkerProcess).
                    System.err.printf(Locale.ROOT, "phase rate=%.0f: %s%n", rate, result);
                    answer("RESULT " + result);
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

    private static PhaseResult runPhase(BroadcastNode node, DeliveryRecorder recorder, BufferedReader commands,
            int index, int threads, double rate, long warmupMillis, long measureMillis, long drainMillis,
            Path traceFile) throws InterruptedException, IOException {
        PhaseResult result = measure(node, recorder, commands, index, threads, rate, warmupMillis, measureMillis);
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

    private static PhaseResult measure(BroadcastNode node, DeliveryRecorder recorder, BufferedReader commands,
            int index, int threads, double rate, long warmupMillis, long measureMillis)
            throws InterruptedException, IOException {
        try (Publishers publishers = Publishers.start(node, index, threads, rate)) {
            long warmStart = System.nanoTime();
            Thread.sleep(warmupMillis);
            double warmJitShare = settle(commands);
            long warmup = System.nanoTime() - warmStart;
            // A counter snapshot waits its turn on a busy event loop: bracket it with delivery counts, so bytes and
            // protocol counters are divided by the deliveries of their own interval.
            long before = recorder.total();
            NodeCounters counters = node.counters();
            long countedFrom = (before + recorder.total()) / 2;
            long published = publishers.published();
            long refused = publishers.refused();
            recorder.reset();
            JvmCpu.Sample cpuBefore = JvmCpu.sample();
            long start = System.nanoTime();
            Thread.sleep(measureMillis);
            JvmCpu.Sample cpu = JvmCpu.sample().minus(cpuBefore);
            long window = System.nanoTime() - start;
            long deliveries = recorder.deliveries();
            long publishedInWindow = publishers.published() - published;
            recorder.note("published " + publishedInWindow + " refused " + (publishers.refused() - refused));
            double[] latency = recorder.quantileMicros(0.5, 0.99, 0.999);
            before = recorder.total();
            NodeCounters grown = node.counters().minus(counters);
            long countedTo = (before + recorder.total()) / 2;
            // saturated only, after the window's figures and the other nodes' windows (see OTHER_WINDOWS_MILLIS);
            // the latency samples are the harness's
            long liveHeap = rate > 0 ? -1 : liveHeapAfterOtherWindows() - recorder.sampleBytes();
            return new PhaseResult(publishedInWindow, deliveries, cpu.process(), cpu.jit(), cpu.gc(), cpu.kernel(),
                    window, latency[0], latency[1], latency[2], countedTo - countedFrom, grown, warmup, warmJitShare,
                    liveHeap);
        }
    }

    /**
     * The heap the process keeps alive while loaded: a full collection ({@code System.gc()}), then the heap pools'
     * use after their latest collection, summed. First waits {@link #OTHER_WINDOWS_MILLIS}, publishers still running,
     * so that the collection's pause falls in no other node's window.
     */
    private static long liveHeapAfterOtherWindows() throws InterruptedException {
        Thread.sleep(OTHER_WINDOWS_MILLIS);
        System.gc();
        long live = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage after = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            if (after != null) {
                live += after.getUsed();
            }
        }
        return live;
    }

    /**
     * Warm-up windows until the coordinator says the group has settled: after each, the JIT's share of this
     * process's CPU and of one core goes to the coordinator, which answers {@code WARM} (another window) or
     * {@code MEASURE}. Returns the last window's share.
     */
    private static double settle(BufferedReader commands) throws InterruptedException, IOException {
        while (true) {
            JvmCpu.Sample before = JvmCpu.sample();
            long start = System.nanoTime();
            Thread.sleep(SETTLE_WINDOW_MILLIS);
            JvmCpu.Sample used = JvmCpu.sample().minus(before);
            double coreShare = Math.max(0, used.jit()) / (double) (System.nanoTime() - start);
            answer(String.format(Locale.ROOT, "WARM %.4f %.4f", used.jitShare(), coreShare));
            String reply = commands.readLine();
            if (!"WARM".equals(reply)) {
                return used.jitShare();
            }
        }
    }

    private static void answer(String line) {
        System.out.println(PREFIX + line);
        System.out.flush();
    }
}
