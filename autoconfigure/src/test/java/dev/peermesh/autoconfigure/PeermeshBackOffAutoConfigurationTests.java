package dev.peermesh.autoconfigure;

import dev.peermesh.MeshNode;
import dev.peermesh.MeshSettings;
import dev.peermesh.PeerAddress;
import dev.peermesh.Propagation;
import dev.peermesh.PropagationFilter;
import dev.peermesh.event.MeshEventPublisher;
import dev.peermesh.integration.MeshHeaders;
import dev.peermesh.integration.dsl.Peermesh;
import dev.peermesh.integration.inbound.MeshInboundChannelAdapter;
import dev.peermesh.resolver.PeerRegistration;
import dev.peermesh.resolver.PeerResolver;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

import static dev.peermesh.autoconfigure.AutoConfigurationContexts.inbound;
import static dev.peermesh.autoconfigure.AutoConfigurationContexts.outbound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an application can replace or adjust: its own {@code MeshNode} or {@code PeerResolver} bean, settings and
 * node customizers, a propagation filter, and flows built with the DSL.
 */
class PeermeshBackOffAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = AutoConfigurationContexts.contextRunner();

    // ---- user beans and customizers ---------------------------------------------------------------------------

    @Test
    void publishesTheNodesChangesAsApplicationEventsAndBacksOffFromAUserPublisher() {
        contextRunner.run(context -> assertThat(context).hasSingleBean(MeshEventPublisher.class));
        contextRunner.withBean("mine", MeshEventPublisher.class,
                () -> new MeshEventPublisher(MeshNode.builder(MeshSettings.builder("mine").build()).build(),
                        event -> { }))
                .run(context -> assertThat(context).getBean(MeshEventPublisher.class)
                        .isSameAs(context.getBean("mine")));
    }

    @Test
    void backsOffFromAUserMeshNodeAndStillRunsIt() {
        contextRunner.withUserConfiguration(UserNodeConfiguration.class).run(context -> {
            assertThat(context).hasSingleBean(MeshNode.class);
            MeshNode node = context.getBean(MeshNode.class);
            assertThat(node.settings().meshId()).isEqualTo("user-node");
            assertThat(node.isRunning()).isTrue();
            assertThat(context).hasSingleBean(MeshInboundChannelAdapter.class);
        });
    }

    @Test
    void backsOffFromAUserPeerResolverAndGivesItToTheNode() {
        contextRunner.withUserConfiguration(UserResolverConfiguration.class).run(context -> {
            assertThat(context).hasSingleBean(PeerResolver.class)
                    .getBean(PeerResolver.class).isInstanceOf(RecordingResolver.class);
            RecordingResolver resolver = context.getBean(RecordingResolver.class);
            MeshNode node = context.getBean(MeshNode.class);

            await().until(() -> !resolver.registrations.isEmpty());
            assertThat(resolver.registrations).singleElement()
                    .satisfies(registration -> assertThat(registration.nodeId()).isEqualTo(node.nodeId()))
                    .satisfies(registration -> assertThat(registration.meshId()).isEqualTo("test"));
        });
    }

    @Test
    void appliesSettingsCustomizersAfterTheProperties() {
        contextRunner.withPropertyValues("peermesh.limits.max-pending-publishes=100")
                .withBean(MeshSettingsCustomizer.class, () -> settings -> settings.maxPendingPublishes(50_000))
                .run(context -> assertThat(context.getBean(MeshNode.class).settings().limits().maxPendingPublishes())
                        .isEqualTo(50_000));
    }

    @Test
    void bindsTheBoundOnPendingPublishBytes() {
        contextRunner.withPropertyValues("peermesh.limits.max-pending-publish-bytes=4MB")
                .run(context -> assertThat(context.getBean(MeshNode.class).settings().limits()
                        .maxPendingPublishBytes()).isEqualTo(4L << 20));
    }

    @Test
    void appliesNodeCustomizers() {
        contextRunner.withBean(MeshNodeCustomizer.class, () -> builder -> builder.propagationFilter(
                (message, origin) -> message.topic().startsWith("private.") ? Propagation.REMOTE
                        : Propagation.LOCAL_AND_REMOTE))
                .run(context -> assertPrivateTopicsAreKeptFromThisNode(context));
    }

    @Test
    void usesAPropagationFilterBean() {
        contextRunner.withBean(PropagationFilter.class, () -> (message, origin) -> message.topic()
                .startsWith("private.") ? Propagation.NONE : Propagation.LOCAL_AND_REMOTE)
                .run(context -> assertPrivateTopicsAreKeptFromThisNode(context));
    }

    @Test
    void nodeCustomizersHaveTheLastWord() {
        List<String> seenBy = new CopyOnWriteArrayList<>();
        contextRunner
                .withBean(PropagationFilter.class, () -> (message, origin) -> {
                    seenBy.add("bean");
                    return Propagation.LOCAL_AND_REMOTE;
                })
                .withBean(MeshNodeCustomizer.class, () -> builder -> builder.propagationFilter((message, origin) -> {
                    seenBy.add("customizer");
                    return Propagation.LOCAL_AND_REMOTE;
                }))
                .run(context -> {
                    BlockingQueue<Message<?>> inbound = inbound(context);
                    outbound(context).send(MessageBuilder.withPayload("x").build());
                    await().until(inbound::poll, Objects::nonNull);
                    assertThat(seenBy).containsExactly("customizer");
                });
    }

    @Test
    void applicationFlowsBuiltWithTheDslShareTheNodeWithTheChannels() {
        contextRunner.withUserConfiguration(OrderFlowsConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            BlockingQueue<Message<?>> inbound = inbound(context);
            QueueChannel orders = context.getBean("orders", QueueChannel.class);

            context.getBean("shipments", MessageChannel.class).send(MessageBuilder.withPayload("boxed").build());
            outbound(context).send(MessageBuilder.withPayload(new Order("o-1", 2))
                    .setHeader(MeshHeaders.TOPIC, "orders.eu").build());

            assertThat(await().until(inbound::poll, Objects::nonNull).getHeaders())
                    .containsEntry(MeshHeaders.TOPIC, "shipments");
            assertThat(await().until(() -> orders.receive(0), Objects::nonNull).getPayload())
                    .isEqualTo(new Order("o-1", 2));
        });
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static void assertPrivateTopicsAreKeptFromThisNode(AssertableApplicationContext context) {
        BlockingQueue<Message<?>> inbound = inbound(context);

        outbound(context).send(MessageBuilder.withPayload("secret").setHeader(MeshHeaders.TOPIC, "private.x").build());
        outbound(context).send(MessageBuilder.withPayload("news").setHeader(MeshHeaders.TOPIC, "public.x").build());

        assertThat(await().until(inbound::poll, Objects::nonNull).getPayload()).isEqualTo("news");
        assertThat(inbound).isEmpty();
    }

    @Configuration(proxyBeanMethods = false)
    static class UserNodeConfiguration {

        @Bean
        MeshNode userMeshNode() {
            return MeshNode.builder(MeshSettings.builder("user-node").bindAddress("127.0.0.1").build()).build();
        }
    }

    record Order(String id, int quantity) {
    }

    @Configuration(proxyBeanMethods = false)
    static class OrderFlowsConfiguration {

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
        IntegrationFlow shipmentsToTheMesh(MeshNode meshNode) {
            return IntegrationFlow.from("shipments").handle(Peermesh.outboundAdapter(meshNode).topic("shipments"))
                    .get();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserResolverConfiguration {

        @Bean
        RecordingResolver recordingResolver() {
            return new RecordingResolver();
        }
    }

    /** A resolver that remembers who registered. */
    static class RecordingResolver implements PeerResolver {

        final List<PeerRegistration> registrations = new CopyOnWriteArrayList<>();

        @Override
        public void register(PeerRegistration registration) {
            registrations.add(registration);
        }

        @Override
        public void refresh(PeerRegistration registration) {
        }

        @Override
        public void unregister(PeerRegistration registration) {
        }

        @Override
        public List<PeerAddress> resolve(String meshId, int maxAddresses) {
            return List.of();
        }
    }
}
