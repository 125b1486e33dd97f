package dev.peermesh.resolver.http;

import dev.peermesh.InvalidSettingException;
import dev.peermesh.PeerAddress;
import dev.peermesh.resolver.PeerRegistration;
import dev.peermesh.resolver.PeerResolver;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.jspecify.annotations.Nullable;

/**
 * Finds peers through a peermesh resolver server (docs/resolver-api.md), the counterpart of WCF's custom resolver
 * service. A registered node is kept registered: its lease is renewed before it runs out, a registration the server
 * forgot is made again, and failed calls are retried after a doubling wait — in the background, so a node never
 * waits for its resolver server to start. A crashed process stops renewing, and the server drops it when the lease
 * ends.
 *
 * <p>{@code HttpPeerResolver.create(HttpPeerResolver.Settings.of(URI.create("http://resolver:7480")).withToken(token))}
 */
public final class HttpPeerResolver implements PeerResolver {

    private final Settings settings;
    private final ResolverClient client;
    private final ScheduledExecutorService timer;
    private final LeaseKeeper leases;

    private HttpPeerResolver(Settings settings) {
        this.settings = settings;
        HttpClient.Builder http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout());
        if (settings.sslContext() != null) {
            http.sslContext(settings.sslContext());
        }
        this.client = new ResolverClient(http.build(), settings);
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "peermesh-resolver-lease");
            thread.setDaemon(true);
            return thread;
        });
        this.leases = new LeaseKeeper(client, timer, settings.firstRetry(), settings.lastRetry());
    }

    /** The resolver server's scheme, host, port and path: never the token, nor credentials in the URL. */
    @Override
    public String toString() {
        URI url = settings.url();
        return "HttpPeerResolver[" + url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":"
                + url.getPort()) + (url.getRawPath() == null ? "" : url.getRawPath()) + "]";
    }

    /** A resolver for the server and options given. */
    public static HttpPeerResolver create(Settings settings) {
        return new HttpPeerResolver(Objects.requireNonNull(settings, "settings"));
    }

    /** The settings it runs with. */
    public Settings settings() {
        return settings;
    }

    /** Registers now and keeps the registration alive; on failure, keeps trying in the background and throws. */
    @Override
    public void register(PeerRegistration registration) {
        leases.keep(registration);
    }

    /** Renews now (registering again if the server forgot the node). */
    @Override
    public void refresh(PeerRegistration registration) {
        leases.keep(registration);
    }

    @Override
    public void unregister(PeerRegistration registration) {
        leases.forget(registration);
    }

    /** Stops renewing the node's lease, without unregistering: the server drops it when the lease ends. */
    @Override
    public void abandon(PeerRegistration registration) {
        leases.abandon(registration);
    }

    @Override
    public List<PeerAddress> resolve(String meshId, int maxAddresses) {
        return client.resolve(meshId, maxAddresses);
    }

    /** The server's id for a node's registration, or null while it has none (for tests and diagnostics). */
    public @Nullable String registrationId(PeerRegistration registration) {
        return leases.registrationId(registration);
    }

    /**
     * Stops renewing leases, without unregistering: a node that stops gracefully unregisters first, and one that
     * does not is dropped by the server when its lease ends.
     */
    @Override
    public void close() {
        timer.shutdownNow();
    }

    /**
     * Where the resolver server is and how to talk to it.
     *
     * @param url the server's base URL, {@code http://host:7480} or {@code https://…}
     * @param token the bearer token the server expects, or null (with mutual TLS, say)
     * @param sslContext the TLS context for {@code https} (trust, and a client certificate for mutual TLS), or null
     *                   for the JVM's default
     * @param connectTimeout the longest wait for a connection
     * @param requestTimeout the longest wait for an answer
     * @param firstRetry the wait before retrying a failed registration, doubled at each failure
     * @param lastRetry the longest wait between retries
     */
    public record Settings(URI url, @Nullable String token, @Nullable SSLContext sslContext, Duration connectTimeout,
            Duration requestTimeout, Duration firstRetry, Duration lastRetry) {

        public Settings {
            Objects.requireNonNull(url, "url");
            String scheme = url.getScheme();
            if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || url.getHost() == null) {
                throw new InvalidSettingException("resolver.http.url", url,
                        "give an http:// or https:// URL with a host, for example http://resolver:7480");
            }
            if (token != null && (token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e))) {
                // the token itself never goes into a message
                throw new InvalidSettingException("resolver.http.token", "not printable", "use printable ASCII "
                        + "without spaces, as the resolver server's peermesh.resolver-server.auth.tokens");
            }
            positive("resolver.http.connect-timeout", connectTimeout);
            positive("resolver.http.request-timeout", requestTimeout);
            positive("resolver.http.first-retry", firstRetry);
            positive("resolver.http.last-retry", lastRetry);
            if (lastRetry.compareTo(firstRetry) < 0) {
                throw new InvalidSettingException("resolver.http.last-retry", lastRetry,
                        "make it at least resolver.http.first-retry (" + firstRetry + ")");
            }
        }

        /** Defaults: no token, the JVM's TLS, 5 s to connect and to answer, retries from 1 s doubling to 1 min. */
        public static Settings of(URI url) {
            return new Settings(url, null, null, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(1),
                    Duration.ofMinutes(1));
        }

        public Settings withToken(String token) {
            return new Settings(url, token, sslContext, connectTimeout, requestTimeout, firstRetry, lastRetry);
        }

        public Settings withSslContext(SSLContext sslContext) {
            return new Settings(url, token, sslContext, connectTimeout, requestTimeout, firstRetry, lastRetry);
        }

        public Settings withTimeouts(Duration connectTimeout, Duration requestTimeout) {
            return new Settings(url, token, sslContext, connectTimeout, requestTimeout, firstRetry, lastRetry);
        }

        public Settings withRetries(Duration firstRetry, Duration lastRetry) {
            return new Settings(url, token, sslContext, connectTimeout, requestTimeout, firstRetry, lastRetry);
        }

        @Override
        public String toString() {
            // never the token
            return "HttpPeerResolver.Settings[url=" + url + ", token=" + (token == null ? "none" : "***")
                    + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout + "]";
        }

        private static void positive(String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new InvalidSettingException(name, value, "give a positive duration");
            }
        }
    }
}
