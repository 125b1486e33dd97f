package dev.peermesh.resolver.http;

import com.sun.net.httpserver.HttpServer;
import dev.peermesh.PeerAddress;
import dev.peermesh.resolver.PeerRegistration;
import dev.peermesh.resolver.PeerResolverException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The client's own rules and its answers to servers that are down or are not resolver servers. */
class HttpPeerResolverTest {

    private static final PeerRegistration ME = new PeerRegistration("orders", 7, PeerAddress.parse("10.0.0.9:7400"));

    private HttpServer notAResolver;

    @AfterEach
    void stopServer() {
        if (notAResolver != null) {
            notAResolver.stop(0);
        }
    }

    @Test
    void settingsRefuseAnUrlThatIsNotHttp() {
        assertThatThrownBy(() -> HttpPeerResolver.Settings.of(URI.create("ftp://resolver:7480")))
                .hasMessageContaining("resolver.http.url").hasMessageContaining("http://");
    }

    @Test
    void settingsRefuseATokenWithSpaces() {
        HttpPeerResolver.Settings settings = HttpPeerResolver.Settings.of(URI.create("http://resolver:7480"));
        assertThatThrownBy(() -> settings.withToken("two words")).hasMessageContaining("resolver.http.token");
    }

    @Test
    void settingsRefuseALastRetryShorterThanTheFirst() {
        HttpPeerResolver.Settings settings = HttpPeerResolver.Settings.of(URI.create("http://resolver:7480"));
        assertThatThrownBy(() -> settings.withRetries(Duration.ofSeconds(10), Duration.ofSeconds(1)))
                .hasMessageContaining("resolver.http.last-retry");
    }

    @Test
    void settingsNeverShowTheToken() {
        HttpPeerResolver.Settings settings = HttpPeerResolver.Settings.of(URI.create("http://resolver:7480"))
                .withToken("s3cret-token");
        assertThat(settings.toString()).doesNotContain("s3cret-token").contains("***");
    }

    @Test
    void resolvingFromAServerThatIsDownFailsWithTheUrlAndWhatToCheck() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + closedPort);
        try (HttpPeerResolver resolver = HttpPeerResolver.create(HttpPeerResolver.Settings.of(url))) {
            assertThatThrownBy(() -> resolver.resolve("orders", 3))
                    .isInstanceOf(PeerResolverException.class)
                    .hasMessageContaining(url.toString())
                    .hasMessageContaining("peermesh.resolver.http.url");
        }
    }

    @Test
    void registeringWithAServerThatIsDownThrowsAndKeepsTryingInTheBackground() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        HttpPeerResolver.Settings settings = HttpPeerResolver.Settings.of(URI.create("http://127.0.0.1:" + closedPort));
        try (HttpPeerResolver resolver = HttpPeerResolver.create(settings)) {
            assertThatThrownBy(() -> resolver.register(ME)).isInstanceOf(PeerResolverException.class);
            assertThat(resolver.registrationId(ME)).isNull();
            resolver.unregister(ME);   // nothing to withdraw, and nothing thrown
        }
    }

    @Test
    void aServerThatIsNotAResolverGetsAClearError() throws IOException {
        notAResolver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        notAResolver.createContext("/", exchange -> {
            byte[] page = "<html>hello</html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        notAResolver.start();
        URI url = URI.create("http://127.0.0.1:" + notAResolver.getAddress().getPort());
        try (HttpPeerResolver resolver = HttpPeerResolver.create(HttpPeerResolver.Settings.of(url))) {
            assertThatThrownBy(() -> resolver.resolve("orders", 3))
                    .isInstanceOf(PeerResolverException.class)
                    .hasMessageContaining("cannot read")
                    .hasMessageContaining("peermesh resolver server");
        }
    }

    @Test
    void aServerThatStallsAfterItsHeadersIsGivenUpOnAfterTheRequestTimeout() throws IOException {
        CountDownLatch release = new CountDownLatch(1);
        notAResolver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        notAResolver.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, 0);   // chunked: the body never ends
            exchange.getResponseBody().write("{\"peers\":[".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            try {
                release.await(30, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        notAResolver.setExecutor(Executors.newCachedThreadPool());
        notAResolver.start();
        URI url = URI.create("http://127.0.0.1:" + notAResolver.getAddress().getPort());
        HttpPeerResolver.Settings settings = HttpPeerResolver.Settings.of(url)
                .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300));
        try (HttpPeerResolver resolver = HttpPeerResolver.create(settings)) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> resolver.resolve("m", 3))
                    .isInstanceOf(PeerResolverException.class)
                    .hasMessageContaining("within 300 ms")
                    .hasMessageContaining("peermesh.resolver.http.request-timeout"));
        }
        finally {
            release.countDown();
        }
    }

    @Test
    void aRefusalCarriesTheServersDetailAndAHintForAuthentication() throws IOException {
        notAResolver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        notAResolver.createContext("/", exchange -> {
            byte[] problem = "{\"status\":401,\"detail\":\"bearer token missing\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(401, problem.length);
            exchange.getResponseBody().write(problem);
            exchange.close();
        });
        notAResolver.start();
        URI url = URI.create("http://127.0.0.1:" + notAResolver.getAddress().getPort());
        try (HttpPeerResolver resolver = HttpPeerResolver.create(HttpPeerResolver.Settings.of(url))) {
            assertThatThrownBy(() -> resolver.resolve("orders", 3))
                    .hasMessageContaining("HTTP 401")
                    .hasMessageContaining("peermesh.resolver.http.token")
                    .hasMessageContaining("bearer token missing");
        }
    }

    @Test
    void aRefusalQuotesTheServersDetailEscaped() throws IOException {
        notAResolver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        notAResolver.createContext("/", exchange -> {
            byte[] problem = "{\"detail\":\"no\u001b[31m red\u0007\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(400, problem.length);
            exchange.getResponseBody().write(problem);
            exchange.close();
        });
        notAResolver.start();
        URI url = URI.create("http://127.0.0.1:" + notAResolver.getAddress().getPort());
        try (HttpPeerResolver resolver = HttpPeerResolver.create(HttpPeerResolver.Settings.of(url))) {
            assertThatThrownBy(() -> resolver.resolve("orders", 3))
                    .hasMessageContaining("no\\u001b[31m red\\u0007")
                    .hasMessageNotContaining("\u001b");
        }
    }
}
