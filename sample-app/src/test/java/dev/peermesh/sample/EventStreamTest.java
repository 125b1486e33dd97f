package dev.peermesh.sample;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The server-sent event stream, {@code GET /api/messages/stream}, read with java.net.http. */
class EventStreamTest {

    private final SampleNodes nodes = new SampleNodes();

    private final List<Stream<String>> streams = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        streams.forEach(Stream::close);
        nodes.close();
    }

    @Test
    void streamStartsWithThisNodeAndCarriesMessagesPublishedElsewhere() {
        ConfigurableApplicationContext first = nodes.start();
        ConfigurableApplicationContext second = nodes.start();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> Http.get(SampleNodes.url(second) + "/api/node").get("online").asBoolean());
        List<String> lines = open(SampleNodes.url(second));
        await().atMost(Duration.ofSeconds(5)).until(() -> lines.contains("event:node"));
        assertThat(lines.get(lines.indexOf("event:node") + 1)).startsWith("data:")
                .contains(SampleNodes.nodeId(second));

        Http.postMessage(SampleNodes.url(first), "news", "streamed to the other node");

        await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(
                line -> line.startsWith("data:") && line.contains("streamed to the other node")));
        String data = lines.stream().filter(line -> line.contains("streamed to the other node")).findFirst().get();
        assertThat(lines.get(lines.indexOf(data) - 1)).isEqualTo("event:message");
        assertThat(Http.json(data.substring("data:".length())).get("origin").asString())
                .isEqualTo(SampleNodes.nodeId(first));
    }

    @Test
    void streamsBeyondTheLimitAreRefusedWith503AndClosedOnesFreeTheirPlace() {
        ConfigurableApplicationContext node = nodes.start(Map.of("sample.stream.max-subscribers", 1));
        String url = SampleNodes.url(node);
        List<String> lines = open(url);
        await().atMost(Duration.ofSeconds(5)).until(() -> lines.contains("event:node"));

        HttpResponse<String> refused = Http.send(HttpRequest.newBuilder(URI.create(url + "/api/messages/stream"))
                .header("Accept", "text/event-stream"));

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(Http.json(refused.body()).get("detail").asString()).contains("sample.stream.max-subscribers");

        streams.forEach(Stream::close);
        // The heartbeat (1 s here) finds the closed connection and releases its place.
        await().atMost(Duration.ofSeconds(10)).until(() -> open(url) != null);
    }

    /** Opens a stream and collects its lines on a thread; returns null when the node refuses it. */
    private List<String> open(String url) {
        HttpResponse<Stream<String>> response;
        try {
            response = Http.CLIENT.send(HttpRequest.newBuilder(URI.create(url + "/api/messages/stream"))
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
        }
        catch (Exception ex) {
            throw new AssertionError(ex);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            return null;
        }
        streams.add(response.body());
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try {
                response.body().forEach(lines::add);
            }
            catch (RuntimeException ex) {
                // closed by the test
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }
}
