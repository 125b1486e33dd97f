package dev.peermesh;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A slowloris from a member's own address — 300 connections that never say a word, held open — does not lock the
 * member out: its handshake ends the oldest stalled one from the address and finishes, and the node keeps its other
 * neighbor throughout.
 */
class SlowlorisAdmissionTest {

    private final TestMesh mesh = new TestMesh("slowloris-test");

    private final List<Socket> stalled = new ArrayList<>();

    @AfterEach
    void release() throws IOException {
        for (Socket socket : stalled) {
            socket.close();
        }
        mesh.close();
    }

    @Test
    void aMemberJoinsFromTheAddressOfThreeHundredStalledHandshakes() throws IOException {
        MeshNode target = mesh.start(settings -> settings.handshakeTimeout(Duration.ofMinutes(1)),
                UnaryOperator.identity());
        MeshNode neighbor = mesh.start(target);
        await().until(() -> target.state().neighbors().size() == 1);

        PeerAddress address = target.address();
        for (int i = 0; i < 300; i++) {
            stalled.add(new Socket(address.host(), address.port())); // connects, then says nothing
        }
        await().until(() -> target.state().counters().rejected().getOrDefault(
                Rejection.TOO_MANY_HANDSHAKES_FROM_ADDRESS, 0L) >= 300 - 8);

        MeshNode newcomer = mesh.start(target);

        await().atMost(Duration.ofSeconds(15)).until(() -> newcomer.state().online());
        assertThat(target.state().neighbors()).extracting(Neighbor::nodeId)
                .contains(neighbor.nodeId(), newcomer.nodeId());
    }
}
