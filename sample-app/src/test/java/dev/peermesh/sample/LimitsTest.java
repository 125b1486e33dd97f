package dev.peermesh.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What keeps a long-running node's memory bounded: the history size and the expiry of silent nodes. */
class LimitsTest {

    private final SampleNodes nodes = new SampleNodes();

    @AfterEach
    void close() {
        nodes.close();
    }

    @Test
    void historyKeepsOnlyTheNewestMessagesUpToHistorySize() {
        ConfigurableApplicationContext node = nodes.start(Map.of("sample.history-size", 3));
        String url = SampleNodes.url(node);
        for (int i = 1; i <= 5; i++) {
            assertThat(Http.postMessage(url, "count", "message " + i).statusCode()).isEqualTo(202);
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertThat(texts(Http.get(url + "/api/messages"))).containsExactly("message 3", "message 4",
                        "message 5"));
    }

    @Test
    void nodeThatStopsDisappearsFromTheOthersTopologyAfterTheExpiry() {
        ConfigurableApplicationContext first = nodes.start();
        ConfigurableApplicationContext second = nodes.start();
        String url = SampleNodes.url(first);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> Http.get(url + "/api/topology").get("nodes").size() == 2);

        second.close();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode graph = Http.get(url + "/api/topology");
            assertThat(graph.get("nodes").size()).isEqualTo(1);
            assertThat(graph.get("nodes").get(0).get("id").asString()).isEqualTo(SampleNodes.nodeId(first));
            assertThat(graph.get("edges").size()).isZero();
        });
        assertThat(Http.get(url + "/api/node").get("online").asBoolean()).isFalse();
    }

    private static List<String> texts(JsonNode messages) {
        List<String> texts = new ArrayList<>();
        messages.forEach(message -> texts.add(message.get("text").asString()));
        return texts;
    }
}
