package dev.peermesh.sample.chat;

import dev.peermesh.sample.Http;
import dev.peermesh.test.AutoConfigurePeermesh;
import dev.peermesh.test.MessageRecorder;
import dev.peermesh.test.TestMesh;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample app tested as a user tests their own service with the test kit: {@code @AutoConfigurePeermesh} joins
 * it to an in-JVM mesh of two nodes, with no seeds or ports written. A message a mesh node publishes appears in the
 * app's HTTP API, and a message posted to the API reaches the mesh.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigurePeermesh(nodes = 2)
class ChatWithTestMeshTest {

    @Autowired
    TestMesh mesh;

    @LocalServerPort
    int port;

    @Test
    void aMessageFromTheMeshAppearsInTheApiAndOneFromTheApiReachesTheMesh() {
        String base = "http://127.0.0.1:" + port;
        MessageRecorder chat = mesh.record(1, "chat");

        mesh.node(0).publish("chat", "hello from the mesh", Map.of());
        await().until(() -> Http.get(base + "/api/messages").toString().contains("hello from the mesh"));

        assertThat(Http.postMessage(base, "chat", "hello from the app").statusCode()).isBetween(200, 299);
        assertThat(chat.awaitCount(2)).extracting(message -> message.text())
                .contains("hello from the mesh", "hello from the app");
    }
}
