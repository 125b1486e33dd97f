package dev.peermesh.autoconfigure;

import dev.peermesh.MeshNode;
import dev.peermesh.MeshSettings;
import dev.peermesh.integration.MeshHeaders;
import dev.peermesh.listener.PeermeshListener;
import dev.peermesh.messaging.PeermeshTemplate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.SubscribableChannel;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's "Getting started" code, run as written: two services, one ships an order through the template, the
 * other's listener hears it and answers a stock request; the Spring Integration path (the advanced one) delivers
 * too; and a plain-Java node publishing as the README's core example does is heard by a Spring flow.
 */
class GettingStartedTest {

    private static final Map<String, Object> COMMON = Map.of("spring.main.web-application-type", "none",
            "peermesh.mesh-id", "orders-mesh", "peermesh.password", "Str0ng-Mesh-Pass",
            "peermesh.bind-address", "127.0.0.1", "peermesh.maintenance-interval", "250ms");

    @Test
    void readmeTemplateAndListenerShipAnOrderAndAnswerAStockRequest() throws Exception {
        try (ConfigurableApplicationContext first = new SpringApplicationBuilder(ShopService.class)
                .properties(COMMON).run();
                ConfigurableApplicationContext second = new SpringApplicationBuilder(ShopService.class)
                        .properties(COMMON)
                        .properties("peermesh.resolver.static.seeds=" + first.getBean(MeshNode.class).address())
                        .run()) {
            await().until(() -> second.getBean(MeshNode.class).state().online());

            Shipping shipping = second.getBean(Shipping.class);
            shipping.ship(new Order("42", 1));
            shipping.ship(new Order("43", 2));

            List<Order> heard = first.getBean(Shipping.class).shipped;
            await().until(() -> heard.size() == 2);
            assertThat(heard).containsExactly(new Order("42", 1), new Order("43", 2));
            assertThat(shipping.shipped).isEmpty(); // a listener skips its own node's messages
            assertThat(shipping.stockOf("widget").get(5, TimeUnit.SECONDS)).isEqualTo(7);
        }
    }

    @Test
    void readmeIntegrationFlowExampleDeliversAShippedOrderToTheOtherService() {
        try (ConfigurableApplicationContext first = new SpringApplicationBuilder(OrdersService.class)
                .properties(COMMON).run();
                ConfigurableApplicationContext second = new SpringApplicationBuilder(OrdersService.class)
                        .properties(COMMON)
                        .properties("peermesh.resolver.static.seeds=" + first.getBean(MeshNode.class).address())
                        .run()) {
            await().until(() -> second.getBean(MeshNode.class).state().online());

            OrdersService service = second.getBean(OrdersService.class);
            service.ship(second.getBean("peermeshOutbound", MessageChannel.class), "order 42");
            service.ship(second.getBean("peermeshOutbound", MessageChannel.class), "order 43");

            List<String> heard = first.getBean(OrdersService.class).shipped;
            await().until(() -> heard.size() == 2);
            assertThat(heard).containsExactly("order 42", "order 43");
        }
    }

    @Test
    void readmeCoreExampleIsHeardByTheSpringServiceAsText() {
        MeshSettings settings = MeshSettings.builder("orders-mesh")
                .password("Str0ng-Mesh-Pass")
                .bindAddress("127.0.0.1")
                .maintenanceInterval(Duration.ofMillis(250))
                .build();
        try (MeshNode node = MeshNode.builder(settings).build().start();
                ConfigurableApplicationContext service = new SpringApplicationBuilder(OrdersService.class)
                        .properties("spring.main.web-application-type=none", "peermesh.mesh-id=orders-mesh",
                                "peermesh.password=Str0ng-Mesh-Pass", "peermesh.bind-address=127.0.0.1",
                                "peermesh.maintenance-interval=250ms",
                                "peermesh.resolver.static.seeds=" + node.address())
                        .run()) {
            await().until(() -> node.state().online());

            node.publish("orders.shipped", "order 42", Map.of("warehouse", "eu-1"));

            List<String> heard = service.getBean(OrdersService.class).shipped;
            await().until(() -> heard.size() == 1);
            assertThat(heard).containsExactly("order 42");
        }
    }

    /** The README's order record. */
    record Order(String id, int quantity) {
    }

    /** The README's service: ships through the template, hears shipments and stock requests with listeners. */
    static class Shipping {

        final List<Order> shipped = new CopyOnWriteArrayList<>();

        private final PeermeshTemplate mesh;

        Shipping(PeermeshTemplate mesh) {
            this.mesh = mesh;
        }

        void ship(Order order) {
            mesh.publish("orders.shipped", order);
        }

        CompletableFuture<Integer> stockOf(String item) {
            return mesh.request("stock", item, Integer.class, Duration.ofSeconds(2));
        }

        @PeermeshListener(topics = "orders.*")
        void onShipped(Order order) {
            shipped.add(order);
        }

        @PeermeshListener("stock")
        int stock(String item) {
            return 7;
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Shipping.class)
    static class ShopService {
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class OrdersService {

        final List<String> shipped = new CopyOnWriteArrayList<>();

        @Bean
        IntegrationFlow onShipped(@Qualifier("peermeshInbound") SubscribableChannel inbound) {
            return IntegrationFlow.from(inbound)
                    .filter("headers.peermesh_topic == 'orders.shipped'")
                    .handle(message -> shipped.add((String) message.getPayload()))
                    .get();
        }

        void ship(MessageChannel peermeshOutbound, String order) {
            peermeshOutbound.send(MessageBuilder.withPayload(order).setHeader(MeshHeaders.TOPIC, "orders.shipped")
                    .build());
        }
    }
}
