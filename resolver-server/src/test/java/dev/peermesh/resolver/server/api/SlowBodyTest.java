package dev.peermesh.resolver.server.api;

import dev.peermesh.resolver.server.ResolverClient;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 250 connections trickle request bodies without a token, as a slow-body attack does: health and resolve are still
 * answered, because a refused request's body is not waited for (the connection closes instead). The time they take
 * is printed (the target is under a second); the test allows five, for a loaded machine.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "peermesh.resolver-server.auth.tokens=" + ResolverClient.TOKEN,
        "peermesh.resolver-server.rate-limit.requests-per-second=0" })
class SlowBodyTest {

    private static final Duration TARGET = Duration.ofSeconds(5);

    @LocalServerPort
    private int port;

    private final List<Socket> slow = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (Socket socket : slow) {
            socket.close();
        }
    }

    @Test
    void healthAndResolveAreAnsweredWhile250SlowBodiesAreOpen() throws Exception {
        for (int i = 0; i < 250; i++) {
            Socket socket = new Socket("127.0.0.1", port);
            socket.getOutputStream().write(("POST /v1/meshes/slow/registrations HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 4000\r\n\r\n{\"node")
                    .getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            slow.add(socket);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(TARGET).build();

        long start = System.nanoTime();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health")).timeout(TARGET).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> resolve = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/v1/meshes/slow/peers"))
                .header("Authorization", "Bearer " + ResolverClient.TOKEN).timeout(TARGET).build(),
                HttpResponse.BodyHandlers.ofString());
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("health and resolve under 250 slow bodies: " + millis + " ms");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(resolve.statusCode()).isEqualTo(200);
    }
}
