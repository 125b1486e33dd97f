package dev.peermesh.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.DockerComposeContainer;

/**
 * The repository's own {@code docker-compose.yml}, brought up as a person would (Debian's docker-compose 1.29,
 * images built from the Dockerfiles), works end to end through the host ports it publishes, 8081 to 8084.
 */
class ComposeFileTest {

    private static final List<Integer> NODE_PORTS = List.of(8081, 8082, 8083, 8084);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static DockerComposeContainer<?> compose;

    @BeforeAll
    static void composeUp() {
        ClusterImages.requireDockerAndBaseImage();
        // The File constructor runs the local docker-compose (v1); no ambassador container (withExposedService
        // would start one), so the test reaches the services through the ports the file itself publishes.
        compose = new DockerComposeContainer<>(ClusterImages.projectDir().resolve("docker-compose.yml").toFile())
                .withBuild(true)
                .withPull(false)
                .withEnv("BASE_IMAGE", ClusterImages.baseImage())
                .withEnv("DOCKER_BUILDKIT", "0");
        compose.start();
        await("every service answers healthy").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions().untilAsserted(() -> {
                    assertThat(get(7480, "/actuator/health").statusCode()).as("resolver health").isEqualTo(200);
                    for (int port : NODE_PORTS) {
                        assertThat(get(port, "/actuator/health").statusCode()).as("health on %d", port)
                                .isEqualTo(200);
                    }
                });
    }

    @AfterAll
    static void composeDown() {
        if (compose != null) {
            compose.stop();     // docker-compose down -v: containers, network and volumes
        }
    }

    @Test
    void aMessagePostedOnNode1OfTheComposeFileReachesNodes2To4() throws Exception {
        String topic = "compose-" + UUID.randomUUID();
        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(url(8081, "/api/messages"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"topic\":\"" + topic + "\",\"text\":\"hello, compose\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as("POST /api/messages on 8081: %s", posted.body()).isEqualTo(202);

        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (int port : NODE_PORTS.subList(1, 4)) {
                assertThat(get(port, "/api/messages").body()).as("messages on %d", port)
                        .contains("\"topic\":\"" + topic + "\"", "\"text\":\"hello, compose\"");
            }
        });
    }

    @Test
    void theWebPageIsServedOnEveryNodePort() throws Exception {
        for (int port : NODE_PORTS) {
            HttpResponse<String> page = get(port, "/");
            assertThat(page.statusCode()).as("GET / on %d", port).isEqualTo(200);
            assertThat(page.body()).as("page on %d", port).containsIgnoringCase("<html");
        }
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(url(port, path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI url(int port, String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
