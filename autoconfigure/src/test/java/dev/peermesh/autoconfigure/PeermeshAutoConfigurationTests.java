package dev.peermesh.autoconfigure;

import dev.peermesh.MeshNode;
import dev.peermesh.MeshSettings;
import dev.peermesh.NodeId;
import dev.peermesh.PeerAddress;
import dev.peermesh.Propagation;
import dev.peermesh.PropagationFilter;
import dev.peermesh.actuate.PeermeshEndpoint;
import dev.peermesh.actuate.PeermeshHealthIndicator;
import dev.peermesh.Rejection;
import dev.peermesh.actuate.PeermeshMetrics;
import dev.peermesh.integration.MeshHeaders;
import dev.peermesh.integration.dsl.Peermesh;
import dev.peermesh.integration.inbound.MeshInboundChannelAdapter;
import dev.peermesh.integration.inbound.SubscriberFailures;
import dev.peermesh.integration.outbound.MeshMessageHandler;
import dev.peermesh.resolver.PeerRegistration;
import dev.peermesh.resolver.PeerResolver;
import dev.peermesh.resolver.StaticPeerResolver;

import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.channel.PublishSubscribeChannel;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.SubscribableChannel;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.unit.DataSize;

import static dev.peermesh.autoconfigure.InvalidProperties.assertInvalidProperty;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Specification of {@link PeermeshAutoConfiguration} and {@link PeermeshIntegrationAutoConfiguration}: what an
 * application gets from {@code peermesh.*}, what it can replace, and how bad settings stop it starting.
 */
class PeermeshAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PeermeshAutoConfiguration.class,
                    PeermeshIntegrationAutoConfiguration.class, IntegrationAutoConfiguration.class,
                    SslAutoConfiguration.class))
            .withPropertyValues("peermesh.mesh-id=test", "peermesh.bind-address=127.0.0.1");

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

            outbound(context).send(MessageBuilder.withPayload("hello").setHeader(MeshHeaders.TOPIC, "greetings").build());

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

    // ---- properties -------------------------------------------------------------------------------------------

    @Test
    void bindsPropertiesIntoTheNodeSettings() {
        contextRunner.withPropertyValues("peermesh.password=Orders-Pass-1", "peermesh.neighbors.min=1",
                "peermesh.neighbors.ideal=4", "peermesh.neighbors.max=9", "peermesh.max-message-size=64KB",
                "peermesh.keepalive.interval=750ms", "peermesh.keepalive.misses=5",
                "peermesh.handshake-timeout=4s", "peermesh.maintenance-interval=300ms",
                "peermesh.leave-timeout=1s", "peermesh.passive-view-size=20",
                "peermesh.stamp-send-time=false", "peermesh.limits.topic-length=128", "peermesh.limits.headers=16",
                "peermesh.limits.header-name-length=64", "peermesh.limits.header-value-length=1024",
                "peermesh.limits.max-pending-handshakes=8", "peermesh.limits.max-pending-publishes=500",
                "peermesh.limits.max-pending-deliveries=600", "peermesh.limits.max-link-backlog=2MB",
                "peermesh.limits.link-high-water=128KB", "peermesh.limits.max-pending-handshakes-per-address=3",
                "peermesh.limits.link-frame-rate=5000", "peermesh.limits.link-frame-burst=9000",
                "peermesh.limits.referral-rate=4", "peermesh.limits.referral-burst=40",
                "peermesh.limits.passive-view-peers-per-neighbor=5",
                "peermesh.resolver.batch-size=3", "peermesh.resolver.refresh-interval=1m",
                "peermesh.duplicate-cache.origins=100", "peermesh.duplicate-cache.max-idle=30s",
                "peermesh.dial-backoff.initial=3s", "peermesh.dial-backoff.max=5m", "peermesh.isolation-warning=30s")
                .run(context -> {
                    MeshSettings settings = context.getBean(MeshNode.class).settings();
                    assertThat(settings.password()).isEqualTo("Orders-Pass-1");
                    assertThat(settings.minNeighbours()).isEqualTo(1);
                    assertThat(settings.idealNeighbours()).isEqualTo(4);
                    assertThat(settings.maxNeighbours()).isEqualTo(9);
                    assertThat(settings.maxMessageSize()).isEqualTo((int) DataSize.ofKilobytes(64).toBytes());
                    assertThat(settings.keepaliveInterval()).isEqualTo(Duration.ofMillis(750));
                    assertThat(settings.keepaliveMisses()).isEqualTo(5);
                    assertThat(settings.handshakeTimeout()).isEqualTo(Duration.ofSeconds(4));
                    assertThat(settings.maintenanceInterval()).isEqualTo(Duration.ofMillis(300));
                    assertThat(settings.leaveTimeout()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(settings.passiveViewSize()).isEqualTo(20);
                    assertThat(settings.stampSendTime()).isFalse();
                    assertThat(settings.frameLimits().maxTopicLength()).isEqualTo(128);
                    assertThat(settings.frameLimits().maxHeaders()).isEqualTo(16);
                    assertThat(settings.frameLimits().maxHeaderNameLength()).isEqualTo(64);
                    assertThat(settings.frameLimits().maxHeaderValueLength()).isEqualTo(1024);
                    assertThat(settings.maxPendingHandshakes()).isEqualTo(8);
                    assertThat(settings.maxPendingPublishes()).isEqualTo(500);
                    assertThat(settings.maxPendingHandshakesPerAddress()).isEqualTo(3);
                    assertThat(settings.linkFrameRate()).isEqualTo(5000);
                    assertThat(settings.linkFrameBurst()).isEqualTo(9000);
                    assertThat(settings.referralRate()).isEqualTo(4);
                    assertThat(settings.referralBurst()).isEqualTo(40);
                    assertThat(settings.passiveViewPeersPerNeighbour()).isEqualTo(5);
                    assertThat(settings.maxPendingDeliveries()).isEqualTo(600);
                    assertThat(settings.maxLinkBacklogBytes()).isEqualTo(2 * 1024 * 1024);
                    assertThat(settings.linkHighWaterBytes()).isEqualTo(128 * 1024);
                    assertThat(settings.resolveBatch()).isEqualTo(3);
                    assertThat(settings.resolverRefreshInterval()).isEqualTo(Duration.ofMinutes(1));
                    assertThat(settings.duplicateCacheOrigins()).isEqualTo(100);
                    assertThat(settings.duplicateCacheMaxIdle()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(settings.dialBackoffInitial()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(settings.dialBackoffMax()).isEqualTo(Duration.ofMinutes(5));
                    assertThat(settings.isolationWarning()).isEqualTo(Duration.ofSeconds(30));
                });
    }

    @Test
    void bindsPortAndAdvertisedAddress() {
        contextRunner.withPropertyValues("peermesh.advertised-address=mesh.example.org:7401").run(context -> {
            MeshNode node = context.getBean(MeshNode.class);
            assertThat(node.settings().bindAddress()).isEqualTo("127.0.0.1");
            assertThat(node.settings().port()).isZero();
            assertThat(node.address()).isEqualTo(new PeerAddress("mesh.example.org", 7401));
        });
    }

    @Test
    void parsesStaticSeedsIntoPeerAddresses() {
        contextRunner.withPropertyValues("peermesh.resolver.static.seeds=10.0.0.5:7400, seed.example.org:7401,[::1]:7402")
                .run(context -> assertThat(((StaticPeerResolver) context.getBean(PeerResolver.class)).seeds())
                        .containsExactly(new PeerAddress("10.0.0.5", 7400), new PeerAddress("seed.example.org", 7401),
                                new PeerAddress("::1", 7402)));
    }

    @Test
    void inboundTopicsAndDefaultTopicShapeTheChannels() {
        contextRunner.withPropertyValues("peermesh.integration.inbound-topics=orders.*,audit",
                "peermesh.integration.default-topic=orders.eu").run(context -> {
                    BlockingQueue<Message<?>> inbound = inbound(context);

                    outbound(context).send(MessageBuilder.withPayload("not taken")
                            .setHeader(MeshHeaders.TOPIC, "payments").build());
                    outbound(context).send(MessageBuilder.withPayload("taken").build());

                    Message<?> message = await().until(inbound::poll, Objects::nonNull);
                    assertThat(message.getPayload()).isEqualTo("taken");
                    assertThat(message.getHeaders()).containsEntry(MeshHeaders.TOPIC, "orders.eu");
                    assertThat(inbound).isEmpty();
                });
    }

    @Test
    void hopLimitPropertyIsTheOutboundDefault() {
        contextRunner.withPropertyValues("peermesh.hop-limit=3").run(context -> {
            BlockingQueue<Message<?>> inbound = inbound(context);

            outbound(context).send(MessageBuilder.withPayload("x").build());

            assertThat(await().until(inbound::poll, Objects::nonNull).getHeaders())
                    .containsEntry(MeshHeaders.HOP_LIMIT, 3);
        });
    }

    // ---- user beans and customizers ---------------------------------------------------------------------------

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
                .run(context -> assertThat(context.getBean(MeshNode.class).settings().maxPendingPublishes())
                        .isEqualTo(50_000));
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

    // ---- switches and missing libraries -----------------------------------------------------------------------

    @Test
    void createsNothingWhenDisabled() {
        contextRunner.withPropertyValues("peermesh.enabled=false")
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(MeshNode.class)
                        .doesNotHaveBean(PeerResolver.class)
                        .doesNotHaveBean(MeshNodeLifecycle.class)
                        .doesNotHaveBean(PeermeshIntegrationAutoConfiguration.INBOUND_CHANNEL)
                        .doesNotHaveBean(PeermeshIntegrationAutoConfiguration.OUTBOUND_CHANNEL)
                        .doesNotHaveBean(MeshInboundChannelAdapter.class));
    }

    @Test
    void needsNoMeshIdWhenDisabled() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PeermeshAutoConfiguration.class,
                        PeermeshIntegrationAutoConfiguration.class))
                .withPropertyValues("peermesh.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MeshNode.class));
    }

    @Test
    void createsTheNodeButNoChannelsWhenIntegrationIsDisabled() {
        contextRunner.withPropertyValues("peermesh.integration.enabled=false")
                .run(context -> assertThat(context).hasSingleBean(MeshNode.class)
                        .doesNotHaveBean(PeermeshIntegrationAutoConfiguration.INBOUND_CHANNEL)
                        .doesNotHaveBean(PeermeshIntegrationAutoConfiguration.OUTBOUND_CHANNEL)
                        .doesNotHaveBean(MeshInboundChannelAdapter.class)
                        .doesNotHaveBean(SubscriberFailures.class)
                        .doesNotHaveBean(MeshMessageHandler.class));
    }

    @Test
    void createsTheNodeButNoChannelsWithoutSpringIntegration() {
        contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.integration"))
                .run(context -> assertThat(context).hasSingleBean(MeshNode.class)
                        .doesNotHaveBean(PeermeshIntegrationAutoConfiguration.INBOUND_CHANNEL)
                        .doesNotHaveBean(PeermeshIntegrationAutoConfiguration.OUTBOUND_CHANNEL)
                        .doesNotHaveBean(MeshInboundChannelAdapter.class));
    }

    @Test
    void createsNoMetricsWithoutMicrometer() {
        contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(context -> assertThat(context).hasSingleBean(MeshNode.class)
                        .doesNotHaveBean(PeermeshMetrics.class)
                        .doesNotHaveBean("peermeshInboundMeters"));
    }

    @Test
    void createsNoHealthIndicatorWithoutSpringBootHealth() {
        contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).hasSingleBean(MeshNode.class)
                        .doesNotHaveBean(PeermeshHealthIndicator.class));
    }

    @Test
    void createsNoHealthIndicatorWhenItIsDisabled() {
        contextRunner.withPropertyValues("management.health.peermesh.enabled=false")
                .run(context -> assertThat(context).hasSingleBean(MeshNode.class)
                        .doesNotHaveBean(PeermeshHealthIndicator.class));
    }

    @Test
    void createsTheEndpointOnlyWhenItIsExposed() {
        contextRunner.run(context -> assertThat(context).doesNotHaveBean(PeermeshEndpoint.class));
        contextRunner.withPropertyValues("management.endpoints.web.exposure.include=peermesh").run(context -> {
            assertThat(context).hasSingleBean(PeermeshEndpoint.class);
            PeermeshEndpoint.NodeDescriptor node = context.getBean(PeermeshEndpoint.class).node();
            assertThat(node.meshId()).isEqualTo("test");
            assertThat(node.running()).isTrue();
            assertThat(node.neighbors()).isEmpty();
        });
    }

    // ---- invalid settings -------------------------------------------------------------------------------------

    @Test
    void failsWithoutAMeshId() {
        contextRunner.withPropertyValues("peermesh.mesh-id=")
                .run(context -> assertInvalidProperty(context, "peermesh.mesh-id")
                        .hasMessageContainingAll("every node needs the id of the mesh", "peermesh.enabled=false"));
    }

    @Test
    void failsWithAMeshIdThatIsNotAHostName() {
        contextRunner.withPropertyValues("peermesh.mesh-id=orders eu")
                .run(context -> assertInvalidProperty(context, "peermesh.mesh-id", "orders eu")
                        .hasMessageContaining("letters, digits, '.', '-' or '_'"));
    }

    @Test
    void failsWithAnAdvertisedPortOutOfRange() {
        contextRunner.withPropertyValues("peermesh.advertised-address=mesh.example.org:99999")
                .run(context -> assertInvalidProperty(context, "peermesh.advertised-address",
                        "mesh.example.org:99999").hasMessageContaining("use 1 to 65535"));
    }

    @Test
    void failsWithFewerMaxNeighboursThanIdeal() {
        contextRunner.withPropertyValues("peermesh.neighbors.max=2")
                .run(context -> assertInvalidProperty(context, "peermesh.neighbors.max", 2)
                        .hasMessage("Property peermesh.neighbors.max with value '2' is invalid: allowed: 3 to 64"));
    }

    @Test
    void failsWithADialBackoffMaxBelowItsInitial() {
        contextRunner.withPropertyValues("peermesh.dial-backoff.initial=10s", "peermesh.dial-backoff.max=5s")
                .run(context -> assertInvalidProperty(context, "peermesh.dial-backoff.max")
                        .hasMessageContaining("at least dial-backoff.initial (PT10S)"));
    }

    @Test
    void failsWithAZeroIsolationWarning() {
        contextRunner.withPropertyValues("peermesh.isolation-warning=0s")
                .run(context -> assertInvalidProperty(context, "peermesh.isolation-warning")
                        .hasMessageContaining("give a positive duration"));
    }

    @Test
    void failsWithAMaxMessageSizeBelowTheMinimum() {
        contextRunner.withPropertyValues("peermesh.max-message-size=1KB")
                .run(context -> assertInvalidProperty(context, "peermesh.max-message-size", 1024)
                        .hasMessageContaining("allowed: 32768 to"));
    }

    @Test
    void failsWithAReferralBurstSmallerThanOneFrameOfReferrals() {
        contextRunner.withPropertyValues("peermesh.limits.referral-burst=5")
                .run(context -> assertInvalidProperty(context, "peermesh.limits.referral-burst", 5)
                        .hasMessageContaining("allowed: 10 (the referrals one frame may carry)"));
    }

    @Test
    void failsWithALinkFrameRateOfZero() {
        contextRunner.withPropertyValues("peermesh.limits.link-frame-rate=0")
                .run(context -> assertInvalidProperty(context, "peermesh.limits.link-frame-rate", 0)
                        .hasMessageContaining("allowed: 10 to"));
    }

    @Test
    void failsWithALinkHighWaterAboveHalfTheBacklogLimit() {
        contextRunner.withPropertyValues("peermesh.limits.max-link-backlog=2MB", "peermesh.limits.link-high-water=2MB")
                .run(context -> assertInvalidProperty(context, "peermesh.limits.link-high-water", 2 * 1024 * 1024)
                        .hasMessageContaining("allowed: 1024 to 1048576"));
    }

    @Test
    void failsWithASeedThatIsNotHostAndPort() {
        contextRunner.withPropertyValues("peermesh.resolver.static.seeds=10.0.0.5:7400,nohostport")
                .run(context -> assertInvalidProperty(context, "peermesh.resolver.static.seeds[1]", "nohostport")
                        .hasMessageContainingAll("not of the form host:port", "127.0.0.1:7400"));
    }

    @Test
    void failsWithAnSslBundleThatDoesNotExist() {
        contextRunner.withPropertyValues("peermesh.ssl.bundle=missing")
                .run(context -> assertInvalidProperty(context, "peermesh.ssl.bundle", "missing")
                        .hasMessageContainingAll("no SSL bundle of that name", "spring.ssl.bundle.pem.missing",
                                "spring.ssl.bundle.jks.missing"));
    }

    @Test
    void failsWithAnSslBundleWhenNoBundlesAreConfigured() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PeermeshAutoConfiguration.class))
                .withPropertyValues("peermesh.mesh-id=test", "peermesh.ssl.bundle=mesh")
                .run(context -> assertInvalidProperty(context, "peermesh.ssl.bundle", "mesh")
                        .hasMessageContainingAll("no SSL bundles are configured", "spring.ssl.bundle.pem.mesh"));
    }

    // ---- health and metrics -----------------------------------------------------------------------------------

    @Test
    void healthIsUpWithDetailsWhileTheNodeRuns() {
        contextRunner.withConfiguration(AutoConfigurations.of(HealthContributorAutoConfiguration.class))
                .run(context -> {
                    MeshNode node = context.getBean(MeshNode.class);
                    Health health = context.getBean("peermeshHealthIndicator", HealthIndicator.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails()).containsEntry("meshId", "test")
                            .containsEntry("nodeId", NodeId.format(node.nodeId()))
                            .containsEntry("address", node.address().toString())
                            .containsEntry("online", false)
                            .containsEntry("neighbors", 0);
                });
    }

    @Test
    void healthOfANodeAloneSaysSinceWhenAndStaysUpByDefault() {
        contextRunner.withConfiguration(AutoConfigurations.of(HealthContributorAutoConfiguration.class))
                .run(context -> {
                    MeshNode node = context.getBean(MeshNode.class);
                    HealthIndicator indicator = context.getBean("peermeshHealthIndicator", HealthIndicator.class);
                    Health alone = indicator.health();
                    assertThat(alone.getStatus()).as("the first node of a mesh is alone").isEqualTo(Status.UP);
                    assertThat(alone.getDetails()).containsEntry("isolatedSince", node.isolatedSince().toString());
                    assertThat(Instant.parse((String) alone.getDetails().get("isolatedSince")))
                            .isBeforeOrEqualTo(Instant.now());

                    try (MeshNode peer = MeshNode.builder(MeshSettings.builder("test").bindAddress("127.0.0.1")
                            .build()).resolver(new StaticPeerResolver(List.of(node.address()))).build().start()) {
                        await().untilAsserted(() -> assertThat(indicator.health().getDetails())
                                .containsEntry("online", true).doesNotContainKey("isolatedSince"));
                    }
                });
    }

    @Test
    void healthIsDownOnceTheNodeHasStopped() {
        contextRunner.withConfiguration(AutoConfigurations.of(HealthContributorAutoConfiguration.class))
                .run(context -> {
                    context.getBean(MeshNode.class).stop();

                    assertThat(context.getBean("peermeshHealthIndicator", HealthIndicator.class).health().getStatus())
                            .isEqualTo(Status.DOWN);
                });
    }

    @Test
    void healthIsOutOfServiceWithoutNeighboursWhenTheyAreRequired() {
        contextRunner.withConfiguration(AutoConfigurations.of(HealthContributorAutoConfiguration.class))
                .withPropertyValues("peermesh.health.require-neighbors=true")
                .run(context -> assertThat(
                        context.getBean("peermeshHealthIndicator", HealthIndicator.class).health().getStatus())
                        .isEqualTo(Status.OUT_OF_SERVICE));
    }

    @Test
    void registersMetersTaggedWithTheMeshId() {
        contextRunner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.find("peermesh.neighbors").tag("mesh", "test").gauge()).isNotNull();
                    assertThat(registry.find("peermesh.messages.published").tag("mesh", "test").functionCounter())
                            .isNotNull();
                    assertThat(registry.find("peermesh.messages.dropped").tag("reason", "hop-limit").meters())
                            .hasSize(1);
                    assertThat(registry.find("peermesh.messages.dropped").tag("reason", "too-large-for-neighbor")
                            .functionCounter()).isNotNull();
                    assertThat(registry.find("peermesh.delivery.latency").tag("mesh", "test").timer()).isNotNull();
                    assertThat(registry.find("peermesh.dials").tag("mesh", "test").functionCounter()).isNotNull();
                });
    }

    @Test
    void rejectionsAreCountedByReason() {
        contextRunner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    PeerAddress node = context.getBean(MeshNode.class).address();
                    assertThat(registry.find("peermesh.rejected").meters()).hasSize(Rejection.values().length);

                    try (Socket junk = new Socket(node.host(), node.port())) {
                        // a length field of 4 GiB, before any handshake
                        junk.getOutputStream().write(new byte[] {-1, -1, -1, -1});
                        await().untilAsserted(() -> assertThat(registry.get("peermesh.rejected")
                                .tags("mesh", "test", "reason", "frame-too-large").functionCounter().count())
                                .isEqualTo(1.0));
                    }
                    assertThat(registry.get("peermesh.rejected").tag("reason", "wrong-mesh").functionCounter().count())
                            .isZero();
                    assertThat(registry.find("peermesh.handshakes.pending").tag("mesh", "test").gauge()).isNotNull();
                });
    }

    @Test
    void publishedCounterCountsWhatTheNodePublishes() {
        contextRunner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);

                    outbound(context).send(MessageBuilder.withPayload("counted").build());

                    await().untilAsserted(() -> assertThat(
                            registry.get("peermesh.messages.published").tag("mesh", "test").functionCounter().count())
                            .isEqualTo(1.0));
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

    /** Everything that arrives on the inbound channel from now on. */
    private static BlockingQueue<Message<?>> inbound(AssertableApplicationContext context) {
        BlockingQueue<Message<?>> received = new LinkedBlockingQueue<>();
        context.getBean(PeermeshIntegrationAutoConfiguration.INBOUND_CHANNEL, SubscribableChannel.class)
                .subscribe(received::add);
        return received;
    }

    private static MessageChannel outbound(AssertableApplicationContext context) {
        return context.getBean(PeermeshIntegrationAutoConfiguration.OUTBOUND_CHANNEL, MessageChannel.class);
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
            return IntegrationFlow.from("shipments").handle(Peermesh.outboundAdapter(meshNode).topic("shipments")).get();
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
