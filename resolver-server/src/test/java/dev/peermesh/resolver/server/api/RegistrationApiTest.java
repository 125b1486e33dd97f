package dev.peermesh.resolver.server.api;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import dev.peermesh.NodeId;
import dev.peermesh.resolver.server.ResolverClient;
import dev.peermesh.resolver.server.ResolverClient.Answer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "peermesh.resolver-server.auth.tokens=" + ResolverClient.TOKEN + "," + ResolverClient.SECOND_TOKEN,
        "peermesh.resolver-server.max-resolve=20" })
class RegistrationApiTest {

    @LocalServerPort
    private int port;

    private ResolverClient client;

    @BeforeEach
    void connect() {
        client = ResolverClient.onPort(port);
    }

    @Test
    void registerAnswers201WithLocationAndLeaseAndResolveReturnsTheRegistration() {
        Answer answer = client.register("api-register", node(1), "10.0.0.7:7400", "[::1]:7401");

        assertThat(answer.status()).isEqualTo(201);
        JsonNode body = answer.json();
        String id = body.get("registrationId").asString();
        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(answer.location()).isEqualTo("/v1/meshes/api-register/registrations/" + id);
        assertThat(body.get("leaseSeconds").asLong()).isEqualTo(600);
        assertThat(Instant.parse(body.get("expiresAt").asString()))
                .isCloseTo(Instant.now().plusSeconds(600), within(Duration.ofSeconds(5)));

        JsonNode peers = client.resolve("api-register", 10).json().get("peers");
        assertThat(peers.size()).isEqualTo(1);
        assertThat(peers.get(0).get("nodeId").asString()).isEqualTo(node(1));
        assertThat(peers.get(0).get("addresses").values()).extracting(JsonNode::asString)
                .containsExactly("10.0.0.7:7400", "[::1]:7401");
    }

    @Test
    void refreshAnswers200AndReplacesTheAddresses() {
        String id = client.register("api-refresh", node(1), "10.0.0.7:7400").registrationId();

        Answer answer = client.refresh("api-refresh", id, node(1), "10.0.0.8:7400");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.registrationId()).isEqualTo(id);
        assertThat(answer.json().get("leaseSeconds").asLong()).isEqualTo(600);
        assertThat(client.resolve("api-refresh", 10).json().get("peers").get(0).get("addresses").get(0).asString())
                .isEqualTo("10.0.0.8:7400");
    }

    @Test
    void unregisterAnswers204AlsoTheSecondTime() {
        String id = client.register("api-unregister", node(1), "10.0.0.7:7400").registrationId();

        assertThat(client.unregister("api-unregister", id).status()).isEqualTo(204);
        assertThat(client.unregister("api-unregister", id).status()).isEqualTo(204);
        assertThat(client.resolveNodeIds("api-unregister", 10)).isEmpty();
    }

    @Test
    void resolveOfAnUnknownMeshIsAnEmptyList() {
        Answer answer = client.resolve("api-nobody-here", 10);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("peers").isArray()).isTrue();
        assertThat(answer.json().get("peers").size()).isZero();
    }

    @Test
    void resolveAnswersAtMostMaxDistinctPeersInVaryingSamplesAndOrders() {
        IntStream.rangeClosed(1, 30).forEach(i -> client.register("api-sample", node(i), "10.0.0.1:" + (7000 + i)));

        Set<List<String>> samples = new HashSet<>();
        for (int round = 0; round < 20; round++) {
            List<String> sample = client.resolveNodeIds("api-sample", 5);
            assertThat(sample).hasSize(5).doesNotHaveDuplicates();
            samples.add(sample);
        }
        assertThat(samples).hasSizeGreaterThan(15);
        assertThat(client.resolveNodeIds("api-sample", 20)).hasSize(20);
        assertThat(client.send("GET", "/v1/meshes/api-sample/peers", null).json().get("peers").size())
                .isEqualTo(10);
    }

    @Test
    void reRegisteringTheSameNodeReplacesItsRegistration() {
        String first = client.register("api-replace", node(1), "10.0.0.7:7400").registrationId();
        String second = client.register("api-replace", node(1), "10.0.0.9:7400").registrationId();

        assertThat(second).isNotEqualTo(first);
        JsonNode peers = client.resolve("api-replace", 10).json().get("peers");
        assertThat(peers.size()).isEqualTo(1);
        assertThat(peers.get(0).get("addresses").get(0).asString()).isEqualTo("10.0.0.9:7400");
        assertThat(client.refresh("api-replace", first, node(1), "10.0.0.7:7400").status()).isEqualTo(404);
    }

    @Test
    void anotherClientCannotReplaceANodesRegistration() {
        client.register("api-takeover", node(1), "10.0.0.7:7400");

        Answer otherSecret = client.withSecret("another-clients-secret-0123456789").register("api-takeover", node(1),
                "10.6.6.6:7400");
        Answer noSecret = client.withSecret(null).register("api-takeover", node(1), "10.6.6.6:7400");

        for (Answer answer : List.of(otherSecret, noSecret)) {
            assertThat(answer.status()).isEqualTo(403);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.detail()).contains("registered already").contains("Peermesh-Registration-Secret")
                    .contains(node(1));
        }
        JsonNode peers = client.resolve("api-takeover", 10).json().get("peers");
        assertThat(peers.get(0).get("addresses").get(0).asString()).as("still the node's own address")
                .isEqualTo("10.0.0.7:7400");
    }

    @Test
    void aRegistrationMadeWithoutASecretIsReplacedByNobody() {
        ResolverClient legacy = client.withSecret(null);
        legacy.register("api-no-secret", node(1), "10.0.0.7:7400");

        assertThat(legacy.register("api-no-secret", node(1), "10.0.0.8:7400").status()).isEqualTo(403);
        assertThat(client.register("api-no-secret", node(1), "10.0.0.8:7400").status()).isEqualTo(403);
        assertThat(client.register("api-no-secret", node(2), "10.0.0.9:7400").status()).as("other nodes register")
                .isEqualTo(201);
    }

    @Test
    void aRegistrationSecretThatIsNoSecretIs400() {
        Answer answer = client.withSecret("short").register("api-bad-secret", node(1), "10.0.0.7:7400");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.detail()).contains("Peermesh-Registration-Secret").contains("22 to 128");
    }

    @Test
    void refreshOfAnUnknownRegistrationIs404WithAHint() {
        Answer answer = client.refresh("api-unknown", "0123456789abcdef0123456789abcdef", node(1), "10.0.0.7:7400");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.detail()).contains("unknown or its lease ran out").contains("register again");
    }

    @Test
    void refreshWithAnotherNodeIdIs409() {
        String id = client.register("api-other", node(1), "10.0.0.7:7400").registrationId();

        Answer answer = client.refresh("api-other", id, node(2), "10.0.0.7:7400");

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.detail()).contains("belongs to another node").contains(node(2));
    }

    @Test
    void unknownJsonFieldsAreIgnored() {
        Answer answer = client.send("POST", "/v1/meshes/api-lenient/registrations",
                "{\"nodeId\":\"" + node(1) + "\",\"addresses\":[\"10.0.0.7:7400\"],\"zone\":\"eu-1\",\"x\":{}}");

        assertThat(answer.status()).isEqualTo(201);
    }

    private static String node(long id) {
        return NodeId.format(id);
    }
}
