package dev.peermesh.bench;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * N worker JVMs forming one group of one {@link BroadcastSystem}, run through timed phases together.
 *
 * <p>{@code try (BroadcastGroup g = BroadcastGroup.start(...)) { List<PhaseResult> r = g.phase(0, 1000, 3000, 0); }}
 */
final class BroadcastGroup implements AutoCloseable {

    private final List<WorkerProcess> workers = new ArrayList<>();

    private BroadcastGroup() {
    }

    /** Starts the group's workers; each logs to {@code logDir/<logName>-node<i>.log}. */
    static BroadcastGroup start(BroadcastSystem system, int nodes, int basePort, int threads, File logDir,
            String logName) throws Exception {
        BroadcastGroup group = new BroadcastGroup();
        try {
            for (int i = 0; i < nodes; i++) {
                group.workers.add(WorkerProcess.start(system, i, nodes, basePort, threads,
                        new File(logDir, logName + "-node" + i + ".log")));
            }
            for (WorkerProcess worker : group.workers) {
                if (!Boolean.parseBoolean(worker.await("READY", 120_000))) {
                    throw new IllegalStateException(system.label() + ": a node did not see its group within 60 s");
                }
            }
            return group;
        }
        catch (Exception ex) {
            group.close();
            throw ex;
        }
    }

    /**
     * Runs one phase on every node at once: {@code rate} messages/s per node, 0 for as fast as possible. Every node
     * warms up at least {@code warmupMillis}, then in one-second windows until the JIT has settled on all of them
     * ({@link BenchOptions#jitSettled}) or {@link BenchOptions#warmupMaxMillis} has passed; then all measure
     * together, and each waits up to {@code drainMillis} for deliveries to stop before it answers.
     */
    List<PhaseResult> phase(double rate, long warmupMillis, long measureMillis, long drainMillis,
            BenchOptions options) throws InterruptedException {
        for (WorkerProcess worker : workers) {
            worker.send("PHASE " + rate + " " + warmupMillis + " " + measureMillis + " " + drainMillis);
        }
        long started = System.currentTimeMillis();
        long windowTimeout = warmupMillis + Worker.SETTLE_WINDOW_MILLIS + 30_000;
        boolean done = false;
        while (!done) {
            boolean settled = true;
            for (WorkerProcess worker : workers) {
                String[] shares = worker.await("WARM", windowTimeout).split(" ");
                settled &= Double.parseDouble(shares[0]) < options.jitSettled()
                        || Double.parseDouble(shares[1]) < BenchOptions.JIT_SETTLED_CORE_SHARE;
            }
            done = settled || System.currentTimeMillis() - started >= options.warmupMaxMillis();
            for (WorkerProcess worker : workers) {
                worker.send(done ? "MEASURE" : "WARM");
            }
        }
        List<PhaseResult> results = new ArrayList<>();
        for (WorkerProcess worker : workers) {
            results.add(PhaseResult.parse(worker.await("RESULT", measureMillis + drainMillis + 30_000)));
        }
        return results;
    }

    @Override
    public void close() throws InterruptedException {
        workers.forEach(WorkerProcess::quit);
        for (WorkerProcess worker : workers) {
            worker.awaitExit();
        }
    }
}
