package dev.peermesh.listener;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A listener's lanes: each publisher's messages run in order on one thread, different publishers' on several, a
 * full lane makes the deliverer wait rather than drop, and closing lets queued calls finish.
 */
class ListenerLanesTest {

    @Test
    void eachOriginRunsInOrderOnOneLaneAndOriginsSpreadOverLanes() {
        ListenerLanes lanes = new ListenerLanes("orders", 4, 2);
        Map<Long, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<Long, Set<String>> threads = new ConcurrentHashMap<>();
        try {
            for (int i = 0; i < 200; i++) {
                for (long origin = 1; origin <= 16; origin++) {
                    long from = origin;
                    int number = i;
                    lanes.run(from, () -> {
                        seen.computeIfAbsent(from, key -> new CopyOnWriteArrayList<>()).add(number);
                        threads.computeIfAbsent(from, key -> ConcurrentHashMap.newKeySet())
                                .add(Thread.currentThread().getName());
                    });
                }
            }
        }
        finally {
            lanes.close(5_000);
        }
        assertThat(seen).hasSize(16).allSatisfy((origin, numbers) ->
                assertThat(numbers).isEqualTo(java.util.stream.IntStream.range(0, 200).boxed().toList()));
        assertThat(threads.values()).allSatisfy(names -> assertThat(names).hasSize(1));
        assertThat(threads.values().stream().flatMap(Set::stream).distinct().count()).isGreaterThan(1);
    }

    @Test
    void oneLaneRunsOnTheDeliveringThread() {
        ListenerLanes lanes = new ListenerLanes("inline", 1, 1);
        List<String> names = new CopyOnWriteArrayList<>();
        lanes.run(7, () -> names.add(Thread.currentThread().getName()));
        lanes.close(1_000);
        assertThat(names).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void closingLetsQueuedCallsFinish() {
        ListenerLanes lanes = new ListenerLanes("closing", 2, 100);
        List<Integer> done = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 50; i++) {
            int number = i;
            lanes.run(3, () -> done.add(number));
        }
        lanes.close(5_000);
        await().until(() -> done.size() == 50);
        assertThat(done).isSorted();
    }
}
