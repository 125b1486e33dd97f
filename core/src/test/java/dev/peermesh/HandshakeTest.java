package dev.peermesh;

import dev.peermesh.protocol.link.HandshakeSide;
import dev.peermesh.protocol.link.MeshKey;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.FrameWriter;
import dev.peermesh.wire.Reason;
import dev.peermesh.wire.WireBytes;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The link handshake against a real node over real TCP, driven byte by byte from a {@link RawPeer}.
 */
class HandshakeTest {

    private static final String MESH = "handshake-test";

    private static MeshKey meshKey;

    private static MeshKey wrongKey;

    private final SecureRandom random = new SecureRandom();

    private TestMesh mesh;

    private MeshNode node;

    @BeforeAll
    static void deriveKeys() {
        meshKey = MeshKey.derive(MESH, TestMesh.PASSWORD);
        wrongKey = MeshKey.derive(MESH, "Not-The-Password-9");
    }

    @BeforeEach
    void startNode() {
        mesh = new TestMesh(MESH);
        node = mesh.start(settings -> settings.handshakeTimeout(Duration.ofMillis(500)), builder -> builder);
    }

    @AfterEach
    void stopNode() {
        mesh.close();
    }

    @Test
    void peerThatKnowsThePasswordIsWelcomedAsANeighbor() throws Exception {
        long peerId = 0x1234_5678_9abcL;
        try (RawPeer peer = new RawPeer(node.address())) {
            HandshakeSide side = HandshakeSide.initiator(meshKey, peerId);
            peer.send(side.hello(MESH, new PeerAddress("127.0.0.1", 1)));
            Frame.Challenge challenge = peer.receive(Frame.Challenge.class);
            assertThat(challenge.nodeId()).isEqualTo(node.nodeId());
            assertThat(side.verifies(challenge)).as("node proves it knows the password").isTrue();

            peer.send(side.auth(challenge));
            peer.receive(Frame.Welcome.class);

            await().untilAsserted(() -> assertThat(TestMesh.neighborIds(node)).containsExactly(peerId));
        }
    }

    @Test
    void peerWithTheWrongPasswordIsRefusedAndNeverAdmitted() throws Exception {
        long peerId = 0x42L;
        try (RawPeer peer = new RawPeer(node.address())) {
            HandshakeSide side = HandshakeSide.initiator(wrongKey, peerId);
            peer.send(side.hello(MESH, new PeerAddress("127.0.0.1", 1)));
            Frame.Challenge challenge = peer.receive(Frame.Challenge.class);
            assertThat(side.verifies(challenge))
                    .as("a peer with another password can tell the node is not in its mesh").isFalse();

            peer.send(side.auth(challenge));
            Frame.Refuse refuse = peer.receive(Frame.Refuse.class);

            assertThat(refuse.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
            assertThat(refuse.referrals()).as("no member addresses leak to outsiders").isEmpty();
            assertThat(peer.closedByNode()).isTrue();
        }
        assertThat(node.state().neighbors()).isEmpty();
        assertThat(node.state().counters().linksRefused()).isEqualTo(1);
    }

    @Test
    void replayedProofFromAnotherHandshakeIsRefused() throws Exception {
        long peerId = 0x77L;
        byte[] replayed;
        try (RawPeer first = new RawPeer(node.address())) {
            HandshakeSide side = HandshakeSide.initiator(meshKey, peerId);
            first.send(side.hello(MESH, new PeerAddress("127.0.0.1", 1)));
            Frame.Challenge challenge = first.receive(Frame.Challenge.class);
            replayed = side.auth(challenge).proof();
        }
        try (RawPeer second = new RawPeer(node.address())) {
            second.send(HandshakeSide.initiator(meshKey, peerId).hello(MESH, new PeerAddress("127.0.0.1", 1)));
            second.receive(Frame.Challenge.class);
            second.send(new Frame.Auth(replayed));
            assertThat(second.receive(Frame.Refuse.class).reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
        }
    }

    @Test
    void peerOfAnotherMeshIsRefusedWithTheReason() throws Exception {
        try (RawPeer peer = new RawPeer(node.address())) {
            peer.send(new Frame.Hello("another-mesh", 7, new PeerAddress("127.0.0.1", 1), nonce()));
            Frame.Refuse refuse = peer.receive(Frame.Refuse.class);
            assertThat(refuse.reason()).isEqualTo(Reason.WRONG_MESH);
            assertThat(refuse.detail()).contains(MESH).contains("another-mesh");
            assertThat(peer.closedByNode()).isTrue();
        }
    }

    @Test
    void unsupportedProtocolVersionIsRefusedWithTheReason() throws Exception {
        try (RawPeer peer = new RawPeer(node.address())) {
            // A frame from a future version: length, the version, type HELLO, then a body this node cannot know.
            int future = FrameWriter.VERSION + 1;
            peer.sendRaw(ByteBuffer.allocate(10).putInt(6).put((byte) future).put((byte) 1).putInt(0xCAFE).array());
            Frame.Refuse refuse = peer.receive(Frame.Refuse.class);
            assertThat(refuse.reason()).isEqualTo(Reason.UNSUPPORTED_VERSION);
            assertThat(refuse.detail()).contains("version " + future);
            assertThat(peer.closedByNode()).isTrue();
        }
    }

    @Test
    void aHelloOfVersion1IsRefusedInVersion1SoTheOlderNodeCanReadWhy() throws Exception {
        try (RawPeer peer = new RawPeer(node.address())) {
            byte[] hello = WireBytes.encode(new Frame.Hello("any-mesh", 42, new PeerAddress("127.0.0.1", 1),
                    new byte[Frame.NONCE_LENGTH], false));
            hello[FrameWriter.LENGTH_FIELD] = 1;
            peer.sendRaw(hello);

            Frame.Refuse refuse = peer.receive(Frame.Refuse.class);

            assertThat(peer.lastVersion()).isEqualTo(1);
            assertThat(refuse.reason()).isEqualTo(Reason.UNSUPPORTED_VERSION);
            assertThat(refuse.detail())
                    .isEqualTo("protocol version 1 is not supported; this node speaks " + FrameWriter.VERSION);
            assertThat(peer.closedByNode()).isTrue();
        }
    }

    @Test
    void handshakeThatDoesNotFinishInTimeIsDropped() throws Exception {
        try (RawPeer peer = new RawPeer(node.address())) {
            Frame.Refuse refuse = peer.receive(Frame.Refuse.class);
            assertThat(refuse.reason()).isEqualTo(Reason.HANDSHAKE_TIMEOUT);
            assertThat(peer.closedByNode()).isTrue();
        }
    }

    @Test
    void nodeDiallingItselfUnderAnotherNameRefusesTheLinkAndNeverDialsThatNameAgain() {
        MeshNode lonely = mesh.start(settings -> settings, builder -> builder);
        MeshNode selfSeeded = mesh.start(settings -> settings, builder -> builder.resolver(new ResolverOf(() -> List.of(
                new PeerAddress("localhost", mesh.nodes().get(2).address().port()), lonely.address()))));

        await().untilAsserted(() -> assertThat(TestMesh.neighborIds(selfSeeded)).containsExactly(lonely.nodeId()));
        // The node refused its own HELLO as responder and counted the REFUSE as initiator: one self-dial, two counts.
        await().untilAsserted(() -> assertThat(selfSeeded.state().counters().linksRefused()).isEqualTo(2));
        // Many maintenance ticks later the resolver still offers that name, but it is known to be this node.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> selfSeeded.state().counters().linksRefused() == 2);
    }

    @Test
    void twoNodesWithDifferentPasswordsNeverLink() {
        MeshNode outsider = mesh.start(settings -> settings.password("Another-Pass-77"), builder -> builder, node);
        await().untilAsserted(() -> assertThat(outsider.state().counters().linksRefused()).isGreaterThanOrEqualTo(1));
        assertThat(outsider.state().neighbors()).isEmpty();
        assertThat(node.state().neighbors()).isEmpty();
    }

    @Test
    void frameLongerThanTheMaximumMessageSizeCostsTheLinkWithAReason() throws Exception {
        long peerId = 0x99L;
        try (RawPeer peer = new RawPeer(node.address())) {
            peer.joinAsNeighbor(MESH, meshKey, peerId, node.nodeId());

            int tooLong = node.settings().maxMessageSize() + 1;
            peer.sendRaw(ByteBuffer.allocate(6).putInt(tooLong).put((byte) 1).put((byte) 9).array());

            Frame.Disconnect disconnect = peer.receive(Frame.Disconnect.class);
            assertThat(disconnect.reason()).isEqualTo(Reason.FRAME_TOO_LARGE);
            assertThat(peer.closedByNode()).isTrue();
        }
        await().untilAsserted(() -> assertThat(node.state().counters().linksClosed())
                .containsEntry(CloseReason.FRAME_TOO_LARGE, 1L));
        assertThat(node.state().counters().protocolErrors()).isEqualTo(1);
    }

    @Test
    void publishOverTheMaximumMessageSizeFailsAtOnceWithTheSizes() {
        byte[] payload = new byte[node.settings().maxMessageSize()];
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(PublishRejectedException.class,
                () -> node.publish("big", payload, Map.of())))
                .satisfies(ex -> {
                    assertThat(ex.cause()).isEqualTo(PublishRejectedException.Cause.TOO_LARGE);
                    assertThat(ex.getMessage()).contains(Integer.toString(payload.length))
                            .contains("max-message-size");
                });
    }

    private byte[] nonce() {
        byte[] nonce = new byte[Frame.NONCE_LENGTH];
        random.nextBytes(nonce);
        return nonce;
    }

    /** A resolver whose answer is computed when asked. */
    private record ResolverOf(java.util.function.Supplier<List<PeerAddress>> answer)
            implements dev.peermesh.resolver.PeerResolver {

        @Override
        public void register(dev.peermesh.resolver.PeerRegistration registration) {
        }

        @Override
        public void refresh(dev.peermesh.resolver.PeerRegistration registration) {
        }

        @Override
        public void unregister(dev.peermesh.resolver.PeerRegistration registration) {
        }

        @Override
        public List<PeerAddress> resolve(String meshId, int maxAddresses) {
            return answer.get();
        }
    }
}
