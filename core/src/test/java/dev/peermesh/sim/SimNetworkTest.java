package dev.peermesh.sim;

import dev.peermesh.PeerAddress;
import dev.peermesh.protocol.MeshEvent;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.Reason;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulated network keeps TCP's promises to the real protocol: frames in order per link, a close after the
 * frames sent before it, a crash noticed by the peers a latency later, a dial to nowhere refused, and no loss unless
 * a test asks for it.
 */
class SimNetworkTest {

    /** Two nodes that take each other as their only neighbor. */
    private static Simulation pair(SimConfig.Builder config) {
        Simulation simulation = new Simulation(config.neighbors(1, 1, 1).build());
        simulation.join(2, 10);
        assertThat(simulation.settle(10_000)).as("ms for the pair to link").isNotNegative();
        return simulation;
    }

    @Test
    void framesOnOneLinkArriveInTheOrderTheyWereSentThoughEachDrawsItsOwnLatency() {
        Simulation simulation = pair(SimConfig.builder().latency(1, 50));
        SimNode sender = simulation.node(0);
        List<Long> received = new ArrayList<>();
        simulation.onDelivery((node, message) -> {
            if (node != sender) {
                received.add(message.id().sequence());
            }
        });

        for (int i = 0; i < 100; i++) {
            simulation.publish(sender);
        }
        simulation.runFor(1_000);

        assertThat(received).hasSize(100).isSorted();
    }

    @Test
    void aLeavingNodesNeighborReadsTheGoodbyeBeforeTheLinkCloses() {
        Simulation simulation = pair(SimConfig.builder().latency(1, 50));
        SimNode stayer = simulation.node(1);
        List<Reason> reasons = new ArrayList<>();
        simulation.onEvent((node, event) -> {
            if (node == stayer && event instanceof MeshEvent.NeighborDown down) {
                reasons.add(down.reason());
            }
        });

        simulation.leave(simulation.node(0));
        simulation.runFor(1_000);

        assertThat(reasons).containsExactly(Reason.LEAVING);
    }

    @Test
    void aCrashedNodesNeighborLosesTheLinkWithinOneLatencyAndHearsNothingMore() {
        Simulation simulation = pair(SimConfig.builder().latency(3, 7));
        List<Long> downAt = new ArrayList<>();
        simulation.onEvent((node, event) -> {
            if (event instanceof MeshEvent.NeighborDown) {
                downAt.add(simulation.now());
            }
        });
        long crashedAt = simulation.now();

        simulation.crash(simulation.node(0));
        simulation.runFor(1_000);

        assertThat(downAt).singleElement().satisfies(at -> assertThat(at - crashedAt).isBetween(3L, 7L));
        assertThat(simulation.node(1).neighbors).isZero();
    }

    @Test
    void aDialToAnAddressWhereNoNodeRunsIsRefused() {
        PeerAddress nowhere = new PeerAddress("10.255.255.254", 7400);
        Simulation simulation = new Simulation(SimConfig.builder()
                .contacts((sim, caller, max) -> List.of(nowhere)).build());

        SimNode lonely = simulation.startNode();
        simulation.runFor(100);

        assertThat(simulation.network.dialsFailed()).isPositive();
        assertThat(lonely.neighbors).isZero();
    }

    @Test
    void onlyFramesATestMarksLossyAreLostAndAtAboutTheConfiguredRate() {
        Simulation simulation = pair(SimConfig.builder().loss(0.3, frame -> frame instanceof Frame.Data));
        SimNode sender = simulation.node(0);
        List<Broadcast> sent = new ArrayList<>();

        for (int i = 0; i < 1_000; i++) {
            sent.add(simulation.publish(sender));
        }
        simulation.runFor(60_000); // keepalives keep flowing: PING and PONG are never lost

        long delivered = sent.stream().filter(b -> b.deliveredBy(simulation.node(1))).count();
        assertThat(delivered).isBetween(640L, 760L);
        assertThat(simulation.network.framesLost()).isEqualTo(1_000 - delivered);
        assertThat(simulation.node(1).neighbors).isEqualTo(1);
    }
}
