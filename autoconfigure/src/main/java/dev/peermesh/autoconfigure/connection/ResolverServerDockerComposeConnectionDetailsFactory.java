package dev.peermesh.autoconfigure.connection;

import dev.peermesh.autoconfigure.ResolverServerConnectionDetails;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.docker.compose.core.RunningService;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionDetailsFactory;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionSource;

/**
 * {@link ResolverServerConnectionDetails} from a docker-compose service running the {@code peermesh/resolver-server}
 * image (or labelled {@code org.springframework.boot.service-connection: peermesh/resolver-server}): its published
 * port, and the first token of its {@code PEERMESH_RESOLVERSERVER_AUTH_TOKENS}.
 */
class ResolverServerDockerComposeConnectionDetailsFactory
        extends DockerComposeConnectionDetailsFactory<ResolverServerConnectionDetails> {

    ResolverServerDockerComposeConnectionDetailsFactory() {
        super(ResolverServerEndpoint.IMAGE);
    }

    @Override
    protected ResolverServerConnectionDetails getDockerComposeConnectionDetails(DockerComposeConnectionSource source) {
        return new Details(source.getRunningService());
    }

    private static final class Details extends DockerComposeConnectionDetails
            implements ResolverServerConnectionDetails {

        private final String url;

        private final @Nullable String token;

        Details(RunningService service) {
            super(service);
            this.url = "http://" + service.host() + ":" + service.ports().get(ResolverServerEndpoint.PORT);
            this.token = ResolverServerEndpoint.token(service.env());
        }

        @Override
        public String getUrl() {
            return url;
        }

        @Override
        public @Nullable String getToken() {
            return token;
        }
    }
}
