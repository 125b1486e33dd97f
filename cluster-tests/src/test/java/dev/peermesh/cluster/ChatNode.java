package dev.peermesh.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import org.testcontainers.DockerClientFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A sample chat node in a container, driven through its HTTP API on the host port Docker maps to its port 8080.
 * The port is looked up on every call: it changes when the container is reconnected to a network.
 *
 * <p>{@code node.publish("general", "hello"); node.messages("general")}
 */
final class ChatNode {

    /** The node's HTTP port inside its container. */
    static final int HTTP_PORT = 8080;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;

    private final String containerId;

    ChatNode(String name, String containerId) {
        this.name = name;
        this.containerId = containerId;
    }

    /** Its network alias, which it also advertises as its mesh address: {@code node1}, {@code node2}, … */
    String name() {
        return name;
    }

    String containerId() {
        return containerId;
    }

    /** Publishes a chat message; fails unless the node accepted it (202). */
    void publish(String topic, String text) {
        String body = JSON.writeValueAsString(Map.of("topic", topic, "text", text));
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/messages"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        if (response.statusCode() != 202) {
            throw new IllegalStateException(name + " refused the message '" + text + "': " + response.statusCode()
                    + " " + response.body());
        }
    }

    /** The messages of a topic this node received, oldest first. */
    List<ReceivedMessage> messages(String topic) {
        List<ReceivedMessage> messages = new ArrayList<>();
        for (JsonNode message : getJson("/api/messages")) {
            if (topic.equals(message.path("topic").asString())) {
                messages.add(new ReceivedMessage(message.path("id").asString(), topic,
                        message.path("text").asString(), message.path("origin").asString(),
                        message.path("hops").asInt()));
            }
        }
        return messages;
    }

    /** The texts of a topic this node received. */
    List<String> texts(String topic) {
        return messages(topic).stream().map(ReceivedMessage::text).toList();
    }

    /** This node's id, from {@code /actuator/peermesh}. */
    String nodeId() {
        return getJson("/actuator/peermesh").path("nodeId").asString();
    }

    /** The node ids of its current neighbors, from {@code /actuator/peermesh}. */
    Set<String> neighborIds() {
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode neighbor : getJson("/actuator/peermesh").path("neighbors")) {
            ids.add(neighbor.path("nodeId").asString());
        }
        return ids;
    }

    /** The host port Docker maps to the node's HTTP port now. */
    int hostPort() {
        Ports.Binding[] bindings = DockerClientFactory.instance().client().inspectContainerCmd(containerId).exec()
                .getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(HTTP_PORT));
        if (bindings == null || bindings.length == 0) {
            throw new IllegalStateException(name + " has no host port for " + HTTP_PORT + " now");
        }
        return Integer.parseInt(bindings[0].getHostPortSpec());
    }

    @Override
    public String toString() {
        return name;
    }

    private JsonNode getJson(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).GET());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(name + " answered " + response.statusCode() + " to GET " + path);
        }
        return JSON.readTree(response.body());
    }

    private URI uri(String path) {
        return URI.create("http://" + DockerClientFactory.instance().dockerHostIpAddress() + ":" + hostPort() + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new IllegalStateException(name + " did not answer: " + ex, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling " + name, ex);
        }
    }
}
