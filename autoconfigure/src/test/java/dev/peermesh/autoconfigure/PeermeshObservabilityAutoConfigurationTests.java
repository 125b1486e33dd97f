package dev.peermesh.autoconfigure;

import dev.peermesh.MeshNode;
import dev.peermesh.MeshSettings;
import dev.peermesh.NodeId;
import dev.peermesh.PeerAddress;
import dev.peermesh.Rejection;
import dev.peermesh.resolver.StaticPeerResolver;

import java.net.Socket;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.messaging.support.MessageBuilder;

import static dev.peermesh.autoconfigure.AutoConfigurationContexts.outbound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The node's health indicator and meters.
 */
class PeermeshObservabilityAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = AutoConfigurationContexts.contextRunner();

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
    void healthIsOutOfServiceWithoutNeighborsWhenTheyAreRequired() {
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
}
