package dev.peermesh.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A thousand nodes of the real protocol in one simulated mesh, per dissemination mode: a stable mesh delivers every
 * message to every live node within the mode's redundancy, and after half the nodes crash at once the survivors
 * repair so that broadcasts reach at least 99 % of them from the third on.
 *
 * <p>Neighbor bounds 4/5/5: an active view of 5 as in HyParView (fanout 4 when flooding). A node accepts links up
 * to its maximum, so with a larger maximum most nodes end up there; with the maximum equal to the ideal the degrees
 * stay at 5 (a few nodes at 4 for a while).
 */
class SimulationTest {

    private static final int NODES = 1_000;
    private static final int MIN = 4;
    private static final int IDEAL = 5;
    private static final int MAX = 5;
    private static final long SEED = 2026_11_25;

    /** Broadcasts that may build a mode's structures (a broadcast tree) before its redundancy is measured. */
    /**
     * Messages before the measured ones: past the 16th of an origin, after which its tree moves to shorter announced
     * paths (each move costs one copy), and those moves.
     */
    private static final int WARM_UP = 30;

    /**
     * What a dissemination mode promises in a stable mesh: its most relative message redundancy.
     *
     * @param mode the strategy
     * @param maxStableRmr RMR no broadcast may exceed once the mode warmed up
     */
    record Promise(Mode mode, double maxStableRmr) {
        @Override
        public String toString() {
            return mode.label();
        }
    }

    /**
     * Every mode under test, with its promise. Flooding sends each message over every link but the one it came by:
     * RMR = Σ degree / (n − 1) − 2, at most {@code MAX − 2 + MAX / (n − 1)}. The broadcast-tree mode joins here with
     * {@code new Promise(Mode.TREE, 0.1)}: payloads go along the tree only.
     */
    static Stream<Promise> modes() {
        return Stream.of(new Promise(Mode.TREE, 0.1), new Promise(Mode.FLOOD, MAX - 2 + (double) MAX / (NODES - 1)));
    }

    private static Simulation settledMesh(Mode mode, long seed, int nodes) {
        Simulation simulation = new Simulation(SimConfig.builder().seed(seed).mode(mode).neighbors(MIN, IDEAL, MAX)
                .build());
        simulation.join(nodes, 10);
        simulation.settle(30_000); // a node or two may stay below the minimum when every other node is full
        return simulation;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void inAStableMeshEveryLiveNodeDeliversEveryMessageOnce(Promise promise) {
        Simulation simulation = settledMesh(promise.mode(), SEED, NODES);

        List<Broadcast> sent = broadcasts(simulation, 20, 100);

        assertThat(sent).allSatisfy(b -> {
            assertThat(b.missed()).as("live nodes that missed %s", b).isZero();
            assertThat(b.duplicateDeliveries()).as("second deliveries of %s", b).isZero();
        });
        assertThat(simulation.broadcasts.strayDeliveries()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void aStableMeshCarriesEachMessageWithinTheModesRedundancy(Promise promise) {
        Simulation simulation = settledMesh(promise.mode(), SEED, NODES);
        SimNode sender = simulation.randomLive();
        for (int i = 0; i < WARM_UP; i++) {
            simulation.publish(sender);
            simulation.runFor(100);
        }

        List<Broadcast> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.add(simulation.publish(sender));
            simulation.runFor(100);
        }
        simulation.runFor(2_000);

        assertThat(sent).allSatisfy(b -> {
            assertThat(b.missed()).as("live nodes that missed %s", b).isZero();
            assertThat(b.rmr()).as("relative message redundancy of %s", b).isLessThanOrEqualTo(promise.maxStableRmr());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void afterHalfTheNodesCrashAtOnceTheSurvivorsRepairAndFromTheThirdBroadcastOnReachAtLeast99Percent(
            Promise promise) {
        Simulation simulation = settledMesh(promise.mode(), SEED, NODES);
        long round = simulation.config.settings.maintenanceInterval().toMillis();

        simulation.crash(0.5);
        List<Broadcast> sent = broadcasts(simulation, 10, round); // the first at the instant of the crash

        assertThat(simulation.liveCount()).isEqualTo(NODES / 2);
        assertThat(sent.subList(2, sent.size())).allSatisfy(b ->
                assertThat(b.reliability()).as("reliability of %s", b).isGreaterThanOrEqualTo(0.99));
    }

    @Test
    void theSameSeedRunsTheSameSimulation() {
        assertThat(fingerprint(7)).isEqualTo(fingerprint(7)).isNotEqualTo(fingerprint(8));
    }

    /** Everything a run measured, as one comparable value. */
    private static List<Object> fingerprint(long seed) {
        Simulation simulation = settledMesh(Mode.FLOOD, seed, 200);
        List<Broadcast> sent = broadcasts(simulation, 5, 50);
        simulation.crash(0.3);
        sent.addAll(broadcasts(simulation, 5, 500));
        List<Object> print = new ArrayList<>();
        print.add(simulation.eventsRun());
        print.add(simulation.now());
        print.add(simulation.traffic.snapshot().controlByType());
        print.add(Overlay.of(simulation).degrees());
        for (Broadcast b : sent) {
            print.add(List.of(b.id, b.deliveries(), b.payloadFrames(), b.lastDeliveryHop(), b.lastDeliveryDelay()));
        }
        return print;
    }

    /** Broadcasts from random live nodes, {@code gap} ms apart, the first now; then lets the last one finish. */
    private static List<Broadcast> broadcasts(Simulation simulation, int count, long gap) {
        List<Broadcast> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sent.add(simulation.publish(simulation.randomLive()));
            simulation.runFor(gap);
        }
        simulation.runFor(2_000);
        return sent;
    }
}
