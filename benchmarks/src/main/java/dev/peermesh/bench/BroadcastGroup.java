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

    static BroadcastGroup start(BroadcastSystem system, int nodes, int basePort, int threads, File logDir)
            throws Exception {
        BroadcastGroup group = new BroadcastGroup();
        try {
            for (int i = 0; i < nodes; i++) {
                group.workers.add(WorkerProcess.start(system, i, nodes, basePort, threads, logDir));
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
     * Runs one phase on every node at once: {@code rate} messages/s per node, 0 for as fast as possible; each node
     * then waits up to {@code drainMillis} for deliveries to stop before it answers.
     */
    List<PhaseResult> phase(double rate, long warmupMillis, long measureMillis, long drainMillis)
            throws InterruptedException {
        for (WorkerProcess worker : workers) {
            worker.send("PHASE " + rate + " " + warmupMillis + " " + measureMillis + " " + drainMillis);
        }
        List<PhaseResult> results = new ArrayList<>();
        for (WorkerProcess worker : workers) {
            results.add(PhaseResult.parse(
                    worker.await("RESULT", warmupMillis + measureMillis + drainMillis + 30_000)));
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
