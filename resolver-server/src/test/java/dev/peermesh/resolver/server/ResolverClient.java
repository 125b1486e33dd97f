package dev.peermesh.resolver.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A test client for the resolver API over real HTTP, with an optional bearer token. */
public final class ResolverClient {

    /** A token the test servers accept. */
    public static final String TOKEN = "first-token-0123456789abcdef";

    /** A second token the test servers accept, as during a rotation. */
    public static final String SECOND_TOKEN = "second-token-0123456789abcdef";

    /** The registration secret this client registers with unless told otherwise, as a node's client does. */
    public static final String SECRET = "test-client-secret-0123456789abcdef";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;

    private final URI base;

    private final String token;

    private final String secret;

    public ResolverClient(URI base, String token) {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), base, token);
    }

    public ResolverClient(HttpClient http, URI base, String token) {
        this(http, base, token, SECRET);
    }

    private ResolverClient(HttpClient http, URI base, String token, String secret) {
        this.http = http;
        this.base = base;
        this.token = token;
        this.secret = secret;
    }

    /** The same client with another registration secret, or none ({@code null}). */
    public ResolverClient withSecret(String other) {
        return new ResolverClient(http, base, token, other);
    }

    public static ResolverClient onPort(int port) {
        return new ResolverClient(URI.create("http://127.0.0.1:" + port), TOKEN);
    }

    public ResolverClient withToken(String other) {
        return new ResolverClient(http, base, other, secret);
    }

    public Answer register(String mesh, String nodeId, String... addresses) {
        return send("POST", "/v1/meshes/" + mesh + "/registrations", body(nodeId, addresses));
    }

    public Answer refresh(String mesh, String registrationId, String nodeId, String... addresses) {
        return send("PUT", "/v1/meshes/" + mesh + "/registrations/" + registrationId, body(nodeId, addresses));
    }

    public Answer unregister(String mesh, String registrationId) {
        return send("DELETE", "/v1/meshes/" + mesh + "/registrations/" + registrationId, null);
    }

    public Answer resolve(String mesh, int max) {
        return send("GET", "/v1/meshes/" + mesh + "/peers?max=" + max, null);
    }

    /** The node ids a resolve answers, in the order given. */
    public List<String> resolveNodeIds(String mesh, int max) {
        Answer answer = resolve(mesh, max);
        if (answer.status() != 200) {
            throw new AssertionError("resolve answered " + answer.status() + ": " + answer.body());
        }
        return answer.json().get("peers").values().stream().map(peer -> peer.get("nodeId").asString()).toList();
    }

    public Answer send(String method, String path, String body) {
        return send(method, path, body, "application/json");
    }

    public Answer send(String method, String path, String body, String contentType) {
        return send(method, path, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body),
                body == null ? null : contentType);
    }

    /** Sends the body with chunked transfer encoding, so no Content-Length tells its size in advance. */
    public Answer sendChunked(String method, String path, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return send(method, path, BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)),
                "application/json");
    }

    private Answer send(String method, String path, HttpRequest.BodyPublisher publisher, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .method(method, publisher);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (secret != null && method.equals("POST") && path.endsWith("/registrations")) {
            request.header("Peermesh-Registration-Secret", secret);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Location").orElse(null),
                    response.headers().firstValue("WWW-Authenticate").orElse(null), response.body(),
                    response.headers().firstValue("Retry-After").orElse(null));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    public static String body(String nodeId, String... addresses) {
        return JSON.writeValueAsString(Map.of("nodeId", nodeId, "addresses", List.of(addresses)));
    }

    /** One HTTP answer. */
    public record Answer(int status, String contentType, String location, String authenticate, String body,
            String retryAfter) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        /** The problem's detail, for error answers. */
        public String detail() {
            return json().get("detail").asString();
        }

        public String registrationId() {
            return json().get("registrationId").asString();
        }
    }
}
