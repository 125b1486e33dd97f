package dev.peermesh.autoconfigure;

import dev.peermesh.MeshNode;
import dev.peermesh.actuate.PeermeshHealthIndicator;
import dev.peermesh.actuate.PeermeshMetrics;
import dev.peermesh.integration.MeshHeaders;
import dev.peermesh.integration.inbound.MeshInboundChannelAdapter;
import dev.peermesh.integration.inbound.SubscriberFailures;
import dev.peermesh.integration.outbound.MeshMessageHandler;
import dev.peermesh.resolver.PeerResolver;
import dev.peermesh.resolver.StaticPeerResolver;

import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.channel.PublishSubscribeChannel;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import static dev.peermesh.autoconfigure.AutoConfigurationContexts.inbound;
import static dev.peermesh.autoconfigure.AutoConfigurationContexts.outbound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Specification of {@link PeermeshAutoConfiguration} and {@link PeermeshIntegrationAutoConfiguration}: what an
 * application gets by default. Other concerns have their own classes: properties
 * ({@link PeermeshPropertiesAutoConfigurationTests}), user beans ({@link PeermeshBackOffAutoConfigurationTests}),
 * switches and missing libraries ({@link PeermeshSwitchesAutoConfigurationTests}), bad settings
 * ({@link PeermeshInvalidSettingsAutoConfigurationTests}), health and meters
 * ({@link PeermeshObservabilityAutoConfigurationTests}).
 */
class PeermeshAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = AutoConfigurationContexts.contextRunner();

    // ---- defaults ---------------------------------------------------------------------------------------------

    @Test
    void createsAStartedNodeWithAStaticResolverAndALifecycle() {
        contextRunner.run(context -> {
            assertThat(context).hasSingleBean(MeshNode.class)
                    .hasSingleBean(MeshNodeLifecycle.class)
                    .getBean(PeerResolver.class).isInstanceOf(StaticPeerResolver.class);
            MeshNode node = context.getBean(MeshNode.class);
            assertThat(node.isRunning()).isTrue();
            assertThat(node.settings().meshId()).isEqualTo("test");
            assertThat(node.address().host()).isEqualTo("127.0.0.1");
            assertThat(((StaticPeerResolver) context.getBean(PeerResolver.class)).seeds()).isEmpty();
        });
    }

    @Test
    void stopsTheNodeWhenTheContextCloses() {
        AtomicReference<MeshNode> node = new AtomicReference<>();

        contextRunner.run(context -> node.set(context.getBean(MeshNode.class)));

        assertThat(node.get().isRunning()).isFalse();
    }

    @Test
    void createsTheMeshChannelsAndTheirAdapters() {
        contextRunner.run(context -> {
            assertThat(context).getBean(PeermeshIntegrationAutoConfiguration.INBOUND_CHANNEL)
                    .isInstanceOf(PublishSubscribeChannel.class);
            assertThat(context).getBean(PeermeshIntegrationAutoConfiguration.OUTBOUND_CHANNEL)
                    .isInstanceOf(DirectChannel.class);
            assertThat(context).hasSingleBean(MeshInboundChannelAdapter.class)
                    .hasSingleBean(MeshMessageHandler.class)
                    .hasSingleBean(SubscriberFailures.class);
            assertThat(context.getBean(MeshInboundChannelAdapter.class).isRunning()).isTrue();
        });
    }

    @Test
    void messagesSentToTheOutboundChannelComeBackOnTheInboundChannel() {
        contextRunner.run(context -> {
            BlockingQueue<Message<?>> inbound = inbound(context);

            outbound(context).send(MessageBuilder.withPayload("hello").setHeader(MeshHeaders.TOPIC, "greetings")
                    .build());

            Message<?> message = await().until(inbound::poll, Objects::nonNull);
            assertThat(message.getPayload()).isEqualTo("hello");
            assertThat(message.getHeaders()).containsEntry(MeshHeaders.TOPIC, "greetings")
                    .containsEntry(MeshHeaders.HOPS, 0);
        });
    }

    @Test
    void createsTheObservabilityBeansWhenTheirLibrariesArePresent() {
        contextRunner.run(context -> assertThat(context).hasSingleBean(PeermeshMetrics.class)
                .hasSingleBean(PeermeshHealthIndicator.class)
                .hasBean("peermeshHealthIndicator")
                .hasBean("peermeshInboundMeters"));
    }
}
