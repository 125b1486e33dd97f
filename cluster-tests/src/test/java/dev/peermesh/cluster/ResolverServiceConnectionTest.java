package dev.peermesh.cluster;

import dev.peermesh.MeshNode;
import dev.peermesh.autoconfigure.ResolverServerConnectionDetails;
import dev.peermesh.listener.PeermeshListener;
import dev.peermesh.messaging.PeermeshTemplate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Boot's Testcontainers support wires the resolver server: two Spring Boot applications with the starter, no
 * {@code peermesh.resolver.*} property set, each with the resolver-server container as a {@code @ServiceConnection}
 * bean, get its URL and token as {@link ResolverServerConnectionDetails}, register with it, find each other through
 * it, and exchange a message.
 */
class ResolverServiceConnectionTest {

    private static final String TOKEN = "service-connection-token-0123456789";

    private static GenericContainer<?> resolver;

    @BeforeAll
    static void startResolver() {
        ClusterImages.requireDockerAndBaseImage();
        resolver = new GenericContainer<>(ClusterImages.resolverServer())
                .withImagePullPolicy(ClusterImages.NEVER_PULL)
                .withEnv("PEERMESH_RESOLVERSERVER_AUTH_TOKENS", TOKEN)
                .withExposedPorts(7480)
                .waitingFor(Wait.forHttp("/actuator/health").forPort(7480).forStatusCode(200)
                        .withStartupTimeout(Duration.ofMinutes(3)));
        resolver.start();
    }

    @AfterAll
    static void stopResolver() {
        if (resolver != null) {
            resolver.stop();
        }
    }

    @Test
    void applicationsFindEachOtherThroughAServiceConnectedResolverContainer() {
        try (ConfigurableApplicationContext first = start();
                ConfigurableApplicationContext second = start()) {
            ResolverServerConnectionDetails details = first.getBean(ResolverServerConnectionDetails.class);
            assertThat(details.getUrl()).isEqualTo("http://" + resolver.getHost() + ":"
                    + resolver.getMappedPort(7480));
            assertThat(details.getToken()).isEqualTo(TOKEN);
            await().atMost(Duration.ofSeconds(60)).until(() -> node(first).state().online()
                    && node(second).state().online());

            first.getBean(PeermeshTemplate.class).publish("greetings", "hello through the resolver");

            List<String> heard = second.getBean(App.class).heard;
            await().until(() -> heard.size() == 1);
            assertThat(heard).containsExactly("hello through the resolver");
        }
    }

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(App.class).properties(Map.of(
                "spring.main.web-application-type", "none",
                "spring.main.banner-mode", "off",
                "peermesh.mesh-id", "service-connection",
                "peermesh.password", "Service-Connection-1",
                "peermesh.bind-address", "127.0.0.1",
                "peermesh.maintenance-interval", "250ms",
                "peermesh.resolver.refresh-interval", "1s")).run();
    }

    private static MeshNode node(ConfigurableApplicationContext context) {
        return context.getBean(MeshNode.class);
    }

    /** An application with the starter, the resolver container as a service connection, and a listener. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        final List<String> heard = new CopyOnWriteArrayList<>();

        @Bean
        @ServiceConnection("peermesh/resolver-server") // a bean method does not tell Boot the image name
        GenericContainer<?> resolverServer() {
            return resolver;
        }

        @PeermeshListener("greetings")
        void on(String text) {
            heard.add(text);
        }
    }
}
