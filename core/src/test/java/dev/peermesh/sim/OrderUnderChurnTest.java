package dev.peermesh.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peermesh.DeliveryOrder;
import dev.peermesh.MessageId;
import dev.peermesh.protocol.MeshEvent;
import dev.peermesh.wire.Frame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Per-origin order at a thousand nodes of the real protocol under churn and frame loss: each round ten nodes crash,
 * ten join, five publishers send a burst of ten messages 1 ms apart, and one DATA frame in fifty is dropped (the
 * gaps are repaired by pulls, or by another link's copy when flooding, after later messages arrived). With
 * {@link DeliveryOrder#FIFO} no node delivers an origin's messages out of order, and every node that lived through
 * the run delivered or was told it lost every number of every publisher, and no message that arrived is withheld
 * for coming late (a node's first messages of an origin wait for the lower numbers still on their way); with
 * {@link DeliveryOrder#NONE} the same run delivers out of order, which shows the run does reorder.
 */
class OrderUnderChurnTest {

    private static final int NODES = 1_000;
    private static final int PUBLISHERS = 5;
    private static final int ROUNDS = 10;
    private static final int CHURN = 10;
    private static final int PER_ROUND = 10;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Mode.class, names = {"TREE", "FLOOD"})
    void noNodeDeliversAnOriginsMessagesOutOfOrderAndNoneGoesMissingUnreported(Mode mode) {
        Run run = run(mode, DeliveryOrder.FIFO);
        System.out.printf("%s, fifo: %,d deliveries, %,d losses reported%n", mode.label(), run.delivered, run.lost);

        assertThat(run.inversions).as("deliveries below an earlier one of the same origin").isZero();
        assertThat(run.duplicates).isZero();
        assertThat(run.unaccounted).as("numbers neither delivered nor reported lost at a node live throughout")
                .isEmpty();
        assertThat(run.late).as("messages withheld because they came after a later one, joiners' first included")
                .isZero();
        assertThat(run.delivered).as("deliveries").isGreaterThan((long) (NODES - 2 * CHURN) * PUBLISHERS * 50);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Mode.class, names = {"TREE", "FLOOD"})
    void withoutOrderingTheSameRunDeliversOutOfOrder(Mode mode) {
        Run run = run(mode, DeliveryOrder.NONE);
        System.out.printf("%s, none: %,d deliveries, %,d out of order, %,d losses reported%n", mode.label(),
                run.delivered, run.inversions, run.lost);
        assertThat(run.inversions).isPositive();
    }

    private static Run run(Mode mode, DeliveryOrder order) {
        Simulation simulation = new Simulation(SimConfig.builder().seed(2026_12_05).mode(mode)
                .settings(SimConfig.settings().ordering(order)).neighbors(4, 5, 5)
                .loss(0.02, frame -> frame instanceof Frame.Data).build());
        simulation.join(NODES, 10);
        simulation.settle(30_000);
        Run run = new Run();
        Map<Integer, Map<Long, Long>> lastDelivered = new HashMap<>();
        Map<Integer, Set<MessageId>> accounted = new HashMap<>();
        simulation.onDelivery((node, message) -> {
            if (message.hops() == 0) {
                return;
            }
            run.delivered++;
            Map<Long, Long> last = lastDelivered.computeIfAbsent(node.index, i -> new HashMap<>());
            Long previous = last.put(message.id().origin(), message.id().sequence());
            if (previous != null && message.id().sequence() <= previous) {
                run.inversions++;
            }
            if (!accounted.computeIfAbsent(node.index, i -> new HashSet<>()).add(message.id())) {
                run.duplicates++;
            }
        });
        simulation.onEvent((node, event) -> {
            if (event instanceof MeshEvent.MessageLost lost) {
                run.lost++;
                run.late += lost.reason().startsWith("it arrived after a later message") ? 1 : 0;
                accounted.computeIfAbsent(node.index, i -> new HashSet<>()).add(lost.id());
            }
        });

        List<SimNode> publishers = new ArrayList<>(simulation.liveNodes().subList(0, PUBLISHERS));
        List<SimNode> throughout = new ArrayList<>(simulation.liveNodes());
        // bursts 1 ms apart: paths a few ms apart overtake each other
        new ChurnRounds(simulation, publishers, CHURN, PER_ROUND, 1).run(ROUNDS, throughout::remove, joined -> { });
        simulation.runFor(30_000); // repairs end and every gap is closed or reported
        for (SimNode node : throughout) {
            if (publishers.contains(node)) {
                continue;
            }
            Set<MessageId> told = accounted.getOrDefault(node.index, Set.of());
            for (SimNode publisher : publishers) {
                for (long sequence = 1; sequence <= publisher.sequence; sequence++) {
                    if (!told.contains(new MessageId(publisher.id, sequence))) {
                        run.unaccounted.add(node.index + ":" + new MessageId(publisher.id, sequence));
                    }
                }
            }
        }
        return run;
    }

    /** What a run counted. */
    private static final class Run {
        long delivered;
        long inversions;
        long duplicates;
        long lost;
        long late;
        final List<String> unaccounted = new ArrayList<>();
    }
}
