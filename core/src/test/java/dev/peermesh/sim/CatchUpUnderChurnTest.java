package dev.peermesh.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peermesh.CatchUpSettings;
import dev.peermesh.DeliveryOrder;
import dev.peermesh.MessageId;
import dev.peermesh.protocol.MeshEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Late-joiner catch-up at a thousand nodes of the real protocol under churn: each round ten nodes crash and ten new
 * ones join with catch-up on, while five publishers send ten messages each. Every joiner that lives to the end
 * delivers every message published before it started (all within the bound: a minute, 10,000 messages), replayed,
 * and every later one, each exactly once — with {@link DeliveryOrder#FIFO} each origin's in sequence, the replayed
 * ones before the live ones.
 */
class CatchUpUnderChurnTest {

    private static final int NODES = 1_000;
    private static final int PUBLISHERS = 5;
    private static final int ROUNDS = 10;
    private static final int CHURN = 10;
    private static final int PER_ROUND = 10;

    @ParameterizedTest(name = "{0}")
    @EnumSource(DeliveryOrder.class)
    void everyJoinerDeliversWhatWasPublishedBeforeItReplayedThenTheRestLiveEachOnce(DeliveryOrder order) {
        Simulation simulation = new Simulation(SimConfig.builder().seed(2026_12_06).mode(Mode.TREE)
                .settings(SimConfig.settings().ordering(order)
                        .catchUp(CatchUpSettings.enabled(List.of(CatchUpSettings.Topics.ALL))))
                .neighbors(4, 5, 5).build());
        simulation.join(NODES, 10);
        simulation.settle(30_000);
        List<SimNode> publishers = new ArrayList<>(simulation.liveNodes().subList(0, PUBLISHERS));
        for (SimNode publisher : publishers) {
            simulation.publish(publisher); // so every joiner has something to catch up on
        }
        simulation.runFor(1_000);

        Map<Integer, Map<MessageId, Boolean>> delivered = new HashMap<>(); // id -> replayed
        Map<Integer, Map<Long, Long>> last = new HashMap<>();
        Map<Integer, Set<MessageId>> lost = new HashMap<>();
        long[] duplicates = {0};
        long[] inversions = {0};
        simulation.onDelivery((node, message) -> {
            if (message.hops() == 0) {
                return;
            }
            if (delivered.computeIfAbsent(node.index, i -> new HashMap<>())
                    .put(message.id(), message.isReplayed()) != null) {
                duplicates[0]++;
            }
            Long previous = last.computeIfAbsent(node.index, i -> new HashMap<>())
                    .put(message.id().origin(), message.id().sequence());
            if (previous != null && message.id().sequence() <= previous) {
                inversions[0]++;
            }
        });
        simulation.onEvent((node, event) -> {
            if (event instanceof MeshEvent.MessageLost gone) {
                lost.computeIfAbsent(node.index, i -> new HashSet<>()).add(gone.id());
            }
        });

        Map<SimNode, long[]> joiners = new HashMap<>(); // joiner -> each publisher's last number when it started
        new ChurnRounds(simulation, publishers, CHURN, PER_ROUND, 10).run(ROUNDS, joiners::remove,
                joiner -> joiners.put(joiner, publishers.stream().mapToLong(p -> p.sequence).toArray()));
        simulation.runFor(30_000);

        List<String> missing = new ArrayList<>();
        List<String> notReplayed = new ArrayList<>();
        long replayed = 0;
        for (Map.Entry<SimNode, long[]> joiner : joiners.entrySet()) {
            Map<MessageId, Boolean> got = delivered.getOrDefault(joiner.getKey().index, Map.of());
            for (int p = 0; p < PUBLISHERS; p++) {
                SimNode publisher = publishers.get(p);
                for (long sequence = 1; sequence <= publisher.sequence; sequence++) {
                    MessageId id = new MessageId(publisher.id, sequence);
                    Boolean wasReplayed = got.get(id);
                    if (wasReplayed == null) {
                        missing.add(joiner.getKey().index + ":" + id + (lost.getOrDefault(joiner.getKey().index,
                                Set.of()).contains(id) ? " (reported lost)" : ""));
                    }
                    else if (sequence <= joiner.getValue()[p] && !wasReplayed) {
                        notReplayed.add(joiner.getKey().index + ":" + id);
                    }
                    replayed += Boolean.TRUE.equals(wasReplayed) ? 1 : 0;
                }
            }
        }
        System.out.printf("%s: %d joiners lived to the end, %,d replayed deliveries, %d missing%n",
                order.name().toLowerCase(), joiners.size(), replayed, missing.size());

        assertThat(joiners).hasSizeGreaterThan(ROUNDS * CHURN / 2);
        assertThat(missing).as("numbers a joiner never delivered").isEmpty();
        assertThat(duplicates[0]).isZero();
        assertThat(notReplayed).as("numbers published before a joiner started but delivered as live").isEmpty();
        assertThat(replayed).isGreaterThan((long) joiners.size() * PUBLISHERS);
        if (order == DeliveryOrder.FIFO) {
            assertThat(inversions[0]).isZero();
        }
    }
}
