package dev.peermesh.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where the resolver server is and how to call it, from somewhere other than {@code peermesh.resolver.http.*}:
 * Boot's Testcontainers support ({@code @ServiceConnection} on a resolver-server container) and docker-compose
 * support (a resolver-server service) make one. With such a bean the node uses the http resolver with this URL and
 * token — where {@code peermesh.resolver.type} names {@code http}, or first when it does not.
 *
 * <p>{@code @Bean @ServiceConnection("peermesh/resolver-server") GenericContainer<?> resolver() { ... }}
 */
public interface ResolverServerConnectionDetails extends ConnectionDetails {

    /** The resolver server's base URL, for example {@code http://127.0.0.1:32768}. */
    String getUrl();

    /** The bearer token it expects, or null when it expects none (mutual TLS). */
    default @Nullable String getToken() {
        return null;
    }
}
