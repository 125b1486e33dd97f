package org.springframework.boot.docker.compose.service.connection;

import dev.peermesh.autoconfigure.ResolverServerConnectionDetails;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactories;
import org.springframework.boot.docker.compose.core.ConnectionPorts;
import org.springframework.boot.docker.compose.core.ImageReference;
import org.springframework.boot.docker.compose.core.RunningService;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The docker-compose side of {@link ResolverServerConnectionDetails}: Boot's own lookup of connection-details
 * factories finds ours for a running resolver-server service and reads its published port and first token. (In
 * Boot's package, for the source's constructor; Boot's docker-compose support needs Docker Compose v2, which this
 * project's machines do not have, so a compose file cannot be started here. The Testcontainers side runs against the
 * real image in {@code cluster-tests}.)
 */
class ResolverServerDockerComposeConnectionTest {

    @Test
    void aResolverServerServiceGivesItsPublishedPortAndFirstToken() {
        Map<Class<?>, ConnectionDetails> details = new ConnectionDetailsFactories(null)
                .getConnectionDetails(source("peermesh/resolver-server:demo", Map.of()), false);

        ResolverServerConnectionDetails resolver = (ResolverServerConnectionDetails) details
                .get(ResolverServerConnectionDetails.class);
        assertThat(resolver.getUrl()).isEqualTo("http://127.0.0.1:32780");
        assertThat(resolver.getToken()).isEqualTo("first-token-0123456789");
    }

    @Test
    void anotherImageIsNotTakenForTheResolverServerUnlessLabelled() {
        assertThat(new ConnectionDetailsFactories(null)
                .getConnectionDetails(source("redis:7", Map.of()), false)).isEmpty();
        assertThat(new ConnectionDetailsFactories(null).getConnectionDetails(source("mycompany/resolver:1",
                Map.of("org.springframework.boot.service-connection", "peermesh/resolver-server")), false))
                .containsKey(ResolverServerConnectionDetails.class);
    }

    private static DockerComposeConnectionSource source(String image, Map<String, String> labels) {
        RunningService service = new RunningService() {
            @Override
            public String name() {
                return "resolver";
            }

            @Override
            public ImageReference image() {
                return ImageReference.of(image);
            }

            @Override
            public String host() {
                return "127.0.0.1";
            }

            @Override
            public ConnectionPorts ports() {
                return new ConnectionPorts() {
                    @Override
                    public int get(int containerPort) {
                        return containerPort == 7480 ? 32780 : -1;
                    }

                    @Override
                    public List<Integer> getAll() {
                        return List.of(32780);
                    }

                    @Override
                    public List<Integer> getAll(String protocol) {
                        return List.of(32780);
                    }
                };
            }

            @Override
            public Map<String, String> env() {
                return Map.of("PEERMESH_RESOLVERSERVER_AUTH_TOKENS", "first-token-0123456789, second-token-0123456");
            }

            @Override
            public Map<String, String> labels() {
                return labels;
            }
        };
        return new DockerComposeConnectionSource(service, new MockEnvironment());
    }
}
