package dev.peermesh.protocol;

import dev.peermesh.CloseReason;
import dev.peermesh.MessageId;
import dev.peermesh.protocol.InMemoryMesh.Node;
import dev.peermesh.protocol.link.MeshKey;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.Reason;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keepalive: every tick pings each neighbor; a neighbor that lets {@code keepaliveMisses} pings in a row go
 * unanswered — silent for that many keepalive intervals — is taken for dead.
 */
class MeshProtocolKeepaliveTest {

    private static final MeshKey KEY = MeshKey.derive(InMemoryMesh.MESH_ID, "s3cret!Pass");

    private final InMemoryMesh mesh = new InMemoryMesh(KEY);

    private Node a;

    private Node b;

    @BeforeEach
    void linkTwoNodes() {
        a = mesh.node(1, InMemoryMesh.settings().keepalive(Duration.ofSeconds(5), 3).build(), KEY);
        b = mesh.node(2);
        mesh.start(a, b);
        mesh.resolved(a, b);
        assertThat(a.neighborIds()).containsExactly(b.id);
    }

    @Test
    void neighborSilentForThreeKeepaliveIntervalsIsClosedWithKeepaliveTimeout() {
        mesh.silence(b);
        mesh.keepalive(a); // b was heard during the handshake: first ping, the silence starts now

        mesh.keepalive(a);
        mesh.keepalive(a);
        assertThat(a.neighborIds()).as("two pings unanswered").containsExactly(b.id);
        mesh.keepalive(a);

        assertThat(a.neighborIds()).isEmpty();
        long link = mesh.allLinks(a, b).get(0);
        assertThat(a.actions.lastSentOn(link)).isInstanceOfSatisfying(Frame.Disconnect.class,
                disconnect -> assertThat(disconnect.reason()).isEqualTo(Reason.KEEPALIVE_TIMEOUT));
        assertThat(a.actions.eventsOfType(MeshEvent.NeighborDown.class)).singleElement().satisfies(down -> {
            assertThat(down.reason()).isEqualTo(Reason.KEEPALIVE_TIMEOUT);
            assertThat(down.detail()).contains("3");
        });
        assertThat(a.state().counters().linksClosed()).containsEntry(CloseReason.KEEPALIVE_TIMEOUT, 1L);
        assertThat(mesh.openLinks(a, b)).isEmpty();
    }

    @Test
    void everyKeepaliveTickPingsEachNeighborWithAFreshToken() {
        long link = mesh.openLinks(a, b).get(0);
        a.actions.clear();

        mesh.keepalive(a);
        mesh.keepalive(a);

        assertThat(a.actions.sentOfType(Frame.Ping.class)).hasSize(2).extracting(Frame.Ping::token)
                .doesNotHaveDuplicates();
        assertThat(a.actions.sentOn(link)).allMatch(Frame.Ping.class::isInstance);
        assertThat(a.actions.scheduled).containsExactly(
                new RecordingActions.Scheduled(Timer.KEEPALIVE, 5_000),
                new RecordingActions.Scheduled(Timer.KEEPALIVE, 5_000));
    }

    @Test
    void pingIsAnsweredWithPongCarryingTheSameToken() {
        long link = mesh.openLinks(b, a).get(0);
        b.actions.clear();

        b.protocol.onFrame(link, new Frame.Ping(424242));

        assertThat(b.actions.sentOn(link)).containsExactly(new Frame.Pong(424242));
    }

    @Test
    void neighborAnsweringPingsIsKeptForever() {
        for (int i = 0; i < 20; i++) {
            mesh.keepalive(a);
        }

        assertThat(a.neighborIds()).containsExactly(b.id);
        assertThat(a.actions.eventsOfType(MeshEvent.NeighborDown.class)).isEmpty();
        assertThat(b.actions.sentOfType(Frame.Pong.class)).hasSize(20);
    }

    @Test
    void anyFrameFromTheNeighborResetsTheCount() {
        mesh.silence(b);
        mesh.keepalive(a);
        mesh.keepalive(a);
        mesh.keepalive(a);
        long link = mesh.openLinks(a, b).get(0);

        a.protocol.onFrame(link, new Frame.Data(b.id, 1, 1, 0, "news", Map.of(), new byte[0]));
        mesh.keepalive(a);
        mesh.keepalive(a);
        mesh.keepalive(a);

        assertThat(a.neighborIds()).containsExactly(b.id);
        mesh.keepalive(a);
        assertThat(a.neighborIds()).isEmpty();
    }

    @Test
    void nodeThatLostItsOnlyNeighborToKeepaliveGoesOffline() {
        mesh.silence(b);
        for (int i = 0; i < 4; i++) {
            mesh.keepalive(a);
        }

        assertThat(a.actions.events).endsWith(new MeshEvent.Offline());
    }

    @Test
    void whileReadsArePausedNoLinkIsGivenUpAndNoGapIsReportedLost() {
        long link = mesh.openLinks(a, b).get(0);
        a.protocol.onFrame(link, new Frame.Data(b.id, 1, 1, 0, "news", Map.of(), new byte[0]));
        a.protocol.onFrame(link, new Frame.Data(b.id, 3, 1, 0, "news", Map.of(), new byte[0])); // 2 is not read yet
        mesh.silence(b);

        a.protocol.onReadsPaused(true);
        for (int i = 0; i < 50; i++) {
            mesh.keepalive(a);
            mesh.tick(a);
        }

        assertThat(a.neighborIds()).containsExactly(b.id);
        assertThat(a.actions.eventsOfType(MeshEvent.MessageLost.class)).isEmpty();

        a.protocol.onReadsPaused(false);
        for (int i = 0; i < 50; i++) {
            mesh.tick(a);
        }

        assertThat(a.actions.eventsOfType(MeshEvent.MessageLost.class)).as("the gap, once reading again")
                .singleElement().extracting(MeshEvent.MessageLost::id).isEqualTo(new MessageId(b.id, 2));
    }
}
