package dev.peermesh.protocol;

import dev.peermesh.MeshSettings;
import dev.peermesh.protocol.link.MeshKey;
import dev.peermesh.protocol.InMemoryMesh.Node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HyParView's upkeep of the passive view: shuffles spread knowledge of peers a node was never told about, and join
 * walks get a newcomer more links than the one it dialled.
 */
class MeshProtocolOverlayTest {

    private static final MeshKey KEY = MeshKey.derive(InMemoryMesh.MESH_ID, "s3cret!Pass");

    private final InMemoryMesh mesh = new InMemoryMesh(KEY);

    @Test
    void shufflesTeachASpokeThePeersItsHubKnows() {
        MeshSettings shuffleEveryTick = InMemoryMesh.settings().neighbors(1, 1, 7)
                .shuffleInterval(Duration.ofSeconds(2)).maintenanceInterval(Duration.ofSeconds(2)).build();
        Node hub = mesh.node(100, shuffleEveryTick, KEY);
        mesh.start(hub);
        List<Node> spokes = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Node spoke = mesh.node(i, shuffleEveryTick, KEY);
            mesh.start(spoke);
            mesh.resolved(spoke, hub);
            spokes.add(spoke);
        }
        Node first = spokes.get(0);
        assertThat(first.state().counters().passiveViewSize()).as("only its hub, before any shuffle").isEqualTo(1);

        for (int round = 0; round < 3; round++) {
            mesh.tick(hub);
            spokes.forEach(mesh::tick);
        }

        assertThat(first.neighborIds()).containsExactly(hub.id);
        assertThat(first.state().counters().passiveViewSize()).as("the hub and the other spokes it heard of")
                .isGreaterThanOrEqualTo(4);
    }

    @Test
    void joinWalkLinksTheNewcomerToNodesBeyondItsContact() {
        MeshSettings walks = InMemoryMesh.settings().neighbors(1, 1, 7).joinWalkLength(1).build();
        Node contact = mesh.node(100, walks, KEY);
        Node x = mesh.node(101, walks, KEY);
        Node y = mesh.node(102, walks, KEY);
        mesh.start(contact, x, y);
        mesh.resolved(x, contact);
        mesh.resolved(y, x);
        mesh.resolved(contact, y);
        assertThat(contact.neighborIds()).containsExactlyInAnyOrder(x.id, y.id);

        Node newcomer = mesh.node(1, walks, KEY);
        mesh.start(newcomer);
        mesh.resolved(newcomer, contact);

        assertThat(newcomer.actions.dials).as("it dialled only its contact").containsExactly(contact.address);
        assertThat(newcomer.neighborIds()).as("the walks' last nodes linked to it")
                .contains(contact.id).containsAnyOf(x.id, y.id);
    }

    @Test
    void noJoinWalksWhenTheirLengthIsZero() {
        MeshSettings noWalks = InMemoryMesh.settings().neighbors(1, 1, 7).joinWalkLength(0).build();
        Node contact = mesh.node(100, noWalks, KEY);
        Node x = mesh.node(101, noWalks, KEY);
        mesh.start(contact, x);
        mesh.resolved(x, contact);

        Node newcomer = mesh.node(1, noWalks, KEY);
        mesh.start(newcomer);
        mesh.resolved(newcomer, contact);

        assertThat(newcomer.neighborIds()).containsExactly(contact.id);
        assertThat(contact.actions.sent).extracting(RecordingActions.Sent::frame)
                .noneMatch(frame -> frame instanceof dev.peermesh.wire.Frame.ForwardJoin);
    }
}
