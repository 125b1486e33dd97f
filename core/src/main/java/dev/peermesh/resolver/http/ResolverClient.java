package dev.peermesh.resolver.http;

import dev.peermesh.PeerAddress;
import dev.peermesh.log.PeerText;
import dev.peermesh.resolver.PeerRegistration;
import dev.peermesh.resolver.PeerResolverException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The four calls of the resolver API (docs/resolver-api.md) over {@link HttpClient}, each bounded by the request
 * timeout, each failure turned into a {@link PeerResolverException} that names the server and what it said.
 */
final class ResolverClient {

    /** Largest answer read: a full resolve (100 peers × 8 addresses) is far below it. */
    static final int MAX_BODY_BYTES = 1 << 20;

    /** The header the registration secret goes in: only this client can then replace its node's registration. */
    static final String SECRET_HEADER = "Peermesh-Registration-Secret";

    private final HttpClient http;
    private final URI server;
    private final HttpPeerResolver.Settings settings;

    /**
     * 128 random bits, base64url, sent with every register call of this client and never logged: the server keeps
     * its hash with the registration, and a register call for the same node id with another secret (another client
     * holding a token) is refused with 403 instead of taking the node's registration over.
     */
    private final String secret = newSecret();

    ResolverClient(HttpClient http, HttpPeerResolver.Settings settings) {
        this.http = http;
        this.settings = settings;
        String base = settings.url().toString();
        this.server = URI.create(base.endsWith("/") ? base : base + "/");
    }

    Lease register(PeerRegistration registration) {
        HttpRequest request = request(registrations(registration.meshId())).header(SECRET_HEADER, secret)
                .POST(HttpRequest.BodyPublishers.ofByteArray(ResolverJson.registration(registration))).build();
        String what = "register node in mesh '" + registration.meshId() + "'";
        return read(ResolverJson::lease, expect(request, 201, what), what);
    }

    /** @throws RegistrationGoneException when the server no longer knows the registration */
    Lease refresh(PeerRegistration registration, String registrationId) {
        HttpRequest request = request(registrations(registration.meshId()) + "/" + registrationId)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(ResolverJson.registration(registration))).build();
        String what = "refresh registration " + registrationId;
        return read(ResolverJson::lease, expect(request, 200, what), what);
    }

    void unregister(String meshId, String registrationId) {
        HttpRequest request = request(registrations(meshId) + "/" + registrationId).DELETE().build();
        expect(request, 204, "unregister " + registrationId);
    }

    List<PeerAddress> resolve(String meshId, int maxAddresses) {
        HttpRequest request = request("v1/meshes/" + meshId + "/peers?max=" + maxAddresses).GET().build();
        String what = "resolve mesh '" + meshId + "'";
        return read(ResolverJson::peers, expect(request, 200, what), what);
    }

    URI server() {
        return server;
    }

    private static String newSecret() {
        byte[] bits = new byte[16];
        new SecureRandom().nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    private static String registrations(String meshId) {
        // Mesh ids are letters, digits, '.', '_' and '-' (MeshSettings checks): safe in a path as they are.
        return "v1/meshes/" + meshId + "/registrations";
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path))
                .timeout(settings.requestTimeout())
                .header("Accept", "application/json")
                .header("Content-Type", "application/json");
        if (settings.token() != null) {
            request.header("Authorization", "Bearer " + settings.token());
        }
        return request;
    }

    private byte[] expect(HttpRequest request, int status, String what) {
        HttpResponse<byte[]> response = send(request, what);
        byte[] body = response.body();
        if (body.length > MAX_BODY_BYTES) {
            throw new PeerResolverException("Resolver server " + server + " answered " + what + " with more than "
                    + MAX_BODY_BYTES + " bytes; is " + server + " a peermesh resolver server?");
        }
        if (response.statusCode() == 404 && request.method().equals("PUT")) {
            throw new RegistrationGoneException("Resolver server " + server + " no longer knows the registration");
        }
        if (response.statusCode() != status) {
            throw new PeerResolverException("Resolver server " + server + " refused to " + what + ": HTTP "
                    + response.statusCode() + hint(response.statusCode()) + detail(body));
        }
        return body;
    }

    /**
     * Sends and waits for the whole answer, body included, at most the request timeout: the client's own timeout
     * covers only the wait for the headers, and a server that stalls mid-body must not hold a resolver thread.
     */
    private HttpResponse<byte[]> send(HttpRequest request, String what) {
        CompletableFuture<HttpResponse<byte[]>> answer = http.sendAsync(request, BoundedBody.handler(MAX_BODY_BYTES));
        try {
            return answer.get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException ex) {
            throw new PeerResolverException("Resolver server " + server + " did not answer to " + what + ": "
                    + ex.getCause() + "; check peermesh.resolver.http.url and that the server runs", ex.getCause());
        }
        catch (TimeoutException ex) {
            answer.cancel(true);
            throw new PeerResolverException("Resolver server " + server + " did not answer to " + what + " within "
                    + settings.requestTimeout().toMillis() + " ms; check the server, or raise "
                    + "peermesh.resolver.http.request-timeout", ex);
        }
        catch (InterruptedException ex) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new PeerResolverException("Interrupted while waiting for " + server + " to " + what, ex);
        }
    }

    private <T> T read(Function<byte[], T> reader, byte[] body, String what) {
        try {
            return reader.apply(body);
        }
        catch (IllegalArgumentException ex) {
            throw new PeerResolverException("Resolver server " + server + " answered " + what + " with a body this "
                    + "client cannot read (" + PeerText.escape(ex.getMessage())
                    + "); is it a peermesh resolver server of API v1?", ex);
        }
    }

    private static String hint(int status) {
        if (status == 401) {
            return " (check peermesh.resolver.http.token or the client certificate)";
        }
        if (status == 403) {
            return " (refused for this client; the server says why)";
        }
        return "";
    }

    /** The problem document's text, cut short: the server's own words on what was wrong. */
    private static String detail(byte[] body) {
        if (body.length == 0) {
            return "";
        }
        String text = new String(body, 0, Math.min(body.length, 512), StandardCharsets.UTF_8);
        // The server's words are peer text: escaped, so an answer cannot forge a log line.
        return " " + PeerText.escape(text.replaceAll("\\s+", " "), 512);
    }
}
