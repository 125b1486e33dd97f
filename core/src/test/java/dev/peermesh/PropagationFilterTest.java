package dev.peermesh;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The propagation filter on a chain of three real nodes A - B - C: it decides, per message, delivery on its node
 * and forwarding to the neighbors, for messages published there and messages passing through. A message a relay
 * keeps from the nodes behind it is a gap in its origin's numbers there: with {@link DeliveryOrder#FIFO} the
 * messages after it wait for it until the repair window ends and it is reported lost.
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

    @ParameterizedTest
    @EnumSource(DeliveryOrder.class)
    void filterDecidesDeliveryAndForwardingAtTheOriginAndOnTheWay(DeliveryOrder order) {
        try (TestMesh mesh = new TestMesh("filter")) {
            List<UnaryOperator<MeshNode.Builder>> filters = List.of(b -> b.propagationFilter(ORIGIN),
                    b -> b.propagationFilter(RELAY), b -> b);
            List<MeshNode> chain = Chain.built(mesh, 3,
                    i -> settings -> settings.ordering(order).repairWindow(Duration.ofSeconds(1)), filters::get);
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
            if (order == DeliveryOrder.FIFO) {
                assertThat(c.state().counters().lost()).as("local-only, which B kept from C, reported lost at C "
                        + "before the messages behind it were delivered").isEqualTo(1);
            }
            await().untilAsserted(() -> assertThat(c.state().counters().lost()).isEqualTo(1));
        }
    }

    private static List<String> topics(TestMesh mesh, MeshNode node) {
        return mesh.messages(node).stream().map(MeshMessage::topic).toList();
    }
}
