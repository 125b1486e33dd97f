package dev.peermesh;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A subscriber or listener that throws an {@link Error} (a failed assertion, a linkage error) is treated as one that
 * throws an exception: logged, and the other subscribers and the messages after it are delivered as usual.
 */
class SubscriberErrorTest {

    private final TestMesh mesh = new TestMesh("subscriber-error-test");

    @AfterEach
    void release() {
        mesh.close();
    }

    @Test
    void aSubscriberThrowingAnErrorKeepsNoMessageFromTheOthers() {
        MeshNode node = mesh.start();
        AtomicInteger thrown = new AtomicInteger();
        node.subscribe("orders", message -> {
            thrown.incrementAndGet();
            throw new AssertionError("subscriber asserted");
        });
        List<String> received = new CopyOnWriteArrayList<>();
        node.subscribe("orders", message -> received.add(message.text()));

        for (int i = 0; i < 50; i++) {
            node.publish("orders", "o-" + i, Map.of());
        }

        await().until(() -> received.size() == 50);
        assertThat(received).first().isEqualTo("o-0");
        assertThat(thrown).hasValue(50);
    }

    @Test
    void aListenerThrowingAnErrorKeepsNoEventFromTheOthers() {
        MeshNode node = mesh.start();
        node.addListener(new MeshListener() {
            @Override
            public void neighborUp(Neighbor neighbor) {
                throw new AssertionError("listener asserted");
            }
        });
        List<Long> up = new CopyOnWriteArrayList<>();
        node.addListener(new MeshListener() {
            @Override
            public void neighborUp(Neighbor neighbor) {
                up.add(neighbor.nodeId());
            }
        });

        MeshNode other = mesh.start(node);

        await().until(() -> up.contains(other.nodeId()));
    }
}
