package dev.peermesh.sim;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import static dev.peermesh.sim.MarkdownTable.number;
import static dev.peermesh.sim.MarkdownTable.percent;

/**
 * HyParView's mass-failure experiment: in a settled mesh a share of the nodes crash at once; broadcasts from random
 * survivors start at that instant, one every interval. Gives the mean reliability over the broadcasts, the
 * reliability of each of the first ten, and how many maintenance rounds passed before every broadcast reached every
 * survivor again.
 */
final class MassFailureExperiment {

    /** Broadcasts shown one by one after the failure. */
    static final int FIRST = 10;

    private MassFailureExperiment() {
    }

    static void run(ExperimentOptions options, PrintStream out) {
        measure(options).accept(out);
    }

    /**
     * Runs the levels that run on this thread, in order, and returns what prints the tables: it takes the side
     * thread's levels ({@link SideLevels}) as it prints them, so that {@link Experiments} can run churn before it
     * waits for them.
     */
    static Consumer<PrintStream> measure(ExperimentOptions options) {
        double[] failures = options.failures();
        Level[] here = new Level[failures.length];
        for (int i = 0; i < failures.length; i++) {
            if (!SideLevels.onSide(options, failures[i])) {
                here[i] = Experiments.massFailureLevel(options, failures[i]);
            }
        }
        return out -> print(options, out, here);
    }

    private static void print(ExperimentOptions options, PrintStream out, Level[] here) {
        MarkdownTable summary = new MarkdownTable("failed", "survivors", "reliability (mean)", "complete broadcasts",
                "from isolated origin", "back to 100 % after", "components at end", "largest component");
        String[] firstHeader = new String[FIRST + 1];
        firstHeader[0] = "failed";
        for (int i = 1; i <= FIRST; i++) {
            firstHeader[i] = "#" + i;
        }
        MarkdownTable first = new MarkdownTable(firstHeader);
        long round = options.config().settings.maintenanceInterval().toMillis();
        String before = null;
        for (int i = 0; i < options.failures().length; i++) {
            Level level = here[i] != null ? here[i] : Experiments.massFailureLevel(options, options.failures()[i]);
            before = before != null ? before : level.before(); // the same seed builds the same mesh each time
            summary.row(level.summary());
            first.row(level.first());
        }
        out.println("## Mass failure");
        out.println();
        out.printf(Locale.ROOT, "%,d broadcasts from random survivors, one every %d ms from the instant of the "
                + "failure; a round is one maintenance interval (%d ms). Before the failure: %s.%n%n",
                options.broadcasts(), options.intervalMillis(), round, before == null ? "–" : before);
        out.println(summary);
        out.println("Reliability of the first " + FIRST + " broadcasts after the failure:");
        out.println();
        out.println(first);
    }

    /**
     * One level's rows of the two tables, and the mesh before the failure (described for the first level only: the
     * same seed builds the same mesh each time).
     */
    record Level(Object[] summary, Object[] first, String before) {
    }

    /** Crashes {@code failure} of the settled mesh's nodes at once and broadcasts from random survivors. */
    static Level level(ExperimentOptions options, double failure, Simulation simulation) {
        long round = options.config().settings.maintenanceInterval().toMillis();
        String label = String.format(Locale.ROOT, "%.0f %%", failure * 100);
        String before = failure == options.failures()[0] ? Overlay.of(simulation).describe() : null;
        long failedAt = simulation.now();
        simulation.crash(failure);
        List<Broadcast> sent = new ArrayList<>(options.broadcasts());
        for (int i = 0; i < options.broadcasts(); i++) {
            simulation.runUntil(failedAt + i * options.intervalMillis());
            sent.add(simulation.publish(simulation.randomLive()));
        }
        simulation.runFor(5_000);
        Broadcasts.Summary s = Broadcasts.summarise(sent);
        Overlay overlay = Overlay.of(simulation);
        Object[] summary = {label, simulation.liveCount(), percent(s.meanReliability(), 2),
            s.complete() + " of " + s.count(), s.fromIsolated(), recovery(sent, failedAt, round), overlay.components(),
            overlay.largestComponent()};
        Object[] cells = new Object[FIRST + 1];
        cells[0] = label;
        for (int i = 0; i < FIRST; i++) {
            cells[i + 1] = i < sent.size() ? percent(sent.get(i).reliability(), 1) : "–";
        }
        Experiments.progress("[mass failure %s] reliability %s, %s, %,d events", label,
                percent(s.meanReliability(), 2), recovery(sent, failedAt, round), simulation.eventsRun());
        return new Level(summary, cells, before);
    }

    /** The label of the mesh a failure level runs on. */
    static String label(double failure) {
        return String.format(Locale.ROOT, "mass failure %.0f %%", failure * 100);
    }

    /** Rounds from the failure to the first broadcast from which on every broadcast reached every survivor. */
    static String recovery(List<Broadcast> sent, long failedAt, long round) {
        int from = sent.size();
        while (from > 0 && sent.get(from - 1).missed() == 0) {
            from--;
        }
        if (from == sent.size()) {
            return "not within " + number((sent.get(sent.size() - 1).sentAt - failedAt) / (double) round, 1)
                    + " rounds";
        }
        long after = sent.get(from).sentAt - failedAt;
        return number(after / (double) round, 2) + " rounds (" + after + " ms)";
    }
}
