package dev.peermesh.protocol;

import dev.peermesh.protocol.link.MeshKey;
import dev.peermesh.protocol.InMemoryMesh.Node;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.Reason;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The detail a peer gives when it refuses or drops a link is its own text: the node keeps it escaped (as it does
 * for "refused by peer: …"), so the neighbor-down event, the listeners and every log line built from it stay on one
 * line.
 */
class PeerDetailTest {

    private static final MeshKey KEY = MeshKey.derive(InMemoryMesh.MESH_ID, "s3cret!Pass");

    private static final String FORGERY = "bye\r\n18:00:00.000 ERROR FORGED-LOG-LINE \u001b[31m";

    private final InMemoryMesh mesh = new InMemoryMesh(KEY);

    @Test
    void disconnectDetailFromAPeerReachesTheNeighborDownEventEscaped() {
        Node a = mesh.node(1);
        Node b = mesh.node(2);
        mesh.start(a, b);
        mesh.resolved(a, b);
        long link = mesh.openLinks(a, b).get(0);

        a.protocol.onFrame(link, new Frame.Disconnect(Reason.SLOW_NEIGHBOR, FORGERY, List.of()));

        assertThat(a.actions.eventsOfType(MeshEvent.NeighborDown.class)).singleElement()
                .satisfies(down -> assertThat(down.detail()).isEqualTo(
                        "disconnected by peer: bye\\r\\n18:00:00.000 ERROR FORGED-LOG-LINE \\u001b[31m"));
    }
}
