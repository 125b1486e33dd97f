package dev.peermesh.autoconfigure;

import dev.peermesh.CatchUpSettings;
import dev.peermesh.MeshNode;
import dev.peermesh.MeshSettings;
import dev.peermesh.PeerAddress;
import dev.peermesh.integration.MeshHeaders;
import dev.peermesh.resolver.PeerResolver;
import dev.peermesh.resolver.StaticPeerResolver;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.unit.DataSize;

import static dev.peermesh.autoconfigure.AutoConfigurationContexts.inbound;
import static dev.peermesh.autoconfigure.AutoConfigurationContexts.outbound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How {@code peermesh.*} properties shape the node's settings and the mesh channels.
 */
class PeermeshPropertiesAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = AutoConfigurationContexts.contextRunner();

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
                    assertThat(settings.neighbors().min()).isEqualTo(1);
                    assertThat(settings.neighbors().ideal()).isEqualTo(4);
                    assertThat(settings.neighbors().max()).isEqualTo(9);
                    assertThat(settings.maxMessageSize()).isEqualTo((int) DataSize.ofKilobytes(64).toBytes());
                    assertThat(settings.keepalive().interval()).isEqualTo(Duration.ofMillis(750));
                    assertThat(settings.keepalive().misses()).isEqualTo(5);
                    assertThat(settings.handshakeTimeout()).isEqualTo(Duration.ofSeconds(4));
                    assertThat(settings.maintenanceInterval()).isEqualTo(Duration.ofMillis(300));
                    assertThat(settings.leaveTimeout()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(settings.passiveViewSize()).isEqualTo(20);
                    assertThat(settings.stampSendTime()).isFalse();
                    assertThat(settings.frameLimits().maxTopicLength()).isEqualTo(128);
                    assertThat(settings.frameLimits().maxHeaders()).isEqualTo(16);
                    assertThat(settings.frameLimits().maxHeaderNameLength()).isEqualTo(64);
                    assertThat(settings.frameLimits().maxHeaderValueLength()).isEqualTo(1024);
                    assertThat(settings.limits().maxPendingHandshakes()).isEqualTo(8);
                    assertThat(settings.limits().maxPendingPublishes()).isEqualTo(500);
                    assertThat(settings.limits().maxPendingHandshakesPerAddress()).isEqualTo(3);
                    assertThat(settings.limits().linkFrameRate()).isEqualTo(5000);
                    assertThat(settings.limits().linkFrameBurst()).isEqualTo(9000);
                    assertThat(settings.limits().referralRate()).isEqualTo(4);
                    assertThat(settings.limits().referralBurst()).isEqualTo(40);
                    assertThat(settings.limits().passiveViewPeersPerNeighbor()).isEqualTo(5);
                    assertThat(settings.limits().maxPendingDeliveries()).isEqualTo(600);
                    assertThat(settings.limits().maxLinkBacklogBytes()).isEqualTo(2 * 1024 * 1024);
                    assertThat(settings.limits().linkHighWaterBytes()).isEqualTo(128 * 1024);
                    assertThat(settings.resolver().batchSize()).isEqualTo(3);
                    assertThat(settings.resolver().refreshInterval()).isEqualTo(Duration.ofMinutes(1));
                    assertThat(settings.duplicateCache().origins()).isEqualTo(100);
                    assertThat(settings.duplicateCache().maxIdle()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(settings.dialBackoff().initial()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(settings.dialBackoff().max()).isEqualTo(Duration.ofMinutes(5));
                    assertThat(settings.isolationWarning()).isEqualTo(Duration.ofSeconds(30));
                });
    }

    @Test
    void bindsCatchUpPerTopicPatternMostSpecificFirstWithTheGroupsBoundsAsDefaults() {
        contextRunner.withPropertyValues("peermesh.catch-up.enabled=true", "peermesh.catch-up.max-age=30s",
                "peermesh.catch-up.max-messages=200", "peermesh.catch-up.neighbors=3",
                "peermesh.catch-up.timeout=4s", "peermesh.catch-up.topics[*].max-age=5s",
                "peermesh.catch-up.topics[orders.*].max-messages=500",
                "peermesh.catch-up.topics[orders.eu.vip].max-age=2m")
                .run(context -> {
                    CatchUpSettings catchUp = context.getBean(MeshNode.class).settings().catchUp();
                    assertThat(catchUp.enabled()).isTrue();
                    assertThat(catchUp.neighbors()).isEqualTo(3);
                    assertThat(catchUp.timeout()).isEqualTo(Duration.ofSeconds(4));
                    assertThat(catchUp.topics()).containsExactly(
                            new CatchUpSettings.Topics("orders.eu.vip", Duration.ofMinutes(2), 200),
                            new CatchUpSettings.Topics("orders.*", Duration.ofSeconds(30), 500),
                            new CatchUpSettings.Topics("*", Duration.ofSeconds(5), 200));
                });
    }

    @Test
    void catchUpIsOffByDefaultAndAsksForEveryTopicWhenOn() {
        contextRunner.run(context -> assertThat(context.getBean(MeshNode.class).settings().catchUp().enabled())
                .isFalse());
        contextRunner.withPropertyValues("peermesh.catch-up.enabled=true").run(context -> assertThat(
                context.getBean(MeshNode.class).settings().catchUp().topics())
                .containsExactly(new CatchUpSettings.Topics("*", Duration.ofMinutes(1), 10_000)));
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
        contextRunner
                .withPropertyValues("peermesh.resolver.static.seeds=10.0.0.5:7400, seed.example.org:7401,[::1]:7402")
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
}
