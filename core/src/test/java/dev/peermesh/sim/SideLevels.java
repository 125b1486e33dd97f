package dev.peermesh.sim;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * The lighter mass-failure levels of a run ({@code --side-thread yes}): those where {@code --side-from} percent of
 * the nodes or more fail (30 by default) run on a second thread, lightest first, each on a mesh of its own built
 * from the same seed, while the main thread runs the stable experiment, the heavier levels and churn. At 10,000
 * nodes the run is bound by one thread's broadcasts; from 30 %, the side thread's levels and their meshes are about
 * as many events as the main thread's experiments (docs/simulation.md).
 *
 * <p>What an experiment keeps grows with its (node, origin) pairs — each survivor hears nearly every sender — so
 * every experiment and level first takes its expected pairs from one budget: the heaviest main-thread experiment's
 * and the heaviest side level's together, so that any two of them may run side by side (at 10,000 nodes the stable
 * experiment or churn beside the 30 % level: about 16 million pairs). A simulation shares nothing mutable with
 * another, so each level's rows are those it gives on the main thread.
 *
 * <p>{@code SideLevels side = new SideLevels(options); Level level = side.take(0.9);}
 */
final class SideLevels implements AutoCloseable {

    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread side = new Thread(runnable, "side-levels");
        side.setDaemon(true);
        return side;
    });
    private final Map<Double, Future<MassFailureExperiment.Level>> levels = new HashMap<>();
    private final int budget;
    private final Semaphore heap;

    /** Starts the lighter levels {@code options} choose, lightest first. */
    SideLevels(ExperimentOptions options) {
        budget = budget(options);
        heap = new Semaphore(budget, true);
        double[] failures = options.failures().clone();
        Arrays.sort(failures);
        for (int i = failures.length - 1; i >= 0; i--) {
            double failure = failures[i];
            if (onSide(options, failure) && !levels.containsKey(failure)) {
                levels.put(failure, thread.submit(() -> {
                    // Built before the budget is taken: a settled mesh has no (node, origin) pairs yet (about
                    // 0.5 GB at 10,000 nodes), and its build then runs while this thread waits for the heap
                    // instead of while it holds it, keeping the other core busy beside the stable experiment.
                    Simulation mesh = Experiments.buildMesh(options, MassFailureExperiment.label(failure));
                    return holding(weight(options, failure), () -> MassFailureExperiment.level(options, failure,
                            mesh));
                }));
            }
        }
    }

    /** Whether the level runs on the side thread in a run with {@code options}. */
    static boolean onSide(ExperimentOptions options, double failure) {
        return options.sideThread() && Math.round(failure * 100) >= options.sideFromPercent()
                && options.experiments().contains("mass-failure");
    }

    /** The level's rows, once the side thread has them. */
    MassFailureExperiment.Level take(double failure) {
        try {
            return levels.get(failure).get();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted waiting for mass failure " + failure, ex);
        }
        catch (ExecutionException ex) {
            throw new IllegalStateException("Mass failure " + failure + " failed", ex.getCause());
        }
    }

    /** Runs {@code work} once the heap budget has room for {@code weight} (thousands of pairs), then frees it. */
    <T> T holding(int weight, Supplier<T> work) {
        int permits = Math.min(weight, budget);
        heap.acquireUninterruptibly(permits);
        try {
            return work.get();
        }
        finally {
            heap.release(permits);
        }
    }

    /** The expected (node, origin) pairs of a mass-failure level, in thousands. */
    static int weight(ExperimentOptions options, double failure) {
        return pairs(options.nodes() - (int) Math.round(failure * options.nodes()), options.broadcasts());
    }

    /**
     * Thousands of (node, origin) pairs when {@code broadcasts} come from senders drawn at random among
     * {@code nodes}: each node hears about every distinct sender, {@code nodes × (1 − e^(−broadcasts / nodes))}.
     */
    static int pairs(int nodes, int broadcasts) {
        if (nodes <= 0) {
            return 1;
        }
        double senders = nodes * -Math.expm1(-(double) broadcasts / nodes) + 1;
        return (int) Math.max(1, Math.ceil(nodes * senders / 1_000));
    }

    /** The heaviest main-thread experiment's pairs and the heaviest side level's, together. */
    private static int budget(ExperimentOptions options) {
        int main = Math.max(pairs(options.nodes(), options.broadcasts()),
                pairs(options.nodes(), options.churnRounds() * options.churnBroadcasts()));
        int side = 0;
        for (double failure : options.failures()) {
            if (onSide(options, failure)) {
                side = Math.max(side, weight(options, failure));
            }
            else {
                main = Math.max(main, weight(options, failure));
            }
        }
        return main + side;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
