package dev.peermesh.stream;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spring Cloud Stream applications on real nodes over loopback, with {@code Consumer<Order>} and {@code Function}
 * beans and {@link StreamBridge}: without a group every instance gets every message; with a group of three each
 * message is handled by exactly one member; a {@code Function}'s output reaches the next destination.
 */
class StreamBinderIntegrationTest {

    record Order(String id, int quantity) {
    }

    @Test
    void withoutAGroupEveryInstanceGetsEveryMessageAndFunctionsChain() {
        try (StreamApps apps = new StreamApps("stream-anonymous")) {
            List<ConfigurableApplicationContext> all = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                all.add(apps.start(OrdersApp.class, Map.of("spring.cloud.function.definition", "take;ship;note",
                        "spring.cloud.stream.bindings.take-in-0.destination", "orders",
                        "spring.cloud.stream.bindings.ship-in-0.destination", "orders",
                        "spring.cloud.stream.bindings.ship-out-0.destination", "shipped",
                        "spring.cloud.stream.bindings.note-in-0.destination", "shipped")));
            }
            await().until(() -> all.stream().allMatch(app -> StreamApps.node(app).state().online()));

            StreamBridge bridge = all.get(0).getBean(StreamBridge.class);
            for (int i = 0; i < 10; i++) {
                assertThat(bridge.send("orders", new Order("o-" + i, i))).isTrue();
            }

            for (ConfigurableApplicationContext app : all) {
                OrdersApp orders = app.getBean(OrdersApp.class);
                await().until(() -> orders.received.size() == 10 && orders.shipped.size() == 30);
                assertThat(orders.received).extracting(Order::id)
                        .containsExactly("o-0", "o-1", "o-2", "o-3", "o-4", "o-5", "o-6", "o-7", "o-8", "o-9");
                assertThat(orders.shipped).contains("shipped o-0", "shipped o-9");
            }
        }
    }

    @Test
    void aGroupOfThreeHandlesEachMessageOnce() {
        try (StreamApps apps = new StreamApps("stream-group")) {
            List<ConfigurableApplicationContext> members = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                members.add(apps.start(OrdersApp.class, Map.of("spring.cloud.function.definition", "take",
                        "spring.cloud.stream.bindings.take-in-0.destination", "orders",
                        "spring.cloud.stream.bindings.take-in-0.group", "billing")));
            }
            await().until(() -> members.stream().allMatch(app -> StreamApps.members(app, "orders", "billing")
                    .size() == 3));

            StreamBridge bridge = members.get(0).getBean(StreamBridge.class);
            for (int i = 0; i < 1_000; i++) {
                bridge.send("orders", new Order("o-" + i, 1));
            }

            await().until(() -> total(members) == 1_000);
            Set<String> distinct = new HashSet<>();
            for (ConfigurableApplicationContext app : members) {
                List<Order> share = app.getBean(OrdersApp.class).received;
                assertThat(share).as("each member handles a share").hasSizeBetween(200, 500);
                share.forEach(order -> distinct.add(order.id()));
            }
            assertThat(distinct).hasSize(1_000);
        }
    }

    static int total(List<ConfigurableApplicationContext> apps) {
        return apps.stream().mapToInt(app -> app.getBean(OrdersApp.class).received.size()).sum();
    }

    /** An application with a consumer, a function and a second consumer; each binding is chosen by properties. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class OrdersApp {

        final List<Order> received = new CopyOnWriteArrayList<>();

        final List<String> shipped = new CopyOnWriteArrayList<>();

        @Bean
        Consumer<Order> take() {
            return received::add;
        }

        @Bean
        Function<Order, String> ship() {
            return order -> "shipped " + order.id();
        }

        @Bean
        Consumer<String> note() {
            return shipped::add;
        }
    }
}
