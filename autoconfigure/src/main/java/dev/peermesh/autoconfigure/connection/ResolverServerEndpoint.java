package dev.peermesh.autoconfigure.connection;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a resolver-server container or service tells about itself: the port it listens on inside, and the token it
 * accepts, from its environment ({@code PEERMESH_RESOLVERSERVER_AUTH_TOKENS}, the first of them).
 */
final class ResolverServerEndpoint {

    /** The image name both factories match: {@code peermesh/resolver-server} with any tag. */
    static final String IMAGE = "peermesh/resolver-server";

    /** The port the server listens on in its image ({@code resolver-server/Dockerfile}). */
    static final int PORT = 7480;

    private static final String TOKENS = "PEERMESH_RESOLVERSERVER_AUTH_TOKENS";

    private ResolverServerEndpoint() {
    }

    /** The first token the server accepts, or null when its environment names none. */
    static @Nullable String token(Map<String, String> environment) {
        String tokens = environment.get(TOKENS);
        if (tokens == null || tokens.isBlank()) {
            return null;
        }
        String first = tokens.split(",")[0].trim();
        return first.isEmpty() ? null : first;
    }
}
