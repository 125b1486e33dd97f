package dev.peermesh.protocol;

import dev.peermesh.MeshMessage;
import dev.peermesh.protocol.link.MeshKey;
import dev.peermesh.protocol.InMemoryMesh.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages published through {@link MeshProtocol} and flooded over real neighbor links of several nodes.
 */
class MeshProtocolFloodingTest {

    private static final MeshKey KEY = MeshKey.derive(InMemoryMesh.MESH_ID, "s3cret!Pass");

    private final InMemoryMesh mesh = new InMemoryMesh(KEY);

    @Test
    void messageWithHopLimitTwoReachesExactlyTwoLinksAlongALine() {
        List<Node> line = line(5);

        line.get(0).protocol.publish(1, "news", Map.of(), "hi".getBytes(), 2);
        mesh.pump();

        assertThat(line.get(1).actions.deliveries).singleElement().extracting(MeshMessage::hops).isEqualTo(1);
        assertThat(line.get(2).actions.deliveries).singleElement().extracting(MeshMessage::hops).isEqualTo(2);
        assertThat(line.get(3).actions.deliveries).isEmpty();
        assertThat(line.get(4).actions.deliveries).isEmpty();
        assertThat(line.get(2).state().counters().hopLimited()).isEqualTo(1);
    }

    @Test
    void messageWithoutHopLimitReachesTheEndOfALongLine() {
        List<Node> line = line(8);

        line.get(0).protocol.publish(1, "news", Map.of(), "hi".getBytes(), 0);
        mesh.pump();

        assertThat(line.get(7).actions.deliveries).singleElement().extracting(MeshMessage::hops).isEqualTo(7);
    }

    @Test
    void everyNodeOfAMeshWithCyclesDeliversEachMessageOnce() {
        List<Node> nodes = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            nodes.add(mesh.node(i));
        }
        mesh.start(nodes.toArray(Node[]::new));
        for (int i = 1; i < nodes.size(); i++) {
            mesh.resolved(nodes.get(i), nodes.subList(0, i).toArray(Node[]::new));
        }
        assertThat(nodes).allSatisfy(n -> assertThat(n.neighborIds()).hasSizeGreaterThanOrEqualTo(1));
        long withCycles = nodes.stream().mapToLong(n -> n.neighborIds().size()).sum() / 2;
        assertThat(withCycles).as("links").isGreaterThanOrEqualTo(nodes.size());

        for (int seq = 1; seq <= 3; seq++) {
            nodes.get(seq * 3).protocol.publish(seq, "news", Map.of(), new byte[] {(byte) seq}, 0);
        }
        mesh.pump();

        assertThat(nodes).allSatisfy(n -> assertThat(n.actions.deliveries).hasSize(3)
                .extracting(MeshMessage::id).doesNotHaveDuplicates());
        assertThat(nodes.stream().mapToLong(n -> n.state().counters().duplicates()).sum())
                .as("cycles bring duplicates, all dropped").isPositive();
    }

    /** A line n0 – n1 – … : each node joins through the one before it and wants no other neighbor. */
    private List<Node> line(int length) {
        List<Node> line = new ArrayList<>();
        for (int i = 1; i <= length; i++) {
            Node node = mesh.node(i, 1, 1, 7);
            mesh.start(node);
            if (!line.isEmpty()) {
                mesh.resolved(node, line.get(line.size() - 1));
            }
            line.add(node);
        }
        for (int i = 1; i < length; i++) {
            assertThat(line.get(i).neighborIds()).contains(line.get(i - 1).id);
        }
        assertThat(line.get(0).neighborIds()).containsExactly(line.get(1).id);
        return line;
    }
}
