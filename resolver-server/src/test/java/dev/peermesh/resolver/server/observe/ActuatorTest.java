package dev.peermesh.resolver.server.observe;

import dev.peermesh.NodeId;
import dev.peermesh.resolver.server.ResolverClient;
import dev.peermesh.resolver.server.ResolverClient.Answer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Health, metrics and Prometheus over HTTP, with the in-memory store and no Redis anywhere. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "peermesh.resolver-server.auth.tokens=" + ResolverClient.TOKEN + "," + ResolverClient.SECOND_TOKEN,
        "peermesh.resolver-server.max-resolve=20" })
class ActuatorTest {

    @LocalServerPort
    private int port;

    @Test
    void healthIsUpWithTheStoreComponentAndNoRedisComponentInMemoryMode() {
        JsonNode health = ResolverClient.onPort(port).send("GET", "/actuator/health", null).json();

        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.get("components").get("registrationStore").get("status").asString()).isEqualTo("UP");
        assertThat(health.get("components").has("redis")).isFalse();
    }

    @Test
    void requestsAreTimedByOperationAndOutcomeAndStoreGaugesCountLiveRegistrations() {
        ResolverClient client = ResolverClient.onPort(port);
        String id = client.register("metrics", NodeId.format(1), "10.0.0.7:7400").registrationId();
        client.register("metrics-other", NodeId.format(1), "10.0.0.7:7400");
        client.refresh("metrics", id, NodeId.format(2), "10.0.0.7:7400");
        client.resolve("metrics", 10);

        assertThat(count(client, "operation:register", "outcome:success")).isGreaterThanOrEqualTo(2);
        assertThat(count(client, "operation:refresh", "outcome:conflict")).isGreaterThanOrEqualTo(1);
        assertThat(count(client, "operation:resolve", "outcome:success")).isGreaterThanOrEqualTo(1);
        assertThat(value(client, MeterNames.REGISTRATIONS)).isGreaterThanOrEqualTo(2);
        assertThat(value(client, MeterNames.MESHES)).isGreaterThanOrEqualTo(2);

        Answer prometheus = client.send("GET", "/actuator/prometheus", null);
        assertThat(prometheus.status()).isEqualTo(200);
        assertThat(prometheus.body()).contains("peermesh_resolver_server_requests_seconds_count{")
                .contains("peermesh_resolver_server_registrations ").doesNotContain("mesh=\"metrics\"");
    }

    private static double count(ResolverClient client, String... tags) {
        StringBuilder path = new StringBuilder("/actuator/metrics/" + MeterNames.REQUESTS + "?");
        for (String tag : tags) {
            path.append("tag=").append(tag).append('&');
        }
        Answer answer = client.send("GET", path.toString(), null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return measurement(answer.json(), "COUNT");
    }

    private static double value(ResolverClient client, String name) {
        return measurement(client.send("GET", "/actuator/metrics/" + name, null).json(), "VALUE");
    }

    private static double measurement(JsonNode metric, String statistic) {
        for (JsonNode measurement : metric.get("measurements").values()) {
            if (statistic.equals(measurement.get("statistic").asString())) {
                return measurement.get("value").asDouble();
            }
        }
        throw new AssertionError("no " + statistic + " in " + metric);
    }
}
