package dev.peermesh.resolver.http;

import com.sun.net.httpserver.HttpServer;
import dev.peermesh.PeerAddress;
import dev.peermesh.resolver.PeerRegistration;
import dev.peermesh.resolver.PeerResolverException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The client's own rules and its answers to servers that are down or are not resolver servers, or answer more than
 * the client reads ({@link ResolverClient#MAX_BODY_BYTES}).
 */
class HttpPeerResolverTest {

    private static final PeerRegistration ME = new PeerRegistration("orders", 7, PeerAddress.parse("10.0.0.9:7400"));

    private static final int LIMIT = ResolverClient.MAX_BODY_BYTES;

    private static final PeerAddress PEER = PeerAddress.parse("10.0.0.1:7400");

    private HttpServer notAResolver;

    @AfterEach
    void stopServer() {
        if (notAResolver != null) {
            notAResolver.stop(0);
            notAResolver = null;
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

    // ---- answer size ------------------------------------------------------------------------------------------

    @Test
    void anAnswerOfExactlyTheLimitIsRead() throws IOException {
        for (boolean chunked : new boolean[] {false, true}) {
            URI url = answering(LIMIT, chunked);
            try (HttpPeerResolver resolver = HttpPeerResolver.create(HttpPeerResolver.Settings.of(url))) {
                assertThat(resolver.resolve("orders", 3)).as(chunked ? "chunked" : "with a Content-Length")
                        .containsExactly(PEER);
            }
            notAResolver.stop(0);
            notAResolver = null;
        }
    }

    @Test
    void anAnswerOneByteOverTheLimitIsRefusedWithTheLimitWhetherDeclaredOrChunked() throws IOException {
        for (boolean chunked : new boolean[] {false, true}) {
            URI url = answering(LIMIT + 1, chunked);
            try (HttpPeerResolver resolver = HttpPeerResolver.create(HttpPeerResolver.Settings.of(url))) {
                assertThatThrownBy(() -> resolver.resolve("orders", 3))
                        .as(chunked ? "chunked" : "with a Content-Length")
                        .isInstanceOf(PeerResolverException.class)
                        .hasMessageContaining(url.toString())
                        .hasMessageContaining("resolve mesh 'orders' with more than " + LIMIT + " bytes")
                        .hasMessageContaining("a peermesh resolver server?");
            }
            notAResolver.stop(0);
            notAResolver = null;
        }
    }

    @Test
    void anEndlessAnswerIsCutOffAtTheLimitNotReadToItsEnd() throws IOException {
        long cap = 256L * LIMIT; // the server gives up there, if the client never does
        AtomicLong written = new AtomicLong();
        AtomicBoolean cutOff = new AtomicBoolean();
        notAResolver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        notAResolver.createContext("/", exchange -> {
            byte[] spaces = new byte[64 * 1024];
            Arrays.fill(spaces, (byte) ' ');
            exchange.sendResponseHeaders(200, 0); // chunked, no length to go by
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("{\"peers\":[".getBytes(StandardCharsets.UTF_8));
                while (written.get() < cap) {
                    out.write(spaces);
                    written.addAndGet(spaces.length);
                }
            }
            catch (IOException ex) {
                cutOff.set(true);
            }
            exchange.close();
        });
        notAResolver.start();
        URI url = URI.create("http://127.0.0.1:" + notAResolver.getAddress().getPort());
        HttpPeerResolver.Settings settings = HttpPeerResolver.Settings.of(url)
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(5));

        try (HttpPeerResolver resolver = HttpPeerResolver.create(settings)) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> resolver.resolve("m", 3))
                    .isInstanceOf(PeerResolverException.class)
                    .hasMessageContaining("with more than " + LIMIT + " bytes"));
        }
        await("the client hanging up mid-answer").atMost(Duration.ofSeconds(10)).untilTrue(cutOff);
        assertThat(written.get()).as("bytes the server got out before the client hung up").isLessThan(cap);
    }

    /**
     * Starts a server that answers every request with a resolve answer naming {@link #PEER}, padded with spaces to
     * {@code size} bytes, with a Content-Length or chunked; returns its URL.
     */
    private URI answering(int size, boolean chunked) throws IOException {
        byte[] answer = new byte[size];
        Arrays.fill(answer, (byte) ' ');
        byte[] json = ("{\"peers\":[{\"addresses\":[\"" + PEER + "\"]}]}").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(json, 0, answer, 0, json.length);
        notAResolver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        notAResolver.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, chunked ? 0 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
            catch (IOException ex) {
                // the client hung up once it had read enough
            }
            exchange.close();
        });
        notAResolver.start();
        return URI.create("http://127.0.0.1:" + notAResolver.getAddress().getPort());
    }
}
