package dev.peermesh.autoconfigure;

import dev.peermesh.MeshMessage;
import dev.peermesh.MeshNode;
import dev.peermesh.MeshSettings;
import dev.peermesh.actuate.MeterNames;
import dev.peermesh.integration.MeshHeaders;
import dev.peermesh.integration.inbound.SubscriberFailures;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.SubscribableChannel;
import org.springframework.messaging.support.ErrorMessage;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A plain-Java publisher and a Spring application in one mesh: application headers Spring keeps for itself
 * ({@code priority}, {@code correlationId}) break no flow, a failing flow keeps no message from the others and its
 * failure reaches the application's {@code errorChannel}, and published text arrives as a {@code String}.
 */
class CorePublisherSpringSubscriberTest {

    private static final int MESSAGES = 20;

    @Test
    void failingFirstFlowKeepsNoMessageFromTheSecondAndItsFailuresReachTheErrorChannel() {
        try (MeshNode publisher = corePublisher(); ConfigurableApplicationContext app = springApp(publisher)) {
            IntStream.rangeClosed(1, MESSAGES).forEach(i -> publisher.publish("orders.shipped", "order " + i,
                    Map.of("priority", "high", "correlationId", "c-" + i)));

            Flows flows = app.getBean(Flows.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> flows.second.size() == MESSAGES);
            assertThat(flows.second).extracting(message -> (Object) message.getPayload())
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, MESSAGES).mapToObj(i -> "ORDER " + i).toList());
            assertThat(flows.second.get(0).getHeaders())
                    .containsEntry(MeshHeaders.PREFIX + "priority", "high")
                    .containsEntry(MeshHeaders.PREFIX + "correlationId", "c-1")
                    .doesNotContainKeys("priority", "correlationId");

            await().atMost(Duration.ofSeconds(10)).until(() -> flows.errors.size() == MESSAGES);
            assertThat(flows.errors).allSatisfy(error -> {
                assertThat(error.getPayload()).isInstanceOf(MessagingException.class)
                        .hasRootCauseMessage("first flow fails");
                Message<?> failed = ((MessagingException) error.getPayload()).getFailedMessage();
                assertThat(failed.getHeaders()).containsEntry(MeshHeaders.TOPIC, "orders.shipped");
            });
            assertThat(app.getBean(SubscriberFailures.class).getFailedCount()).isEqualTo(MESSAGES);
            assertThat(app.getBean(MeterRegistry.class).get(MeterNames.INBOUND_FAILURES)
                    .tags(MeterNames.TAG_MESH, "orders-mesh", MeterNames.TAG_REASON, "flow").functionCounter().count())
                    .isEqualTo(MESSAGES);
            assertThat(app.getBean(MeterRegistry.class).get(MeterNames.INBOUND_FAILURES)
                    .tags(MeterNames.TAG_REASON, "conversion").functionCounter().count()).isZero();
        }
    }

    @Test
    void headersSpringReservesSurviveARoundTripThroughASpringFlow() {
        try (MeshNode publisher = corePublisher(); ConfigurableApplicationContext app = springApp(publisher)) {
            List<MeshMessage> echoed = new CopyOnWriteArrayList<>();
            publisher.subscribe("orders.echoed", echoed::add);

            publisher.publish("orders.echo", "order 7", Map.of("priority", "high", "sequenceNumber", "x"));

            await().atMost(Duration.ofSeconds(10)).until(() -> echoed.size() == 1);
            assertThat(echoed.get(0).text()).isEqualTo("order 7");
            assertThat(echoed.get(0).headers()).containsEntry("priority", "high").containsEntry("sequenceNumber", "x")
                    .containsEntry(MeshMessage.CONTENT_TYPE_HEADER, MeshMessage.TEXT_CONTENT_TYPE);
        }
    }

    @Test
    void springsOwnPriorityStaysInTheApplicationAndPeermeshPrefixedOneTravelsAsTheHeader() {
        try (MeshNode publisher = corePublisher(); ConfigurableApplicationContext app = springApp(publisher)) {
            List<MeshMessage> heard = new CopyOnWriteArrayList<>();
            publisher.subscribe("orders.spring", heard::add);

            app.getBean("peermeshOutbound", MessageChannel.class).send(MessageBuilder.withPayload("order 8")
                    .setHeader(MeshHeaders.TOPIC, "orders.spring")
                    .setHeader("priority", 9)
                    .setHeader("correlationId", "spring-internal")
                    .setHeader(MeshHeaders.PREFIX + "correlationId", "c-8")
                    .build());

            await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 1);
            assertThat(heard.get(0).headers()).containsEntry("correlationId", "c-8").doesNotContainKey("priority")
                    .doesNotContainKey(MeshHeaders.PREFIX + "correlationId");
        }
    }

    private static MeshNode corePublisher() {
        return MeshNode.builder(MeshSettings.builder("orders-mesh").password("Str0ng-Mesh-Pass")
                .bindAddress("127.0.0.1").maintenanceInterval(Duration.ofMillis(250)).build()).build().start();
    }

    private static ConfigurableApplicationContext springApp(MeshNode publisher) {
        ConfigurableApplicationContext app = new SpringApplicationBuilder(Flows.class)
                .properties("spring.main.web-application-type=none", "spring.main.banner-mode=off",
                        "peermesh.mesh-id=orders-mesh", "peermesh.password=Str0ng-Mesh-Pass",
                        "peermesh.bind-address=127.0.0.1", "peermesh.maintenance-interval=250ms",
                        "peermesh.resolver.static.seeds=" + publisher.address())
                .run();
        await().atMost(Duration.ofSeconds(10)).until(() -> publisher.state().online());
        return app;
    }

    /** Two flows on the inbound channel, the first failing on every message, and a listener on the error channel. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Flows {

        final List<Message<?>> second = new CopyOnWriteArrayList<>();

        final List<ErrorMessage> errors = new CopyOnWriteArrayList<>();

        @Bean
        IntegrationFlow firstFlow(@Qualifier("peermeshInbound") SubscribableChannel inbound) {
            return IntegrationFlow.from(inbound)
                    .filter("headers.peermesh_topic == 'orders.shipped'")
                    .handle((MessageHandler) message -> {
                        throw new IllegalStateException("first flow fails");
                    })
                    .get();
        }

        @Bean
        IntegrationFlow secondFlow(@Qualifier("peermeshInbound") SubscribableChannel inbound) {
            // a transformer rebuilds the headers, which is where Spring rejects a priority that is not a number
            return IntegrationFlow.from(inbound)
                    .filter("headers.peermesh_topic == 'orders.shipped'")
                    .<String, String>transform(String::toUpperCase)
                    .handle((MessageHandler) second::add)
                    .get();
        }

        @Bean
        IntegrationFlow echoFlow(@Qualifier("peermeshInbound") SubscribableChannel inbound) {
            return IntegrationFlow.from(inbound)
                    .filter("headers.peermesh_topic == 'orders.echo'")
                    .enrichHeaders(headers -> headers.header(MeshHeaders.TOPIC, "orders.echoed", true))
                    .channel("peermeshOutbound")
                    .get();
        }

        @Bean
        IntegrationFlow errors() {
            return IntegrationFlow.from("errorChannel").handle(message -> errors.add((ErrorMessage) message)).get();
        }
    }
}
