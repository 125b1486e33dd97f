package dev.peermesh.resolver.server.auth;

import dev.peermesh.resolver.server.ResolverServerApplication;
import dev.peermesh.resolver.server.config.ResolverServerConfigurationException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The server refuses settings that cannot work, naming the properties to fix. */
class StartupChecksTest {

    @Test
    void withoutTokensMutualTlsOrAllowAnonymousTheServerRefusesToStart() {
        assertThatThrownBy(() -> start("--server.port=0"))
                .hasRootCauseInstanceOf(ResolverServerConfigurationException.class)
                .rootCause().hasMessageContaining("peermesh.resolver-server.auth.tokens")
                .hasMessageContaining("server.ssl.client-auth").hasMessageContaining("allow-anonymous");
    }

    @Test
    void allowAnonymousLetsTheServerStartWithoutAuthentication() {
        try (ConfigurableApplicationContext context = start("--server.port=0",
                "--peermesh.resolver-server.auth.allow-anonymous=true")) {
            assertThat(context.getBean(AuthenticationPolicy.class).tokensRequired()).isFalse();
        }
    }

    @Test
    void aShortTokenIsRefusedWithAHowTo() {
        assertThatThrownBy(() -> start("--server.port=0", "--peermesh.resolver-server.auth.tokens=secret"))
                .hasRootCauseInstanceOf(ResolverServerConfigurationException.class)
                .rootCause().hasMessageContaining("peermesh.resolver-server.auth.tokens[0]")
                .hasMessageContaining("openssl rand");
    }

    @Test
    void aLeaseUnderOneSecondIsRefused() {
        assertThatThrownBy(() -> start("--server.port=0", "--peermesh.resolver-server.auth.allow-anonymous=true",
                "--peermesh.resolver-server.lease=500ms"))
                .hasRootCauseInstanceOf(ResolverServerConfigurationException.class)
                .rootCause().hasMessageContaining("peermesh.resolver-server.lease is PT0.5S")
                .hasMessageContaining("1000ms or more");
    }

    private static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(ResolverServerApplication.class).run(args);
    }
}
