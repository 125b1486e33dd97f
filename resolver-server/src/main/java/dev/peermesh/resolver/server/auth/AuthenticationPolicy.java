package dev.peermesh.resolver.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import dev.peermesh.resolver.server.config.ResolverServerConfigurationException;
import dev.peermesh.resolver.server.config.ResolverServerProperties;

import org.springframework.core.env.Environment;

/**
 * How clients authenticate, decided once at start-up: bearer tokens when {@code auth.tokens} lists some, client
 * certificates when {@code server.ssl.client-auth=need}, nobody at all only with {@code auth.allow-anonymous=true}.
 * With none of these the server refuses to start.
 *
 * <p>{@code if (policy.tokensRequired() && !policy.acceptsToken(presented)) reject();}
 */
public final class AuthenticationPolicy {

    private final List<byte[]> tokenDigests;

    private final boolean mutualTls;

    /** Reads the policy from the server's properties and {@code server.ssl.*}; throws when none is configured. */
    public AuthenticationPolicy(ResolverServerProperties properties, Environment environment) {
        this.tokenDigests = properties.getAuth().getTokens().stream().map(AuthenticationPolicy::digest).toList();
        this.mutualTls = environment.getProperty("server.ssl.enabled", Boolean.class, true)
                && "need".equalsIgnoreCase(environment.getProperty("server.ssl.client-auth", "none").trim());
        if (tokenDigests.isEmpty() && !mutualTls && !properties.getAuth().isAllowAnonymous()) {
            throw new ResolverServerConfigurationException("no client authentication is configured: "
                    + ResolverServerProperties.PREFIX + ".auth.tokens is empty, server.ssl.client-auth is not 'need'"
                    + " and " + ResolverServerProperties.PREFIX + ".auth.allow-anonymous is false",
                    "set " + ResolverServerProperties.PREFIX + ".auth.tokens to one or more long random tokens, or "
                            + "set server.ssl.bundle and server.ssl.client-auth=need for mutual TLS, or (only on a "
                            + "closed network) set " + ResolverServerProperties.PREFIX
                            + ".auth.allow-anonymous=true");
        }
    }

    /** Whether a request without a client certificate must show one of the tokens. */
    public boolean tokensRequired() {
        return !tokenDigests.isEmpty();
    }

    /** Whether clients must show a certificate during the TLS handshake. */
    public boolean mutualTls() {
        return mutualTls;
    }

    /** Whether {@code presented} is one of the tokens; takes the same time whichever token, if any, it matches. */
    public boolean acceptsToken(String presented) {
        byte[] digest = digest(presented);
        boolean accepted = false;
        for (byte[] token : tokenDigests) {
            accepted |= MessageDigest.isEqual(digest, token);
        }
        return accepted;
    }

    /** Comparing fixed-length digests keeps the comparison's time independent of the tokens' lengths. */
    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", ex);
        }
    }
}
