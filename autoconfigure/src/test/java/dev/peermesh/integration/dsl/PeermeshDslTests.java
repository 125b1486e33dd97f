package dev.peermesh.integration.dsl;

import dev.peermesh.MeshMessage;
import dev.peermesh.MeshNode;
import dev.peermesh.NodeId;
import dev.peermesh.integration.MeshHeaders;
import dev.peermesh.integration.MeshPayloadCodec;
import dev.peermesh.integration.TwoNodeMesh;
import dev.peermesh.resolver.PeerResolver;
import dev.peermesh.resolver.StaticPeerResolver;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.MessageTimeoutException;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Specification of the {@link Peermesh} DSL: flows built with it in an application context exchange messages with a
 * real node outside it.
 */
class PeermeshDslTests {

    private MeshNode outsider;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withUserConfiguration(NodeConfiguration.class, FlowConfiguration.class);

    record Order(String id, int quantity) {
    }

    @BeforeEach
    void startOutsider() {
        outsider = MeshNode.builder(TwoNodeMesh.settings().build()).build().start();
    }

    @AfterEach
    void stopOutsider() {
        outsider.stop();
    }

    @Test
    void inboundAdapterDeliversTypedRecordsOnItsTopics() {
        runLinked(context -> {
            QueueChannel orders = context.getBean("orders", QueueChannel.class);

            publishJson("payments.card", "{\"amount\":5}");
            publishJson("orders.eu", "{\"id\":\"o-1\",\"quantity\":3}");

            Message<?> message = await().until(() -> orders.receive(0), Objects::nonNull);
            assertThat(message.getPayload()).isEqualTo(new Order("o-1", 3));
            assertThat(orders.getQueueSize()).isZero();
        });
    }

    @Test
    void outboundAdapterPublishesWithItsTopicAndHopLimit() {
        BlockingQueue<MeshMessage> shipments = new LinkedBlockingQueue<>();
        outsider.subscribe("*", shipments::add);
        runLinked(context -> {
            context.getBean("shipments", MessageChannel.class)
                    .send(MessageBuilder.withPayload(new Order("o-2", 1)).build());

            MeshMessage message = await().until(shipments::poll, Objects::nonNull);
            assertThat(message.topic()).isEqualTo("shipments");
            assertThat(message.hopLimit()).isEqualTo(2);
            assertThat(message.text()).isEqualTo("{\"id\":\"o-2\",\"quantity\":1}");
            assertThat(message.headers()).containsEntry(MeshPayloadCodec.CONTENT_TYPE, "application/json");
        });
    }

    @Test
    void inboundGatewayAnswersAMeshRequestWithTheFlowsResult() {
        runLinked(context -> {
            MeshMessage reply = outsider.request("quote", "apples".getBytes(StandardCharsets.UTF_8),
                    Map.of(), Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);

            assertThat(reply.text()).isEqualTo("APPLES");
            assertThat(reply.id().origin()).isEqualTo(context.getBean(MeshNode.class).nodeId());
        });
    }

    @Test
    void outboundGatewayReturnsTheFirstReplyIntoTheFlow() {
        outsider.subscribe("price", request -> outsider.reply(request,
                ("42 for " + request.text()).getBytes(StandardCharsets.UTF_8),
                Map.of(MeshPayloadCodec.CONTENT_TYPE, "text/plain")));
        runLinked(context -> {
            context.getBean("quotes", MessageChannel.class).send(MessageBuilder.withPayload("pears").build());

            Message<?> price = await().until(() -> context.getBean("prices", QueueChannel.class).receive(0),
                    Objects::nonNull);
            assertThat(price.getPayload()).isEqualTo("42 for pears");
            assertThat(price.getHeaders()).containsEntry(MeshHeaders.ORIGIN, NodeId.format(outsider.nodeId()));
        });
    }

    @Test
    void outboundGatewayWithoutAReplyFailsTheMessageWithATimeout() {
        runLinked(context -> assertThatThrownBy(() -> context.getBean("quotes", MessageChannel.class)
                .send(MessageBuilder.withPayload("plums").setHeader(MeshHeaders.TOPIC, "nobody").build()))
                .isInstanceOf(MessageTimeoutException.class)
                .hasMessageContaining("No reply on topic 'nobody' within PT1S"));
    }

    @Test
    void outboundAdapterSendsToTheNodeItsTargetHeaderNamesAndFailsForAnUnknownOne() {
        BlockingQueue<MeshMessage> received = new LinkedBlockingQueue<>();
        outsider.subscribe("*", received::add);
        runLinked(context -> {
            MessageChannel shipments = context.getBean("shipments", MessageChannel.class);
            shipments.send(MessageBuilder.withPayload("for you")
                    .setHeader(MeshHeaders.TARGET, NodeId.format(outsider.nodeId())).build());

            MeshMessage message = await().until(received::poll, Objects::nonNull);
            assertThat(message.text()).isEqualTo("for you");
            assertThat(message.headers()).containsEntry(MeshMessage.TARGET_HEADER, NodeId.format(outsider.nodeId()));

            assertThatThrownBy(() -> shipments.send(MessageBuilder.withPayload("for nobody")
                    .setHeader(MeshHeaders.TARGET, 0x1234L).build()))
                    .isInstanceOf(MessageDeliveryException.class)
                    .hasMessageContaining("Node 0000000000001234 did not confirm the message on topic 'shipments'");
        });
    }

    /** Runs the test in the context once its node is the outsider's neighbor. */
    private void runLinked(ContextConsumer<AssertableApplicationContext> test) {
        contextRunner.withBean(PeerResolver.class, () -> new StaticPeerResolver(List.of(outsider.address())))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    MeshNode node = context.getBean(MeshNode.class);
                    await().until(() -> node.state().online() && outsider.state().online());
                    test.accept(context);
                });
    }

    private void publishJson(String topic, String json) {
        outsider.publish(topic, json.getBytes(StandardCharsets.UTF_8),
                Map.of(MeshPayloadCodec.CONTENT_TYPE, "application/json"));
    }

    @Configuration(proxyBeanMethods = false)
    static class NodeConfiguration {

        @Bean(initMethod = "start", destroyMethod = "stop")
        MeshNode meshNode(PeerResolver seeds) {
            // a short repair window: a send to an unknown node fails after it
            return MeshNode.builder(TwoNodeMesh.settings().repairWindow(Duration.ofSeconds(1)).build())
                    .resolver(seeds).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableIntegration
    static class FlowConfiguration {

        @Bean
        QueueChannel orders() {
            return new QueueChannel();
        }

        @Bean
        IntegrationFlow ordersFromTheMesh(MeshNode meshNode, QueueChannel orders) {
            return IntegrationFlow.from(Peermesh.inboundAdapter(meshNode).topics("orders.*").payloadType(Order.class))
                    .channel(orders)
                    .get();
        }

        @Bean
        IntegrationFlow quotesFromTheMesh(MeshNode meshNode) {
            return IntegrationFlow.from(Peermesh.inboundGateway(meshNode).topics("quote"))
                    .transform(String.class, text -> text.toUpperCase(Locale.ROOT))
                    .get();
        }

        @Bean
        QueueChannel prices() {
            return new QueueChannel();
        }

        @Bean
        IntegrationFlow quotesToTheMesh(MeshNode meshNode, QueueChannel prices) {
            return IntegrationFlow.from("quotes")
                    .handle(Peermesh.outboundGateway(meshNode).topic("price").replyTimeout(Duration.ofSeconds(1)))
                    .channel(prices)
                    .get();
        }

        @Bean
        IntegrationFlow shipmentsToTheMesh(MeshNode meshNode) {
            return IntegrationFlow.from("shipments")
                    .handle(Peermesh.outboundAdapter(meshNode).topic("shipments").hopLimit(2))
                    .get();
        }
    }
}
