package dev.peermesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

/**
 * Per-origin order on real nodes: one publisher at full speed on a tree whose links keep payloads off as soon as a
 * kilobyte is queued ({@code tree.payload-backlog-cap}), so many messages are announced instead and pulled later,
 * after the ones that overtook them. With {@link DeliveryOrder#FIFO} (the default) every subscriber still sees the
 * origin's numbers rising one by one, nothing missing; with {@link DeliveryOrder#NONE} the same load arrives out of
 * order, which shows the load does reorder.
 */
class FifoDeliveryTest {

    private static final int NODES = 3;

    private static final int MESSAGES = 5_000;

    @Test
    void everySubscriberSeesThePublishersNumbersInOrderWithNothingMissing() throws Exception {
        try (TestMesh mesh = new TestMesh("fifo-order")) {
            MeshNode publisher = run(mesh, DeliveryOrder.FIFO);
            long pulled = 0;
            for (MeshNode node : mesh.nodes()) {
                if (node == publisher) {
                    continue;
                }
                List<Long> sequences = fromPublisher(mesh, node, publisher);
                assertThat(sequences).as(() -> mesh.describe(node)).hasSize(MESSAGES);
                for (int i = 0; i < MESSAGES; i++) {
                    assertThat(sequences.get(i)).as("delivery %d at %s", i, mesh.describe(node))
                            .isEqualTo(sequences.get(0) + i);
                }
                assertThat(node.state().counters().lost()).isZero();
                assertThat(node.state().counters().reordering().held()).isZero();
                pulled += node.state().counters().grafts();
            }
            assertThat(pulled).as("messages repaired by a pull, after later ones had arrived").isPositive();
        }
    }

    @Test
    void withoutOrderingTheSameLoadArrivesOutOfOrder() throws Exception {
        try (TestMesh mesh = new TestMesh("fifo-none")) {
            MeshNode publisher = run(mesh, DeliveryOrder.NONE);
            long inversions = 0;
            for (MeshNode node : mesh.nodes()) {
                if (node != publisher) {
                    List<Long> sequences = fromPublisher(mesh, node, publisher);
                    assertThat(sequences).hasSize(MESSAGES);
                    for (int i = 1; i < sequences.size(); i++) {
                        inversions += sequences.get(i) < sequences.get(i - 1) ? 1 : 0;
                    }
                }
            }
            assertThat(inversions).isPositive();
        }
    }

    /** Starts the mesh, publishes flat out from its first node and waits until every node has every message. */
    private static MeshNode run(TestMesh mesh, DeliveryOrder order) {
        MeshNode first = mesh.start(settings -> settings(settings, order), builder -> builder);
        for (int i = 1; i < NODES; i++) {
            mesh.start(settings -> settings(settings, order), builder -> builder, first);
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> mesh.nodes().stream()
                .allMatch(node -> node.state().neighbors().size() == NODES - 1));
        byte[] payload = new byte[1024];
        for (int n = 0; n < MESSAGES; n++) {
            while (true) {
                try {
                    first.publish("order", payload, Map.of());
                    break;
                }
                catch (PublishRejectedException ex) {
                    assertThat(ex.cause()).isEqualTo(PublishRejectedException.Cause.BACKPRESSURE);
                    LockSupport.parkNanos(50_000);
                }
            }
        }
        for (MeshNode node : mesh.nodes()) {
            if (node != first) {
                await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
                        assertThat(fromPublisher(mesh, node, first)).as(() -> mesh.describe(node))
                                .hasSize(MESSAGES));
            }
        }
        return first;
    }

    private static MeshSettings.Builder settings(MeshSettings.Builder settings, DeliveryOrder order) {
        return settings.ordering(order).payloadBacklogCapBytes(1024).linkHighWaterBytes(64 * 1024);
    }

    private static List<Long> fromPublisher(TestMesh mesh, MeshNode node, MeshNode publisher) {
        return mesh.messages(node).stream().filter(m -> m.id().origin() == publisher.nodeId())
                .map(m -> m.id().sequence()).toList();
    }
}
