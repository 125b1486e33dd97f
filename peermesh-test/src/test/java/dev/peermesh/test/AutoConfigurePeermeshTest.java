package dev.peermesh.test;

import dev.peermesh.MeshMessage;
import dev.peermesh.MeshNode;
import dev.peermesh.listener.PeermeshListener;
import dev.peermesh.messaging.PeermeshTemplate;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A user's {@code @SpringBootTest} with {@link AutoConfigurePeermesh}: no seeds, ports nor mesh id written, the
 * application's node has joined the test mesh when the test starts, what a test node publishes reaches the
 * application's listener, and what the application publishes through its template reaches the test nodes.
 */
@SpringBootTest(classes = AutoConfigurePeermeshTest.App.class,
        properties = {"spring.main.web-application-type=none", "peermesh.mesh-id=orders-mesh",
            "peermesh.resolver.static.seeds=127.0.0.1:1"})
@AutoConfigurePeermesh(nodes = 2)
class AutoConfigurePeermeshTest {

    @Autowired
    TestMesh mesh;

    @Autowired
    MeshNode node;

    @Autowired
    PeermeshTemplate template;

    @Autowired
    Orders orders;

    record Order(String id, int quantity) {
    }

    @Test
    void theApplicationHasJoinedTheTestMeshWhenTheTestStarts() {
        assertThat(node.settings().meshId()).isEqualTo(mesh.meshId()).isNotEqualTo("orders-mesh");
        assertThat(node.state().neighbors()).extracting(dev.peermesh.Neighbor::nodeId)
                .containsAnyElementsOf(mesh.nodes().stream().map(MeshNode::nodeId).toList());
    }

    @Test
    void testNodesAndTheApplicationHearEachOther() {
        MessageRecorder heard = mesh.record(1, "orders.*");

        mesh.node(0).publish("orders.placed", "{\"id\":\"o-1\",\"quantity\":2}",
                Map.of("contentType", "application/json"));
        template.publish("orders.shipped", new Order("o-2", 1));

        await().until(() -> orders.received.size() == 1);
        assertThat(orders.received).containsExactly(new Order("o-1", 2));
        List<MeshMessage> published = heard.awaitCount(2);
        assertThat(published).extracting(MeshMessage::topic).contains("orders.shipped");
        assertThat(published.stream().filter(message -> message.topic().equals("orders.shipped")).findFirst()
                .orElseThrow().text()).isEqualTo("{\"id\":\"o-2\",\"quantity\":1}");
    }

    static class Orders {

        final List<Order> received = new CopyOnWriteArrayList<>();

        @PeermeshListener(topics = "orders.placed")
        void on(Order order) {
            received.add(order);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Orders.class)
    static class App {
    }
}
