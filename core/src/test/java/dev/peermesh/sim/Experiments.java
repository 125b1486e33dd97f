package dev.peermesh.sim;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Runs the simulation experiments of the HyParView and Plumtree papers against the real protocol and prints their
 * tables as Markdown on stdout (progress goes to stderr): mass failure, stable broadcasts, churn; and a load
 * experiment with every node publishing over links of limited bandwidth. See {@code docs/simulation.md}.
 *
 * <p>{@code ./mvnw -q -pl core test-compile exec:exec -Dexec.executable=java
 * -Dexec.args="-Xms8g -Xmx8g -Xmn1536m -XX:+UseTransparentHugePages -XX:+UseParallelGC -cp %classpath
 * dev.peermesh.sim.Experiments --nodes 10000 --mode tree"}
 */
public final class Experiments {

    /** The meshes being built ahead, in a run with {@code --build-ahead yes}; else null. */
    private static MeshesAhead ahead;

    /** The lighter mass-failure levels on a second thread, in a run with {@code --side-thread yes}; else null. */
    private static SideLevels side;

    private Experiments() {
    }

    public static void main(String[] args) {
        ExperimentOptions options;
        try {
            options = ExperimentOptions.parse(args);
        }
        catch (IllegalArgumentException ex) {
            System.err.println(ex.getMessage());
            System.exit(2);
            return;
        }
        long start = System.nanoTime();
        PrintStream out = System.out;
        out.println("# Simulation: " + options.describe());
        out.println();
        out.println("Code: " + CodeVersion.describe() + ".");
        out.println();
        run(options, out);
        progress("all done in %.0f s wall", (System.nanoTime() - start) / 1e9);
    }

    /** Runs the experiments {@code options} choose and prints their tables to {@code out}. */
    static void run(ExperimentOptions options, PrintStream out) {
        ahead = options.buildAhead() ? new MeshesAhead(options, meshLabels(options)) : null;
        side = options.sideThread() && options.experiments().contains("mass-failure") ? new SideLevels(options) : null;
        try {
            if (options.experiments().contains("stable")) {
                holding(SideLevels.pairs(options.nodes(), options.broadcasts()),
                        () -> StableExperiment.run(options, out));
            }
            // The side thread's levels are taken when their tables print, after churn has run: the main thread
            // runs its own levels and churn meanwhile instead of waiting for them.
            Consumer<PrintStream> massFailure = options.experiments().contains("mass-failure")
                    ? MassFailureExperiment.measure(options) : null;
            Consumer<PrintStream> churn = null;
            if (options.experiments().contains("churn")) {
                int pairs = SideLevels.pairs(options.nodes(), options.churnRounds() * options.churnBroadcasts());
                churn = side == null ? ChurnExperiment.measure(options)
                        : side.holding(pairs, () -> ChurnExperiment.measure(options));
            }
            if (massFailure != null) {
                massFailure.accept(out);
            }
            if (churn != null) {
                churn.accept(out);
            }
            if (options.experiments().contains("load")) {
                LoadExperiment.run(options, out);
            }
        }
        finally {
            if (ahead != null) {
                ahead.close();
                ahead = null;
            }
            if (side != null) {
                side.close();
                side = null;
            }
        }
    }

    /** Runs {@code work} once the heap has room for its (node, origin) pairs beside the side thread's level. */
    private static void holding(int weight, Runnable work) {
        if (side == null) {
            work.run();
        }
        else {
            side.holding(weight, () -> {
                work.run();
                return null;
            });
        }
    }

    /** A mass-failure level's rows: from the side thread when it runs there, else run now on a mesh of its own. */
    static MassFailureExperiment.Level massFailureLevel(ExperimentOptions options, double failure) {
        if (side != null && SideLevels.onSide(options, failure)) {
            return side.take(failure);
        }
        java.util.function.Supplier<MassFailureExperiment.Level> level = () -> MassFailureExperiment.level(options,
                failure, settledMesh(options, MassFailureExperiment.label(failure)));
        return side == null ? level.get() : side.holding(SideLevels.weight(options, failure), level);
    }

    /** The labels of the meshes the chosen experiments ask {@link #settledMesh} for, in the order they ask. */
    static List<String> meshLabels(ExperimentOptions options) {
        List<String> labels = new ArrayList<>();
        if (options.experiments().contains("stable")) {
            labels.add("stable");
        }
        if (options.experiments().contains("mass-failure")) {
            for (double failure : options.failures()) {
                if (!SideLevels.onSide(options, failure)) { // the side thread builds its own
                    labels.add(MassFailureExperiment.label(failure));
                }
            }
        }
        if (options.experiments().contains("churn")) {
            labels.add("churn");
        }
        if (options.experiments().contains("load")) {
            for (double rate : options.load().rates()) {
                labels.add("load " + rate + "/s"); // as LoadExperiment names it
            }
        }
        return labels;
    }

    /**
     * A mesh of {@code options.nodes()} nodes that joined one at a time and then settled: built ahead on the second
     * thread ({@code --build-ahead}, {@link MeshesAhead}) or, when it was not, now.
     */
    static Simulation settledMesh(ExperimentOptions options, String label) {
        return ahead != null && ahead.isNext(label) ? ahead.take(label) : buildMesh(options, label);
    }

    /** Builds a mesh of {@code options.nodes()} nodes that joined one at a time and then settled. */
    static Simulation buildMesh(ExperimentOptions options, String label) {
        long wall = System.nanoTime();
        Simulation simulation = new Simulation(options.config());
        int step = Math.max(1, options.nodes() / 10);
        for (int joined = 0; joined < options.nodes(); joined += step) {
            simulation.join(Math.min(step, options.nodes() - joined), options.joinSpacingMillis());
            progress("[%s] %,d of %,d nodes joined (%.0f s virtual, %.1f s wall)", label,
                    Math.min(joined + step, options.nodes()), options.nodes(), simulation.now() / 1e3,
                    (System.nanoTime() - wall) / 1e9);
        }
        long settled = simulation.settle(options.settleMillis());
        Overlay overlay = Overlay.of(simulation);
        progress("[%s] mesh %s after %.0f s virtual, %.1f s wall, %,d events: %s", label,
                settled < 0 ? "NOT settled (a node below the minimum)" : "settled", simulation.now() / 1e3,
                (System.nanoTime() - wall) / 1e9, simulation.eventsRun(), overlay.describe());
        return simulation;
    }

    static void progress(String format, Object... args) {
        System.err.println(String.format(Locale.ROOT, format, args));
    }
}
