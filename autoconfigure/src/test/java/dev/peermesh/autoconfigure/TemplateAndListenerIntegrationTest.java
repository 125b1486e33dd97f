package dev.peermesh.autoconfigure;

import dev.peermesh.MeshMessage;
import dev.peermesh.NodeId;
import dev.peermesh.integration.MeshHeaders;
import dev.peermesh.listener.ListenerExecutionFailedException;
import dev.peermesh.listener.PeermeshListener;
import dev.peermesh.listener.PeermeshListenerErrorHandler;
import dev.peermesh.listener.PeermeshListenerRegistry;
import dev.peermesh.messaging.PeermeshTemplate;
import dev.peermesh.messaging.PublishReceipt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Headers;
import org.springframework.messaging.support.ErrorMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three Spring Boot applications on loopback using the everyday model: one publishes a typed record through
 * {@link PeermeshTemplate}, the others' {@link PeermeshListener} methods get it converted, with its headers; a
 * request is answered by a listener's return value; a send reaches only its target; a listener that throws keeps
 * nothing from the others and its failure reaches {@code errorChannel}.
 */
class TemplateAndListenerIntegrationTest {

    record Order(String id, int quantity) {
    }

    record Quote(String item, double price) {
    }

    @Test
    void typedRecordsRequestsAndSendsTravelBetweenTemplatesAndListeners() throws Exception {
        try (MeshApplications apps = new MeshApplications()) {
            ConfigurableApplicationContext first = apps.start(properties(null), Listeners.class);
            String seed = MeshApplications.node(first).address().toString();
            ConfigurableApplicationContext second = apps.start(properties(seed), Listeners.class);
            ConfigurableApplicationContext third = apps.start(properties(seed), Listeners.class);
            List<ConfigurableApplicationContext> others = List.of(second, third);
            await().until(() -> others.stream().allMatch(app -> MeshApplications.node(app).state().online())
                    && MeshApplications.node(first).state().online());
            PeermeshTemplate template = first.getBean(PeermeshTemplate.class);
            String firstId = NodeId.format(MeshApplications.node(first).nodeId());

            PublishReceipt receipt = template.publish("orders.placed", new Order("o-1", 2), Map.of("region", "eu"));
            assertThat(receipt.reachedNeighbors()).isTrue();
            assertThat(receipt.id().origin()).isEqualTo(MeshApplications.node(first).nodeId());

            for (ConfigurableApplicationContext app : others) {
                Listeners listeners = app.getBean(Listeners.class);
                await().until(() -> listeners.orders.size() == 1 && listeners.typed.size() == 1
                        && errors(app).size() == 1);
                assertThat(listeners.orders).containsExactly(new Order("o-1", 2));
                assertThat(listeners.origins).containsExactly(firstId);
                Message<Order> typed = listeners.typed.get(0);
                assertThat(typed.getPayload()).isEqualTo(new Order("o-1", 2));
                assertThat(typed.getHeaders()).containsEntry("region", "eu")
                        .containsEntry(MeshHeaders.TOPIC, "orders.placed");
                assertThat(listeners.headerMaps).singleElement()
                        .satisfies(headers -> assertThat(headers).containsKey(MeshHeaders.MESSAGE_ID));
                assertThat(listeners.meshMessages).singleElement()
                        .satisfies(message -> assertThat(message.id()).isEqualTo(receipt.id()));
                // the throwing listener's failure went to errorChannel, with the listener and the cause
                Throwable failure = errors(app).get(0).getPayload();
                assertThat(failure).isInstanceOf(ListenerExecutionFailedException.class)
                        .hasRootCauseInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("o-1");
                assertThat(((ListenerExecutionFailedException) failure).getListenerId()).isEqualTo("failing");
                assertThat(app.getBean(PeermeshListenerRegistry.class).getListenerContainer("failing")
                        .getFailedCount()).isEqualTo(1);
            }
            // its own node's listeners skip what it publishes (includeOwn is off)
            assertThat(first.getBean(Listeners.class).orders).isEmpty();

            Quote quote = template.request("quotes", "widget", Quote.class, Duration.ofSeconds(5))
                    .get(10, TimeUnit.SECONDS);
            assertThat(quote).isEqualTo(new Quote("widget", 9.5));
            // a listener that fails on a request: its error handler's answer is the reply
            assertThat(template.request("price", "gadget", String.class, Duration.ofSeconds(5))
                    .get(10, TimeUnit.SECONDS)).isEqualTo("no price for gadget: price list missing");

            long thirdId = MeshApplications.node(third).nodeId();
            template.send(thirdId, "orders.direct", new Order("o-2", 1)).get(30, TimeUnit.SECONDS);
            await().until(() -> third.getBean(Listeners.class).orders.size() == 2);
            assertThat(third.getBean(Listeners.class).orders).last().isEqualTo(new Order("o-2", 1));
            // a later broadcast arrives after the send would have, in the same publisher's order: the send went to
            // the third node only
            template.publish("orders.placed", new Order("o-3", 1));
            await().until(() -> second.getBean(Listeners.class).orders.size() == 2);
            assertThat(second.getBean(Listeners.class).orders).extracting(Order::id).containsExactly("o-1", "o-3");
        }
    }

    @Test
    void aPublishFromANodeStillAloneWaitsForItsFirstNeighborAndReachesIt() throws Exception {
        try (MeshApplications apps = new MeshApplications()) {
            Map<String, Object> waiting = properties(null);
            waiting.put("peermesh.publish-timeout", "60s");
            ConfigurableApplicationContext first = apps.start(waiting, Listeners.class);
            PeermeshTemplate template = first.getBean(PeermeshTemplate.class);
            CompletableFuture<PublishReceipt> publish = CompletableFuture.supplyAsync(
                    () -> template.publish("orders.placed", new Order("o-early", 1)));
            assertThat(publish).isNotDone();

            ConfigurableApplicationContext second = apps.start(
                    properties(MeshApplications.node(first).address().toString()), Listeners.class);

            assertThat(publish.get(30, TimeUnit.SECONDS).neighbors()).isPositive();
            await().until(() -> second.getBean(Listeners.class).orders.size() == 1);
            assertThat(second.getBean(Listeners.class).orders).containsExactly(new Order("o-early", 1));
        }
    }

    private static List<ErrorMessage> errors(ConfigurableApplicationContext app) {
        return app.getBean(Errors.class).messages;
    }

    static Map<String, Object> properties(String seed) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "peermesh.mesh-id", "listeners",
                "peermesh.password", "Listener-Mesh-Pass-1",
                "spring.main.web-application-type", "none"));
        if (seed != null) {
            properties.put("peermesh.resolver.static.seeds", seed);
        }
        return properties;
    }

    /** Listener methods of every kind the annotation takes. */
    @Configuration(proxyBeanMethods = false)
    static class Listeners {

        final List<Order> orders = new CopyOnWriteArrayList<>();

        final List<String> origins = new CopyOnWriteArrayList<>();

        final List<Message<Order>> typed = new CopyOnWriteArrayList<>();

        final List<MeshMessage> meshMessages = new CopyOnWriteArrayList<>();

        final List<Map<String, Object>> headerMaps = new CopyOnWriteArrayList<>();

        @PeermeshListener(topics = "orders.*")
        void order(Order order, @Header(MeshHeaders.ORIGIN) String origin) {
            orders.add(order);
            origins.add(origin);
        }

        @PeermeshListener(topics = "orders.placed", id = "failing")
        void failing(Order order) {
            throw new IllegalStateException("cannot take order " + order.id());
        }

        @PeermeshListener(topics = "orders.placed", id = "typed")
        void typed(Message<Order> message, @Headers Map<String, Object> headers, MeshMessage meshMessage) {
            headerMaps.add(headers);
            typed.add(message);
            meshMessages.add(meshMessage);
        }

        @PeermeshListener("quotes")
        Quote quote(String item) {
            return new Quote(item, 9.5);
        }

        @PeermeshListener(topics = "price", errorHandler = "priceErrors")
        String price(String item) {
            throw new IllegalStateException("price list missing");
        }

        @Bean
        PeermeshListenerErrorHandler priceErrors() {
            return (message, ex) -> "no price for " + new String((byte[]) message.getPayload(), StandardCharsets.UTF_8)
                    + ": " + ex.getCause().getMessage();
        }

        @Bean
        Errors errors() {
            return new Errors();
        }

        @Bean
        IntegrationFlow recordErrors(Errors errors) {
            return IntegrationFlow.from("errorChannel")
                    .handle((MessageHandler) message -> errors.messages.add((ErrorMessage) message)).get();
        }
    }

    /** What reached the application's {@code errorChannel}. */
    static final class Errors {

        final List<ErrorMessage> messages = new CopyOnWriteArrayList<>();
    }
}
