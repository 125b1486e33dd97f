package dev.peermesh.resolver.server.config;

import java.time.Duration;
import java.util.List;

/** The start-up checks of {@link ResolverServerProperties}: each failure names the property, its value and a fix. */
final class PropertyChecks {

    /** Shortest token accepted: shorter ones can be guessed. */
    static final int MIN_TOKEN_LENGTH = 16;

    private PropertyChecks() {
    }

    static void check(ResolverServerProperties properties) {
        atLeast("lease", properties.getLease(), Duration.ofSeconds(1));
        atLeast("owner-retention", properties.getOwnerRetention(), Duration.ZERO);
        atLeast("sweep-interval", properties.getSweepInterval(), Duration.ofMillis(100));
        atLeastOne("max-addresses", properties.getMaxAddresses());
        atLeastOne("max-resolve", properties.getMaxResolve());
        atLeastOne("max-registrations-per-mesh", properties.getMaxRegistrationsPerMesh());
        atLeastOne("max-meshes", properties.getMaxMeshes());
        if (properties.getRateLimit().getRequestsPerSecond() < 0) {
            fail("rate-limit.requests-per-second", "is " + properties.getRateLimit().getRequestsPerSecond(),
                    "set it to 1 or more, or to 0 to turn the limit off");
        }
        atLeastOne("rate-limit.burst", properties.getRateLimit().getBurst());
        atLeastOne("rate-limit.max-clients", properties.getRateLimit().getMaxClients());
        if (properties.getStore() == null) {
            fail("store", "is empty", "set it to memory or redis");
        }
        List<String> tokens = properties.getAuth().getTokens();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            String name = "auth.tokens[" + i + "]";
            if (token == null || token.length() < MIN_TOKEN_LENGTH) {
                fail(name, "is shorter than " + MIN_TOKEN_LENGTH + " characters",
                        "use a long random token, for example from 'openssl rand -hex 32'");
            }
            if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                fail(name, "holds white space or characters outside printable ASCII",
                        "use a token of letters, digits and punctuation, for example from 'openssl rand -hex 32'");
            }
        }
    }

    private static void atLeast(String property, Duration value, Duration minimum) {
        if (value == null || value.compareTo(minimum) < 0) {
            fail(property, "is " + value, "set it to " + minimum.toMillis() + "ms or more");
        }
    }

    private static void atLeastOne(String property, int value) {
        if (value < 1) {
            fail(property, "is " + value, "set it to 1 or more");
        }
    }

    private static void fail(String property, String problem, String action) {
        throw new ResolverServerConfigurationException(
                ResolverServerProperties.PREFIX + "." + property + " " + problem, action);
    }
}
