package dev.peermesh.sim;

import java.util.List;
import java.util.function.Consumer;

/**
 * Rounds of churn with publishing, as the order and catch-up tests run them: each round (one maintenance interval)
 * {@code churn} nodes that are not publishers crash, as many new ones join, and every publisher sends a burst of
 * {@code perRound} messages, {@code spacingMillis} apart, starting 100 ms into the round.
 *
 * <p>{@code new ChurnRounds(simulation, publishers, 10, 10, 1).run(10, crashed -> {}, joined -> {});}
 */
record ChurnRounds(Simulation simulation, List<SimNode> publishers, int churn, int perRound, long spacingMillis) {

    /** Runs the rounds, telling {@code crashed} each node crashed and {@code joined} each node started. */
    void run(int rounds, Consumer<SimNode> crashed, Consumer<SimNode> joined) {
        long round = simulation.config.settings.maintenanceInterval().toMillis();
        for (int r = 0; r < rounds; r++) {
            long start = simulation.now();
            int count = 0;
            while (count < churn) {
                SimNode victim = simulation.randomLive();
                if (!publishers.contains(victim)) {
                    simulation.crash(victim);
                    crashed.accept(victim);
                    count++;
                }
            }
            for (int i = 0; i < churn; i++) {
                joined.accept(simulation.startNode());
            }
            for (int i = 0; i < perRound; i++) {
                simulation.runUntil(start + 100 + spacingMillis * i);
                for (SimNode publisher : publishers) {
                    simulation.publish(publisher);
                }
            }
            simulation.runUntil(start + round);
        }
    }
}
