package dev.peermesh;

import dev.peermesh.wire.Frame;
import dev.peermesh.wire.FrameWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hundreds of junk connections — garbage, silence, a frame that never ends, half a handshake, a huge frame before
 * the handshake — from many loopback addresses at a node that relays between two neighbors. Over real TCP.
 */
class JunkConnectionFloodTest {

    private static final String MESH = "junk-flood";

    private static final int SOURCES = 20;

    private static final int CONNECTIONS_PER_SOURCE = 16;

    private static final int MAX_PENDING = 32;

    private static final int MAX_PENDING_PER_ADDRESS = 8;

    private final TestMesh mesh = new TestMesh(MESH);

    private final List<Socket> junk = new ArrayList<>();

    private final Random random = new Random(8);

    private final AtomicInteger mostPending = new AtomicInteger();

    @AfterEach
    void closeEverything() throws IOException {
        for (Socket socket : junk) {
            socket.close();
        }
        mesh.close();
    }

    @Test
    void floodOfJunkConnectionsLeavesANodeServingItsNeighbors() throws Exception {
        MeshNode relay = mesh.start(s -> s.handshakeTimeout(Duration.ofSeconds(1))
                .maxPendingHandshakes(MAX_PENDING).maxPendingHandshakesPerAddress(MAX_PENDING_PER_ADDRESS), b -> b);
        // One neighbor each, so everything between them crosses the relay.
        MeshNode a = mesh.start(s -> s.neighbors(1, 1, 1), b -> b, relay);
        MeshNode b = mesh.start(s -> s.neighbors(1, 1, 1), x -> x, relay);
        await().until(() -> TestMesh.neighborIds(relay).containsAll(List.of(a.nodeId(), b.nodeId())));

        List<MessageId> fromA = new ArrayList<>();
        List<MessageId> fromB = new ArrayList<>();
        for (int source = 0; source < SOURCES; source++) {
            for (int i = 0; i < CONNECTIONS_PER_SOURCE; i++) {
                junk.add(junkConnection(relay.address(), "127.0.0." + (10 + source), i % 5));
            }
            fromA.add(a.publish("chat", ("a" + source).getBytes(), Map.of()));
            fromB.add(b.publish("chat", ("b" + source).getBytes(), Map.of()));
            samplePending(relay);
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            samplePending(relay);
            assertThat(mesh.received(b).keySet()).containsAll(fromA);
            assertThat(mesh.received(a).keySet()).containsAll(fromB);
        });
        assertThat(mesh.received(b).values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        assertThat(mesh.received(a).values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        assertThat(TestMesh.neighborIds(relay)).containsExactlyInAnyOrder(a.nodeId(), b.nodeId());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            samplePending(relay);
            assertThat(junk).as("junk connections closed by the node").allSatisfy(
                    socket -> assertThat(closedByPeer(socket)).isTrue());
        });
        assertThat(mostPending.get()).isBetween(1, MAX_PENDING);
        assertThat(relay.state().counters().pendingHandshakes()).isZero();
        Map<Rejection, Long> rejected = relay.state().counters().rejected();
        assertThat(rejected).containsKeys(Rejection.TOO_MANY_HANDSHAKES_FROM_ADDRESS, Rejection.HANDSHAKE_TIMEOUT,
                Rejection.FRAME_TOO_LARGE);
        assertThat(rejected.getOrDefault(Rejection.TOO_MANY_HANDSHAKES, 0L)
                + rejected.get(Rejection.TOO_MANY_HANDSHAKES_FROM_ADDRESS)).isPositive();

        // Slots are free again: a newcomer still gets in.
        MeshNode late = mesh.start(s -> s, x -> x, relay);
        await().until(() -> TestMesh.neighborIds(late).contains(relay.nodeId()));
    }

    /** A connection from {@code localHost} that sends one kind of junk and then holds the socket open. */
    private Socket junkConnection(PeerAddress target, String localHost, int kind) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(localHost, 0));
        socket.connect(new InetSocketAddress(target.host(), target.port()), 5_000);
        socket.setSoTimeout(20);
        byte[] bytes = switch (kind) {
            case 0 -> garbage();
            case 1 -> new byte[0]; // silence: a slowloris that never starts
            case 2 -> ByteBuffer.allocate(40).putInt(1_000).put((byte) 1).put((byte) 9).array(); // never ends
            case 3 -> halfHandshake();
            default -> ByteBuffer.allocate(6).putInt(1 << 20).put((byte) 1).put((byte) 9).array(); // 1 MiB frame
        };
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return socket;
    }

    private byte[] garbage() {
        byte[] bytes = new byte[512];
        random.nextBytes(bytes);
        return bytes;
    }

    private byte[] halfHandshake() {
        byte[] nonce = new byte[Frame.NONCE_LENGTH];
        random.nextBytes(nonce);
        ByteBuf buffer = Unpooled.buffer();
        try {
            FrameWriter.write(new Frame.Hello(MESH, 1 + random.nextInt(1 << 30), new PeerAddress("127.0.0.1", 1),
                    nonce), buffer);
            return ByteBufUtil.getBytes(buffer);
        }
        finally {
            buffer.release();
        }
    }

    private void samplePending(MeshNode node) {
        mostPending.accumulateAndGet(node.state().counters().pendingHandshakes(), Math::max);
    }

    /** Whether the peer closed the socket: reads what is left (refusals) until EOF, or answers false on silence. */
    private static boolean closedByPeer(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            while (true) {
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
        }
        catch (SocketTimeoutException ex) {
            return false;
        }
        catch (IOException ex) {
            return true; // reset: closed too
        }
    }
}
