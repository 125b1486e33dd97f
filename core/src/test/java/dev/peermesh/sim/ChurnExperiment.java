package dev.peermesh.sim;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

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

    /**
     * Reliability counts the nodes that delivered a broadcast or were still live a round after it was sent (the
     * papers' "active nodes"); the nodes that crashed within that round before it reached them are counted apart: no
     * dissemination can promise to reach a node that crashes while the message is on its way.
     */
    private static Object[] row(List<Broadcast> broadcasts, Simulation simulation, long window) {
        Broadcasts.Summary s = Broadcasts.summarise(broadcasts);
        double reliability = 0;
        double min = 1;
        int complete = 0;
        int crashed = 0;
        for (Broadcast b : broadcasts) {
            double r = b.reliabilityAmongSurvivors(simulation.nodes(), window);
            reliability += r;
            min = Math.min(min, r);
            complete += r == 1.0 ? 1 : 0;
            crashed += b.crashedBeforeReached(simulation.nodes(), window);
        }
        int n = Math.max(1, broadcasts.size());
        return new Object[] {s.count(), percent(reliability / n, 2), percent(min, 2), complete, crashed,
                s.fromIsolated(), number(s.meanRmr(), 3), number(s.meanLastHop(), 1)};
    }

    private static Object[] cells(Object first, Object[] middle, Object... last) {
        List<Object> cells = new ArrayList<>();
        cells.add(first);
        cells.addAll(List.of(middle));
        cells.addAll(List.of(last));
        return cells.toArray();
    }

    static void run(ExperimentOptions options, PrintStream out) {
        measure(options).accept(out);
    }

    /**
     * Runs the churn and returns what prints its tables: {@link Experiments} runs it before it waits for the
     * mass-failure levels of the side thread, and prints the tables in their order.
     */
    static Consumer<PrintStream> measure(ExperimentOptions options) {
        Simulation simulation = Experiments.settledMesh(options, "churn");
        Overlay before = Overlay.of(simulation);
        long round = options.config().settings.maintenanceInterval().toMillis();
        long gap = round / options.churnBroadcasts();
        MarkdownTable table = new MarkdownTable("rounds", "broadcasts", "reliability (mean)", "reliability (min)",
                "complete", "crashed before reached", "from isolated origin", "RMR (mean)",
                "last delivery hop (mean)", "live nodes", "components", "diameter ≥");
        List<Broadcast> all = new ArrayList<>();
        List<Broadcast> block = new ArrayList<>();
        List<List<Broadcast>> blocks = new ArrayList<>();
        List<Overlay> overlays = new ArrayList<>();
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
                overlays.add(Overlay.of(simulation));
                Experiments.progress("[churn] round %d: %,d events", r, simulation.eventsRun());
                all.addAll(block);
                blocks.add(new ArrayList<>(block));
                block.clear();
            }
        }
        // the last round's broadcasts are still spreading: let them finish, with no more churn, before counting
        simulation.runUntil(simulation.now() + round);
        for (int b = 0; b < blocks.size(); b++) {
            int last = Math.min((b + 1) * BLOCK, options.churnRounds());
            Overlay overlay = overlays.get(b);
            table.row(cells((b * BLOCK + 1) + "–" + last, row(blocks.get(b), simulation, round), overlay.nodes(),
                    overlay.components(), overlay.sampledDiameter()));
        }
        table.row(cells("all", row(all, simulation, round), simulation.liveCount(), "", ""));
        return out -> print(options, out, table, round, gap, before);
    }

    private static void print(ExperimentOptions options, PrintStream out, MarkdownTable table, long round, long gap,
            Overlay before) {
        out.println("## Churn");
        out.println();
        out.printf(Locale.ROOT, "Each round (%d ms) %d random nodes crash and %d new nodes join at its start; %d "
                + "broadcasts from random live nodes, %d ms apart from %d ms into the round. Before the churn: %s.%n%n",
                round, options.churnPerRound(), options.churnPerRound(), options.churnBroadcasts(), gap, gap / 2,
                before.describe());
        out.printf(Locale.ROOT, "Reliability counts the nodes live when a message was sent that delivered it or were "
                + "still live %d ms later; nodes that crashed within those %d ms before it reached them are counted "
                + "apart (\"crashed before reached\"). The last round's broadcasts are given %d ms to finish.%n%n",
                round, round, round);
        out.println(table);
    }
}
