package dev.peermesh.autoconfigure;

import dev.peermesh.resolver.StaticPeerResolver;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A key under {@code peermesh.} that no property has — most often a typo — stops the application, naming the key and
 * the closest real one, rather than being ignored while the node runs on a default.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnknownPropertyTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PeermeshAutoConfiguration.class))
            .withPropertyValues("peermesh.mesh-id=test", "peermesh.bind-address=127.0.0.1");

    @Test
    void misspeltKeyStopsTheApplicationNamingItAndTheClosestRealKey() {
        contextRunner.withPropertyValues("peermesh.resolver.static.seed=10.0.0.5:7400").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new PeermeshPropertiesFailureAnalyzer().analyze(context.getStartupFailure());

            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription())
                    .contains("peermesh.resolver.static.seed")
                    .contains("did you mean peermesh.resolver.static.seeds?");
            assertThat(analysis.getAction()).contains("peermesh.resolver.static.seeds");
        });
    }

    @Test
    void misspeltKeyInANestedGroupNamesTheClosestKeyOfThatGroup() {
        contextRunner.withPropertyValues("peermesh.limits.max-pending-publishs=10").run(context -> {
            FailureAnalysis analysis = new PeermeshPropertiesFailureAnalyzer().analyze(context.getStartupFailure());

            assertThat(analysis.getDescription()).contains("peermesh.limits.max-pending-publishs")
                    .contains("did you mean peermesh.limits.max-pending-publishes?");
        });
    }

    @Test
    void theDescriptionDoesNotRepeatTheValueWhichMayBeASecret() {
        contextRunner.withPropertyValues("peermesh.pasword=Very-Secret-Pass-1").run(context -> {
            FailureAnalysis analysis = new PeermeshPropertiesFailureAnalyzer().analyze(context.getStartupFailure());

            assertThat(analysis.getDescription()).contains("peermesh.pasword").contains("peermesh.password")
                    .doesNotContain("Very-Secret-Pass-1");
        });
    }

    @Test
    void everyRealKeyIsKnownToTheAnalyzer() {
        assertThat(PeermeshPropertiesFailureAnalyzer.knownKeys()).contains("peermesh.mesh-id",
                "peermesh.resolver.static.seeds", "peermesh.resolver.http.token",
                "peermesh.security.signatures.trusted-keys", "peermesh.limits.max-pending-deliveries",
                "peermesh.neighbors.max", "peermesh.integration.inbound-topics")
                .doesNotContain("peermesh.resolver", "peermesh.limits");
    }

    @Test
    void relaxedSpellingsStillBind() {
        contextRunner.withPropertyValues("peermesh.resolver.static.seeds=10.0.0.5:7400",
                "peermesh.maxMessageSize=64KB", "peermesh.limits.max_pending_publishes=500").run(context -> {
                    assertThat(context).hasNotFailed();
                    PeermeshProperties properties = context.getBean(PeermeshProperties.class);
                    assertThat(properties.getMaxMessageSize().toKilobytes()).isEqualTo(64);
                    assertThat(properties.getLimits().getMaxPendingPublishes()).isEqualTo(500);
                });
    }

    @Test
    void environmentVariablesStillBindAndAMisspeltOneIsNamed() {
        ApplicationContextRunner fromEnvironment = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PeermeshAutoConfiguration.class))
                .withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                Map.of("PEERMESH_MESH_ID", "test", "PEERMESH_BIND_ADDRESS", "127.0.0.1",
                                        "PEERMESH_RESOLVER_STATIC_SEEDS", "10.0.0.5:7400",
                                        "PEERMESH_MAX_MESSAGE_SIZE", "64KB"))));

        fromEnvironment.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(PeermeshProperties.class).getResolver().getStatic().getSeeds())
                    .containsExactly("10.0.0.5:7400");
            assertThat(context.getBean(PeermeshProperties.class).getMaxMessageSize().toKilobytes()).isEqualTo(64);
            assertThat(context).getBean(StaticPeerResolver.class).isNotNull();
        });
        fromEnvironment.withPropertyValues("peermesh.resolver.static.seed=x").run(context -> {
            FailureAnalysis analysis = new PeermeshPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("did you mean peermesh.resolver.static.seeds?");
        });
    }

    /** The analyzer is registered (META-INF/spring.factories) and runs ahead of Boot's own for unbound keys. */
    @Test
    void aRealApplicationReportsTheMisspeltKeyWhenItFailsToStart(CapturedOutput output) {
        SpringApplicationBuilder application = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .properties(Map.of("spring.main.banner-mode", "off", "peermesh.mesh-id", "test",
                        "peermesh.bind-address", "127.0.0.1", "peermesh.resolver.static.seed", "10.0.0.5:7400"));

        assertThatThrownBy(application::run).hasRootCauseInstanceOf(
                org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException.class);
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("peermesh.resolver.static.seed")
                .contains("did you mean peermesh.resolver.static.seeds?");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
