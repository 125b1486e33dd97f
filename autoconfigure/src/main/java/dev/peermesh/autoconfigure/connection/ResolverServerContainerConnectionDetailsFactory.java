package dev.peermesh.autoconfigure.connection;

import dev.peermesh.autoconfigure.ResolverServerConnectionDetails;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;
import org.testcontainers.containers.Container;

/**
 * {@link ResolverServerConnectionDetails} from a {@code @ServiceConnection} container of the
 * {@code peermesh/resolver-server} image (or one annotated {@code @ServiceConnection("peermesh/resolver-server")}):
 * its mapped port on the Docker host, and the first token of its {@code PEERMESH_RESOLVERSERVER_AUTH_TOKENS}.
 */
class ResolverServerContainerConnectionDetailsFactory
        extends ContainerConnectionDetailsFactory<Container<?>, ResolverServerConnectionDetails> {

    ResolverServerContainerConnectionDetailsFactory() {
        super(ResolverServerEndpoint.IMAGE);
    }

    @Override
    protected ResolverServerConnectionDetails getContainerConnectionDetails(
            ContainerConnectionSource<Container<?>> source) {
        return new Details(source);
    }

    private static final class Details extends ContainerConnectionDetails<Container<?>>
            implements ResolverServerConnectionDetails {

        Details(ContainerConnectionSource<Container<?>> source) {
            super(source);
        }

        @Override
        public String getUrl() {
            Container<?> container = getContainer();
            return "http://" + container.getHost() + ":" + container.getMappedPort(ResolverServerEndpoint.PORT);
        }

        @Override
        public @Nullable String getToken() {
            return ResolverServerEndpoint.token(getContainer().getEnvMap());
        }
    }
}
