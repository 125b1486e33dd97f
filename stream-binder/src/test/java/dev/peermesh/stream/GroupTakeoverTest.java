package dev.peermesh.stream;

import dev.peermesh.stream.StreamBinderIntegrationTest.Order;
import dev.peermesh.stream.StreamBinderIntegrationTest.OrdersApp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A member of a group of three dies mid-stream (its node aborts, as in a crash): the others take over its share.
 * At-least-once: no message is missed, and only messages the dead member handled just before it died are handled
 * twice. At-most-once: no message is handled twice, and what nobody handled is counted as skipped.
 */
class GroupTakeoverTest {

    private static final int MESSAGES = 1_000;

    private static final int KILL_AT = 300;

    @Test
    void atLeastOnceTheSurvivorsTakeOverWithoutMissingAMessage() {
        try (StreamApps apps = new StreamApps("stream-takeover")) {
            List<ConfigurableApplicationContext> members = startGroup(apps, "at-least-once");
            publishAndKill(members);

            await().atMost(Duration.ofSeconds(30)).until(() -> distinct(members).size() == MESSAGES);
            int handled = StreamBinderIntegrationTest.total(members);
            int duplicates = handled - MESSAGES;
            int handledByDead = members.get(2).getBean(OrdersApp.class).received.size();
            long takenOver = StreamApps.binder(members.get(0)).getGroups().takenOver()
                    + StreamApps.binder(members.get(1)).getGroups().takenOver();
            System.out.printf("at-least-once: %d handled, %d duplicates, dead member handled %d, taken over %d%n",
                    handled, duplicates, handledByDead, takenOver);
            assertThat(takenOver).isPositive();
            assertThat(duplicates).isBetween(0, handledByDead);
        }
    }

    @Test
    void atMostOnceNothingIsHandledTwiceAndWhatNobodyHandledIsCounted() {
        try (StreamApps apps = new StreamApps("stream-at-most-once")) {
            List<ConfigurableApplicationContext> members = startGroup(apps, "at-most-once");
            publishAndKill(members);

            await().atMost(Duration.ofSeconds(30)).until(() -> distinct(members).size() + skipped(members)
                    >= MESSAGES);
            // and it stays so: no late takeover handles a message twice
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                    StreamBinderIntegrationTest.total(members) == distinct(members).size());
            assertThat(skipped(members)).isPositive();
            assertThat(StreamApps.binder(members.get(0)).getGroups().takenOver()).isZero();
        }
    }

    @Test
    void aMemberThatStopsGracefullyNamesWhatItHandledSoNothingIsMissedOrRepeated() {
        try (StreamApps apps = new StreamApps("stream-leave")) {
            List<ConfigurableApplicationContext> members = startGroup(apps, "at-least-once");
            List<List<Order>> received = members.stream().map(app -> app.getBean(OrdersApp.class).received).toList();
            StreamBridge bridge = members.get(0).getBean(StreamBridge.class);
            for (int i = 0; i < MESSAGES; i++) {
                if (i == KILL_AT) {
                    members.get(2).close(); // its binding stops and says so, then its node leaves
                }
                bridge.send("orders", new Order("o-" + i, 1));
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> received.stream().flatMap(List::stream)
                    .map(Order::id).distinct().count() == MESSAGES);
            assertThat(received.stream().mapToInt(List::size).sum()).as("none handled twice").isEqualTo(MESSAGES);
            assertThat(received.get(2)).isNotEmpty();
        }
    }

    private static List<ConfigurableApplicationContext> startGroup(StreamApps apps, String guarantee) {
        List<ConfigurableApplicationContext> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            members.add(apps.start(OrdersApp.class, Map.of("spring.cloud.function.definition", "take",
                    "spring.cloud.stream.bindings.take-in-0.destination", "orders",
                    "spring.cloud.stream.bindings.take-in-0.group", "billing",
                    "spring.cloud.stream.peermesh.bindings.take-in-0.consumer.delivery-guarantee", guarantee)));
        }
        await().until(() -> members.stream().allMatch(app -> StreamApps.members(app, "orders", "billing")
                .size() == 3));
        return members;
    }

    /** About 500 messages a second from the first member; the third member's node aborts after 300. */
    private static void publishAndKill(List<ConfigurableApplicationContext> members) {
        StreamBridge bridge = members.get(0).getBean(StreamBridge.class);
        for (int i = 0; i < MESSAGES; i++) {
            if (i == KILL_AT) {
                StreamApps.node(members.get(2)).abort();
            }
            bridge.send("orders", new Order("o-" + i, 1));
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // pacing the publisher, not waiting for a result
        }
    }

    private static Set<String> distinct(List<ConfigurableApplicationContext> members) {
        Set<String> ids = new HashSet<>();
        members.forEach(app -> app.getBean(OrdersApp.class).received.forEach(order -> ids.add(order.id())));
        return ids;
    }

    private static long skipped(List<ConfigurableApplicationContext> members) {
        return StreamApps.binder(members.get(0)).getGroups().skipped()
                + StreamApps.binder(members.get(1)).getGroups().skipped();
    }
}
