package dev.peermesh.sample;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The HTTP API of three sample nodes forming one mesh on loopback. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MeshApiTest {

    private final SampleNodes nodes = new SampleNodes();

    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();

    @BeforeAll
    void startThreeNodes() {
        for (int i = 0; i < 3; i++) {
            apps.add(nodes.start());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> Http.get(url(2) + "/api/topology").get("nodes").size() == 3);
    }

    @AfterAll
    void stopNodes() {
        nodes.close();
    }

    private String url(int index) {
        return SampleNodes.url(apps.get(index));
    }

    @Test
    void messagePostedOnOneNodeIsListedByEveryNodeWithItsOriginAndHops() {
        HttpResponse<String> posted = Http.postMessage(url(0), "general", "hello from node 1");

        assertThat(posted.statusCode()).isEqualTo(202);
        assertThat(Http.json(posted.body()).get("origin").asString()).isEqualTo(SampleNodes.nodeId(apps.get(0)));
        for (int i = 0; i < 3; i++) {
            String node = url(i);
            await().atMost(Duration.ofSeconds(10)).until(() -> find(node, "hello from node 1") != null);
            JsonNode received = find(node, "hello from node 1");
            assertThat(received.get("topic").asString()).isEqualTo("general");
            assertThat(received.get("origin").asString()).isEqualTo(SampleNodes.nodeId(apps.get(0)));
            assertThat(received.get("id").asString()).startsWith(SampleNodes.nodeId(apps.get(0)) + "/");
            if (i == 0) {
                assertThat(received.get("hops").asInt()).as("published here").isZero();
            }
            else {
                assertThat(received.get("hops").asInt()).as("crossed one or two links").isBetween(1, 2);
            }
            assertThat(received.get("receivedAt").asString()).isNotBlank();
        }
    }

    @Test
    void historyListsMessagesOldestFirstAndNeverTopologyReports() {
        for (int i = 1; i <= 3; i++) {
            assertThat(Http.postMessage(url(1), "order", "ordered " + i).statusCode()).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> find(url(2), "ordered 3") != null);
        List<String> texts = new ArrayList<>();
        Http.get(url(2) + "/api/messages").forEach(message -> texts.add(message.get("text").asString()));
        assertThat(texts).containsSubsequence("ordered 1", "ordered 2", "ordered 3");
        Http.get(url(2) + "/api/messages")
                .forEach(message -> assertThat(message.get("topic").asString()).doesNotStartWith("peermesh."));
    }

    @Test
    void invalidMessagesAreAnsweredWithProblemsNamingTheField() {
        assertProblem(Http.post(url(0) + "/api/messages", "{\"text\":\"no topic\"}"), 400, "topic");
        assertProblem(Http.post(url(0) + "/api/messages", "{\"topic\":\"general\",\"text\":\"  \"}"), 400, "text");
        assertProblem(Http.postMessage(url(0), "with space", "x"), 400, "topic");
        assertProblem(Http.postMessage(url(0), "peermesh.topology", "forged"), 400, "topic");
        assertProblem(Http.postMessage(url(0), "t".repeat(101), "x"), 400, "topic");
        assertProblem(Http.postMessage(url(0), "general", "x".repeat(2001)), 400, "text");
        HttpResponse<String> malformed = Http.post(url(0) + "/api/messages", "{\"topic\":");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(Http.json(malformed.body()).get("detail").asString()).contains("JSON object");
    }

    @Test
    void bodiesOverTheLimitAreRefusedWhetherDeclaredOrChunked() {
        String huge = "{\"topic\":\"general\",\"text\":\"" + "x".repeat(20_000) + "\"}";
        assertThat(Http.post(url(0) + "/api/messages", huge).statusCode()).isEqualTo(413);
        HttpResponse<String> chunked = Http.send(HttpRequest.newBuilder(URI.create(url(0) + "/api/messages"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(huge.getBytes()))));
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(Http.json(chunked.body()).get("title").asString()).isEqualTo("Body too large");
    }

    @Test
    void topologyOfEveryNodeShowsAllNodesAndTheirNeighborLinks() {
        Set<String> ids = apps.stream().map(SampleNodes::nodeId).collect(Collectors.toSet());
        for (int i = 0; i < 3; i++) {
            String node = url(i);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode graph = Http.get(node + "/api/topology");
                Set<String> shown = new java.util.HashSet<>();
                graph.get("nodes").forEach(n -> shown.add(n.get("id").asString()));
                assertThat(shown).isEqualTo(ids);
                assertThat(edges(graph)).isEqualTo(expectedEdges());
            });
            JsonNode graph = Http.get(node + "/api/topology");
            assertThat(graph.get("self").asString()).isEqualTo(SampleNodes.nodeId(apps.get(i)));
        }
    }

    @Test
    void nodeEndpointShowsIdMeshOnlineStateAndNeighbors() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode node = Http.get(url(0) + "/api/node");
            assertThat(node.get("nodeId").asString()).isEqualTo(SampleNodes.nodeId(apps.get(0)));
            assertThat(node.get("meshId").asString()).isEqualTo("chat");
            assertThat(node.get("running").asBoolean()).isTrue();
            assertThat(node.get("online").asBoolean()).isTrue();
            assertThat(node.get("neighbors").size()).isBetween(1, 2);
        });
    }

    @Test
    void healthAnswersWithoutCredentials() {
        HttpResponse<String> health = Http.send(HttpRequest.newBuilder(URI.create(url(0) + "/actuator/health")));
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(Http.json(health.body()).get("status").asString()).isEqualTo("UP");
    }

    private Set<String> edges(JsonNode graph) {
        Set<String> edges = new java.util.HashSet<>();
        graph.get("edges").forEach(e -> edges.add(e.get("a").asString() + "-" + e.get("b").asString()));
        return edges;
    }

    /** The links the nodes themselves report, each as {@code smaller-larger}. */
    private Set<String> expectedEdges() {
        Set<String> edges = new java.util.HashSet<>();
        for (ConfigurableApplicationContext app : apps) {
            String self = SampleNodes.nodeId(app);
            Http.get(SampleNodes.url(app) + "/api/node").get("neighbors").forEach(n -> {
                String other = n.get("nodeId").asString();
                edges.add(self.compareTo(other) < 0 ? self + "-" + other : other + "-" + self);
            });
        }
        return edges;
    }

    private static JsonNode find(String node, String text) {
        for (JsonNode message : Http.get(node + "/api/messages")) {
            if (message.get("text").asString().equals(text)) {
                return message;
            }
        }
        return null;
    }

    private static void assertProblem(HttpResponse<String> response, int status, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode problem = Http.json(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("field").asString()).isEqualTo(field);
        assertThat(problem.get("detail").asString()).isNotBlank();
    }
}
