package dev.peermesh.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.peermesh.autoconfigure.InvalidProperties.assertInvalidProperty;

/**
 * How bad settings stop the application starting, naming the property.
 */
class PeermeshInvalidSettingsAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = AutoConfigurationContexts.contextRunner();

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
    void failsWithFewerMaxNeighborsThanIdeal() {
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
    void failsWithACatchUpPatternWithAStarBeforeItsEnd() {
        contextRunner.withPropertyValues("peermesh.catch-up.enabled=true", "peermesh.catch-up.topics[*.eu].max-age=1m")
                .run(context -> assertInvalidProperty(context, "peermesh.catch-up.topics")
                        .hasMessageContaining("'*' is allowed only as the last character"));
    }

    @Test
    void failsWithNoCatchUpMessages() {
        contextRunner.withPropertyValues("peermesh.catch-up.max-messages=0")
                .run(context -> assertInvalidProperty(context, "peermesh.catch-up.max-messages", 0)
                        .hasMessageContaining("allowed: 1 to 1000000"));
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
}
