package dev.peermesh.autoconfigure;

import dev.peermesh.CloseReason;
import dev.peermesh.MeshNode;
import dev.peermesh.event.MeshOfflineEvent;
import dev.peermesh.event.MeshOnlineEvent;
import dev.peermesh.event.NeighborDownEvent;
import dev.peermesh.event.NeighborUpEvent;
import dev.peermesh.integration.MeshHeaders;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three Spring Boot applications with the starter, on loopback, with web servers and actuator: what one sends to
 * {@code peermeshOutbound} arrives on the others' {@code peermeshInbound}, and health, endpoint and meters tell the
 * truth over HTTP.
 */
class PeermeshApplicationsIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();

    record Order(String id, int quantity) {
    }

    @Test
    void messagesSentToTheOutboundChannelArriveOnTheOtherApplicationsInboundChannels() throws Exception {
        try (MeshApplications apps = new MeshApplications()) {
            ConfigurableApplicationContext first = apps.start(properties(null));
            String seed = MeshApplications.node(first).address().toString();
            ConfigurableApplicationContext second = apps.start(properties(seed));
            ConfigurableApplicationContext third = apps.start(properties(seed));
            List<ConfigurableApplicationContext> others = List.of(second, third);
            await().until(() -> others.stream().allMatch(app -> MeshApplications.node(app).state().online())
                    && MeshApplications.node(first).state().neighbors().size() >= 1);

            MessageChannel outbound = first.getBean("peermeshOutbound", MessageChannel.class);
            outbound.send(MessageBuilder.withPayload("hello mesh").setHeader(MeshHeaders.TOPIC, "greetings")
                    .setHeader("trace", "t-1").build());
            outbound.send(MessageBuilder.withPayload(new Order("o-42", 3)).setHeader(MeshHeaders.TOPIC, "orders")
                    .build());

            for (ConfigurableApplicationContext app : others) {
                await().until(() -> MeshApplications.received(app).size() == 2);
                Message<?> greeting = MeshApplications.received(app).get(0);
                assertThat(greeting.getPayload()).isEqualTo("hello mesh");
                assertThat(greeting.getHeaders()).containsEntry(MeshHeaders.TOPIC, "greetings")
                        .containsEntry("trace", "t-1")
                        .containsEntry(MeshHeaders.ORIGIN, dev.peermesh.NodeId.format(
                                MeshApplications.node(first).nodeId()))
                        .containsKeys(MeshHeaders.MESSAGE_ID, MeshHeaders.SEQUENCE, MeshHeaders.HOPS);
                Message<?> order = MeshApplications.received(app).get(1);
                assertThat(order.getHeaders().get(MessageHeaders.CONTENT_TYPE)).hasToString("application/json");
                assertThat(JSON.readValue((String) order.getPayload(), Order.class)).isEqualTo(new Order("o-42", 3));
            }
        }
    }

    @Test
    void healthEndpointAndMetersReportTheNodeOverHttp() throws Exception {
        try (MeshApplications apps = new MeshApplications()) {
            ConfigurableApplicationContext first = apps.start(properties(null));
            ConfigurableApplicationContext second = apps.start(properties(
                    MeshApplications.node(first).address().toString()));
            MeshNode node = MeshApplications.node(second);
            await().until(() -> node.state().online());
            second.getBean("peermeshOutbound", MessageChannel.class)
                    .send(MessageBuilder.withPayload("counted").build());
            await().until(() -> MeshApplications.received(first).size() == 1);

            JsonNode health = get(second, "/actuator/health/peermesh");
            assertThat(health.path("status").asString()).isEqualTo("UP");
            assertThat(health.path("details").path("meshId").asString()).isEqualTo("apps");
            assertThat(health.path("details").path("online").asBoolean()).isTrue();
            assertThat(health.path("details").path("neighbors").asInt()).isEqualTo(1);

            JsonNode endpoint = get(second, "/actuator/peermesh");
            assertThat(endpoint.path("nodeId").asString()).isEqualTo(dev.peermesh.NodeId.format(node.nodeId()));
            assertThat(endpoint.path("neighbors")).hasSize(1);
            assertThat(endpoint.path("neighbors").get(0).path("nodeId").asString())
                    .isEqualTo(dev.peermesh.NodeId.format(MeshApplications.node(first).nodeId()));
            assertThat(endpoint.path("counters").path("published").asLong()).isEqualTo(1);

            await().untilAsserted(() -> assertThat(measurement(second, "peermesh.messages.published")).isEqualTo(1));
            await().untilAsserted(() -> assertThat(measurement(first, "peermesh.messages.delivered")).isEqualTo(1));
            assertThat(measurement(first, "peermesh.neighbors")).isEqualTo(1);
            assertThat(measurement(first, "peermesh.delivery.latency")).as("latency samples").isEqualTo(1);

            first.close();
            await().untilAsserted(() -> assertThat(get(second, "/actuator/peermesh").path("online").asBoolean())
                    .isFalse());
            assertThat(get(second, "/actuator/health/peermesh").path("status").asString())
                    .as("a node alone is still healthy by default").isEqualTo("UP");
        }
    }

    @Test
    void theNodesChangesReachEventListenersOnlineNeighborUpThenNeighborDownAndOffline() {
        try (MeshApplications apps = new MeshApplications()) {
            ConfigurableApplicationContext first = apps.start(properties(null));
            ConfigurableApplicationContext second = apps.start(
                    properties(MeshApplications.node(first).address().toString()));
            long secondId = MeshApplications.node(second).nodeId();

            await().untilAsserted(() -> assertThat(MeshApplications.events(first))
                    .hasExactlyElementsOfTypes(MeshOnlineEvent.class, NeighborUpEvent.class));
            assertThat(((NeighborUpEvent) MeshApplications.events(first).get(1)).getNeighbor().nodeId())
                    .isEqualTo(secondId);
            assertThat(MeshApplications.events(first)).allSatisfy(
                    event -> assertThat(event.getNode()).isSameAs(MeshApplications.node(first)));
            await().untilAsserted(() -> assertThat(MeshApplications.events(second))
                    .hasExactlyElementsOfTypes(MeshOnlineEvent.class, NeighborUpEvent.class));

            second.close();

            await().untilAsserted(() -> assertThat(MeshApplications.events(first)).hasExactlyElementsOfTypes(
                    MeshOnlineEvent.class, NeighborUpEvent.class, NeighborDownEvent.class, MeshOfflineEvent.class));
            NeighborDownEvent down = (NeighborDownEvent) MeshApplications.events(first).get(2);
            assertThat(down.getNeighbor().nodeId()).isEqualTo(secondId);
            assertThat(down.getReason()).as("a graceful stop says it leaves").isEqualTo(CloseReason.LEAVING);
        }
    }

    @Test
    void anApplicationStartedLateWithCatchUpGetsWhatWasPublishedBeforeMarkedReplayedThenLiveMessages() {
        try (MeshApplications apps = new MeshApplications()) {
            ConfigurableApplicationContext first = apps.start(properties(null));
            MessageChannel outbound = first.getBean("peermeshOutbound", MessageChannel.class);
            for (int i = 0; i < 20; i++) {
                outbound.send(MessageBuilder.withPayload("before " + i).setHeader(MeshHeaders.TOPIC, "orders.eu")
                        .build());
            }
            outbound.send(MessageBuilder.withPayload("other topic").setHeader(MeshHeaders.TOPIC, "audit").build());

            Map<String, Object> late = properties(MeshApplications.node(first).address().toString());
            late.put("peermesh.catch-up.enabled", "true");
            late.put("peermesh.catch-up.topics[orders.*].max-messages", "10");
            ConfigurableApplicationContext second = apps.start(late);
            await().until(() -> MeshApplications.received(second).size() == 10);
            outbound.send(MessageBuilder.withPayload("after").setHeader(MeshHeaders.TOPIC, "orders.eu").build());
            await().until(() -> MeshApplications.received(second).size() == 11);

            List<Message<?>> got = MeshApplications.received(second);
            List<Object> replayed = got.subList(0, 10).stream().map(message -> (Object) message.getPayload()).toList();
            assertThat(replayed).as("the newest 10 on orders.*, replayed").containsExactlyInAnyOrderElementsOf(
                    java.util.stream.IntStream.range(10, 20).mapToObj(i -> (Object) ("before " + i)).toList());
            assertThat(got.subList(0, 10)).allSatisfy(message -> assertThat(message.getHeaders())
                    .containsEntry(MeshHeaders.REPLAYED, true));
            assertThat(got.get(10).getPayload()).isEqualTo("after");
            assertThat(got.get(10).getHeaders()).doesNotContainKey(MeshHeaders.REPLAYED);
        }
    }

    private static Map<String, Object> properties(String seed) {
        Map<String, Object> properties = new java.util.HashMap<>(Map.of(
                "peermesh.mesh-id", "apps",
                "peermesh.password", "Apps-Mesh-Pass-1",
                "server.port", "0",
                "management.endpoints.web.exposure.include", "health,peermesh,metrics",
                "management.endpoint.health.show-details", "always"));
        if (seed != null) {
            properties.put("peermesh.resolver.static.seeds", seed);
        }
        return properties;
    }

    private JsonNode get(ConfigurableApplicationContext app, String path) throws Exception {
        String port = app.getEnvironment().getProperty("local.server.port");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isIn(200, 503);
        return JSON.readTree(response.body());
    }

    private double measurement(ConfigurableApplicationContext app, String meter) throws Exception {
        JsonNode body = get(app, "/actuator/metrics/" + meter);
        return body.path("measurements").get(0).path("value").asDouble();
    }
}
