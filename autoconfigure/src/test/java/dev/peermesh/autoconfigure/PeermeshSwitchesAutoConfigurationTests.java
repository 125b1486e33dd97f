package dev.peermesh.autoconfigure;

import dev.peermesh.MeshNode;
import dev.peermesh.actuate.PeermeshEndpoint;
import dev.peermesh.actuate.PeermeshHealthIndicator;
import dev.peermesh.actuate.PeermeshMetrics;
import dev.peermesh.integration.inbound.MeshInboundChannelAdapter;
import dev.peermesh.integration.inbound.SubscriberFailures;
import dev.peermesh.integration.outbound.MeshMessageHandler;
import dev.peermesh.resolver.PeerResolver;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the switches ({@code peermesh.enabled}, {@code peermesh.integration.enabled}, ...) and missing libraries leave
 * out.
 */
class PeermeshSwitchesAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = AutoConfigurationContexts.contextRunner();

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
}
