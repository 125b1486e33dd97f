package dev.peermesh.sim;

import dev.peermesh.NodeState;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import static dev.peermesh.sim.MarkdownTable.number;
import static dev.peermesh.sim.MarkdownTable.percent;

/**
 * Broadcasts in a settled mesh without failures, from one sender and from many: reliability, relative message
 * redundancy and last delivery hop.
 */
final class StableExperiment {

    private StableExperiment() {
    }

    static void run(ExperimentOptions options, PrintStream out) {
        Simulation simulation = Experiments.settledMesh(options, "stable");
        Overlay overlay = Overlay.of(simulation);
        MarkdownTable table = new MarkdownTable("senders", "broadcasts", "reliability", "complete", "RMR (mean)",
                "RMR (max)", "last delivery hop (mean)", "last delivery hop (max)", "last delivery (ms, mean)");
        SimNode sender = simulation.randomLive();
        row(table, "one", measure(simulation, options, () -> sender));
        row(table, "many (random)", measure(simulation, options, simulation::randomLive));
        out.println("## Stable mesh");
        out.println();
        out.println(overlay.describe() + ".");
        out.println();
        out.println(table);
    }

    private static List<Broadcast> measure(Simulation simulation, ExperimentOptions options,
            java.util.function.Supplier<SimNode> origin) {
        List<Broadcast> sent = new ArrayList<>(options.broadcasts());
        long[] before = repairs(simulation);
        long start = simulation.now();
        for (int i = 0; i < options.broadcasts(); i++) {
            simulation.runUntil(start + i * options.intervalMillis());
            sent.add(simulation.publish(origin.get()));
        }
        simulation.runFor(5_000);
        long[] after = repairs(simulation);
        Experiments.progress("[stable] %,d broadcasts measured, %,d events so far; %,d pulls, %,d duplicate DATA "
                + "read", sent.size(), simulation.eventsRun(), after[0] - before[0], after[1] - before[1]);
        return sent;
    }

    /** Messages pulled (GRAFTs) and duplicate DATA frames read, summed over the nodes: where redundancy comes from. */
    private static long[] repairs(Simulation simulation) {
        long[] sums = new long[2];
        for (SimNode node : simulation.nodes()) {
            NodeState.Counters counters = node.state().counters();
            sums[0] += counters.grafts();
            sums[1] += counters.duplicates();
        }
        return sums;
    }

    private static void row(MarkdownTable table, String senders, List<Broadcast> broadcasts) {
        Broadcasts.Summary s = Broadcasts.summarise(broadcasts);
        double delay = broadcasts.stream().mapToLong(Broadcast::lastDeliveryDelay).average().orElse(Double.NaN);
        table.row(senders, s.count(), percent(s.meanReliability(), 2), s.complete(), number(s.meanRmr(), 3),
                number(s.maxRmr(), 3), number(s.meanLastHop(), 1), s.maxLastHop(), number(delay, 0));
    }
}
