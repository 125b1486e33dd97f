package dev.peermesh.protocol;

import dev.peermesh.MeshMessage;
import dev.peermesh.MeshSettings;
import dev.peermesh.Neighbor;
import dev.peermesh.NodeId;
import dev.peermesh.PropagationFilter;
import dev.peermesh.dissemination.Disseminations;
import dev.peermesh.protocol.link.MeshKey;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Direct links between real protocols over pretend TCP: a line A – B – C, where a request from C to A (carrying C's
 * address) makes A dial C directly; what may and may not travel on such a link, and when it ends.
 */
class DirectLinksTest {

    private static final MeshKey KEY = MeshKey.derive(InMemoryMesh.MESH_ID, "s3cret!Pass");

    private final InMemoryMesh mesh = new InMemoryMesh(KEY);

    private InMemoryMesh.Node a;
    private InMemoryMesh.Node b;
    private InMemoryMesh.Node c;

    private long[] sequences = new long[8];

    private InMemoryMesh.Node node(long id, int min, int ideal, int max) {
        MeshSettings settings = InMemoryMesh.settings().neighbors(min, ideal, max).build();
        return mesh.node(id, settings, KEY, Disseminations.of(settings, PropagationFilter.ALL));
    }

    @BeforeEach
    void line() {
        a = node(1, 1, 1, 1);
        b = node(2, 1, 2, 3);
        c = node(3, 1, 1, 1);
        mesh.start(a, b, c);
        mesh.resolved(a, b);
        mesh.resolved(c, b);
        assertThat(a.neighborIds()).containsExactly(2L);
        assertThat(c.neighborIds()).containsExactly(2L);
    }

    private void publish(InMemoryMesh.Node from, Map<String, String> headers) {
        from.protocol.publish(++sequences[(int) from.id], "t", headers, new byte[] {7}, 0);
        mesh.pump();
    }

    /** C asks A, telling A where C listens. */
    private void requestFromCToA(String address) {
        publish(c, Map.of(MeshMessage.TARGET_HEADER, NodeId.format(a.id), MeshMessage.REQUEST_HEADER, "1",
                MeshMessage.ADDRESS_HEADER, address));
    }

    @Test
    void aRequestToANodeMakesItDialTheRequesterDirectlyOutsideItsNeighborsAndMessagesGoStraight() {
        requestFromCToA(c.address().toString());

        assertThat(mesh.openLinks(a, c)).hasSize(1);
        assertThat(a.neighborIds()).containsExactly(2L);
        assertThat(c.neighborIds()).containsExactly(2L);
        assertThat(a.actions.events).noneMatch(event -> event instanceof MeshEvent.NeighborUp up
                && up.neighbor().nodeId() == c.id);

        publish(a, Map.of(MeshMessage.TARGET_HEADER, NodeId.format(c.id))); // the reply
        publish(c, Map.of(MeshMessage.TARGET_HEADER, NodeId.format(a.id))); // and one back

        assertThat(a.state().counters().direct().sent()).isEqualTo(1);
        assertThat(c.state().counters().direct().sent()).isEqualTo(1);
        assertThat(c.actions.deliveries).extracting(m -> m.id().origin()).containsExactly(a.id);
        assertThat(b.actions.deliveries).as("the node between gets nothing for the others").isEmpty();
        assertThat(b.state().counters().lost()).isZero();
    }

    @Test
    void aDirectLinkThatCarriesNoMessageForAMinuteIsClosedWhateverItsKeepalives() {
        requestFromCToA(c.address().toString());
        assertThat(mesh.openLinks(a, c)).hasSize(1);
        long ticks = 60_000 / a.settings.maintenanceInterval().toMillis();

        for (long i = 0; i < ticks; i++) {
            mesh.keepalive(a);
            mesh.keepalive(c);
            mesh.tick(a);
            mesh.tick(c);
        }
        assertThat(mesh.openLinks(a, c)).hasSize(1);
        mesh.tick(a);

        assertThat(mesh.openLinks(a, c)).isEmpty();
        assertThat(a.neighborIds()).containsExactly(2L);
    }

    @Test
    void aDirectLinkToAnAddressWhereAnotherNodeAnswersIsClosedAndTheMessageGoesThroughTheMesh() {
        InMemoryMesh.Node d = node(4, 1, 1, 1);
        mesh.start(d);
        mesh.resolved(d, b);

        requestFromCToA(d.address().toString()); // a stale or false address: d answers there, not c

        assertThat(mesh.openLinks(a, d)).isEmpty();
        assertThat(a.neighborIds()).containsExactly(2L);
        publish(a, Map.of(MeshMessage.TARGET_HEADER, NodeId.format(c.id)));
        assertThat(c.actions.deliveries).extracting(m -> m.id().origin()).containsExactly(a.id);
        assertThat(a.state().counters().direct().sent()).isZero();
    }

    @Test
    void aRequestToEveryNodeOpensNoLinkAtDeliveryButASecondReplyToTheSameRequesterDoes() {
        publish(c, Map.of(MeshMessage.REQUEST_HEADER, "1", MeshMessage.ADDRESS_HEADER, c.address().toString()));
        assertThat(mesh.openLinks(a, c)).isEmpty();

        publish(a, Map.of(MeshMessage.TARGET_HEADER, NodeId.format(c.id), MeshMessage.IN_REPLY_TO_HEADER, "1"));
        assertThat(mesh.openLinks(a, c)).as("one reply: no link").isEmpty();
        publish(a, Map.of(MeshMessage.TARGET_HEADER, NodeId.format(c.id), MeshMessage.IN_REPLY_TO_HEADER, "2"));

        assertThat(mesh.openLinks(a, c)).hasSize(1);
        assertThat(a.neighbor(c)).isEmpty();
        assertThat(a.state().neighbors()).extracting(Neighbor::nodeId).containsExactly(2L);
    }
}
