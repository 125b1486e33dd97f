package dev.peermesh;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The propagation filter on a chain of three real nodes A - B - C: it decides, per message, delivery on its node
 * and forwarding to the neighbors, for messages published there and messages passing through.
 */
class PropagationFilterTest {

    /** At the origin: "private" goes nowhere, "loopback" stays on A, "quiet" leaves A without being delivered there. */
    private static final PropagationFilter ORIGIN = (message, origin) -> {
        if (origin != PropagationFilter.Origin.LOCAL) {
            return Propagation.LOCAL_AND_REMOTE;
        }
        return switch (message.topic()) {
            case "private" -> Propagation.NONE;
            case "loopback" -> Propagation.LOCAL;
            case "quiet" -> Propagation.REMOTE;
            default -> Propagation.LOCAL_AND_REMOTE;
        };
    };

    /** On the relay: "local-only" stops at B, "relay-only" passes B without being delivered there. */
    private static final PropagationFilter RELAY = (message, origin) -> switch (message.topic()) {
        case "local-only" -> Propagation.LOCAL;
        case "relay-only" -> Propagation.REMOTE;
        default -> Propagation.LOCAL_AND_REMOTE;
    };

    @Test
    void filterDecidesDeliveryAndForwardingAtTheOriginAndOnTheWay() {
        try (TestMesh mesh = new TestMesh("filter")) {
            List<UnaryOperator<MeshNode.Builder>> filters = List.of(b -> b.propagationFilter(ORIGIN),
                    b -> b.propagationFilter(RELAY), b -> b);
            List<MeshNode> chain = Chain.built(mesh, 3, filters::get);
            MeshNode a = chain.get(0);
            MeshNode b = chain.get(1);
            MeshNode c = chain.get(2);

            for (String topic : List.of("private", "loopback", "quiet", "local-only", "relay-only", "marker")) {
                a.publish(topic, topic.getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of());
            }
            await().until(() -> mesh.delivered(c, "marker") && mesh.delivered(b, "marker")
                    && mesh.delivered(a, "marker"));

            assertThat(topics(mesh, a)).containsExactly("loopback", "local-only", "relay-only", "marker");
            assertThat(topics(mesh, b)).containsExactly("quiet", "local-only", "marker");
            assertThat(topics(mesh, c)).containsExactly("quiet", "relay-only", "marker");
        }
    }

    private static List<String> topics(TestMesh mesh, MeshNode node) {
        return mesh.messages(node).stream().map(MeshMessage::topic).toList();
    }
}
