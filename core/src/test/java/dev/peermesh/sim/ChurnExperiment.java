package dev.peermesh.sim;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.peermesh.sim.MarkdownTable.number;
import static dev.peermesh.sim.MarkdownTable.percent;

/**
 * Churn: each maintenance round, some nodes crash and as many new ones join (so the mesh keeps its size), while
 * random nodes broadcast during the round. Gives reliability and redundancy per block of ten rounds.
 */
final class ChurnExperiment {

    /** Rounds summarised per table row. */
    static final int BLOCK = 10;

    private ChurnExperiment() {
    }

    static void run(ExperimentOptions options, PrintStream out) {
        Simulation simulation = Experiments.settledMesh(options, "churn");
        Overlay before = Overlay.of(simulation);
        long round = options.config().settings.maintenanceInterval().toMillis();
        long gap = round / options.churnBroadcasts();
        MarkdownTable table = new MarkdownTable("rounds", "broadcasts", "reliability (mean)", "reliability (min)",
                "complete", "from isolated origin", "RMR (mean)", "last delivery hop (mean)", "live nodes", "components", "diameter ≥");
        List<Broadcast> all = new ArrayList<>();
        List<Broadcast> block = new ArrayList<>();
        for (int r = 1; r <= options.churnRounds(); r++) {
            long start = simulation.now();
            simulation.crash((double) options.churnPerRound() / simulation.liveCount());
            for (int i = 0; i < options.churnPerRound(); i++) {
                simulation.startNode();
            }
            for (int i = 0; i < options.churnBroadcasts(); i++) {
                simulation.runUntil(start + gap / 2 + i * gap); // half a gap in: the round's joiners are dialling
                block.add(simulation.publish(simulation.randomLive()));
            }
            simulation.runUntil(start + round);
            if (r % BLOCK == 0 || r == options.churnRounds()) {
                Overlay overlay = Overlay.of(simulation);
                Broadcasts.Summary s = Broadcasts.summarise(block);
                table.row((r - (r - 1) % BLOCK) + "–" + r, s.count(), percent(s.meanReliability(), 2),
                        percent(s.minReliability(), 2), s.complete(), s.fromIsolated(), number(s.meanRmr(), 3),
                        number(s.meanLastHop(), 1), overlay.nodes(), overlay.components(), overlay.sampledDiameter());
                Experiments.progress("[churn] round %d: reliability %s, %,d events", r,
                        percent(s.meanReliability(), 2), simulation.eventsRun());
                all.addAll(block);
                block.clear();
            }
        }
        Broadcasts.Summary s = Broadcasts.summarise(all);
        table.row("all", s.count(), percent(s.meanReliability(), 2), percent(s.minReliability(), 2), s.complete(),
                s.fromIsolated(), number(s.meanRmr(), 3), number(s.meanLastHop(), 1), simulation.liveCount(), "", "");
        out.println("## Churn");
        out.println();
        out.printf(Locale.ROOT, "Each round (%d ms) %d random nodes crash and %d new nodes join at its start; %d "
                + "broadcasts from random live nodes, %d ms apart from %d ms into the round. Before the churn: %s.%n%n",
                round, options.churnPerRound(), options.churnPerRound(), options.churnBroadcasts(), gap, gap / 2,
                before.describe());
        out.println(table);
    }
}
