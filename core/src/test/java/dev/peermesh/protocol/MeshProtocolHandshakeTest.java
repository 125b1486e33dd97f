package dev.peermesh.protocol;

import dev.peermesh.CloseReason;
import dev.peermesh.MeshMessage;
import dev.peermesh.MeshSettings;
import dev.peermesh.Neighbor;
import dev.peermesh.PeerAddress;
import dev.peermesh.PropagationFilter;
import dev.peermesh.Rejection;
import dev.peermesh.dissemination.DuplicateCache;
import dev.peermesh.dissemination.Flooding;
import dev.peermesh.protocol.InMemoryMesh.Node;
import dev.peermesh.protocol.link.HandshakeSide;
import dev.peermesh.protocol.link.MeshKey;
import dev.peermesh.wire.DecodeFailure;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.FrameType;
import dev.peermesh.wire.Reason;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The link handshake (HELLO → CHALLENGE → AUTH → WELCOME/REFUSE) between real protocol instances, and what a node
 * does with a link that breaks the handshake.
 */
class MeshProtocolHandshakeTest {

    private static final String PASSWORD = "s3cret!Pass";

    private static final MeshKey KEY = MeshKey.derive(InMemoryMesh.MESH_ID, PASSWORD);

    private static final MeshKey WRONG_PASSWORD_KEY = MeshKey.derive(InMemoryMesh.MESH_ID, "not-the-password");

    private static final PeerAddress REMOTE = new PeerAddress("10.9.9.9", 7400);

    private final InMemoryMesh mesh = new InMemoryMesh(KEY);

    @Test
    void handshakeMakesBothNodesNeighborsAndOnline() {
        Node a = mesh.node(1);
        Node b = mesh.node(2);
        mesh.start(a, b);

        mesh.resolved(a, b);

        assertThat(a.neighbor(b)).contains(new Neighbor(b.id, b.address, true));
        assertThat(b.neighbor(a)).contains(new Neighbor(a.id, a.address, false));
        assertThat(a.actions.events).containsExactly(new MeshEvent.Online(),
                new MeshEvent.NeighborUp(new Neighbor(b.id, b.address, true)));
        assertThat(b.actions.events).containsExactly(new MeshEvent.Online(),
                new MeshEvent.NeighborUp(new Neighbor(a.id, a.address, false)));
        assertThat(a.state().counters().linksEstablished()).isEqualTo(1);
        assertThat(b.state().counters().linksEstablished()).isEqualTo(1);
        assertThat(mesh.openLinks(a, b)).hasSize(1);
    }

    @Test
    void handshakeRunsHelloChallengeAuthWelcomeInThatOrder() {
        Node a = mesh.node(1);
        Node b = mesh.node(2);
        mesh.start(a, b);

        mesh.resolved(a, b);

        long link = mesh.openLinks(a, b).get(0);
        assertThat(a.actions.sentOn(link)).extracting(Frame::type)
                .containsExactly(FrameType.HELLO, FrameType.AUTH);
        assertThat(b.actions.sentOn(mesh.peerEnd(link))).extracting(Frame::type)
                .containsExactly(FrameType.CHALLENGE, FrameType.WELCOME);
    }

    @Test
    void establishedNeighborsCarryMessagesBothWays() {
        Node a = mesh.node(1);
        Node b = mesh.node(2);
        mesh.start(a, b);
        mesh.resolved(a, b);

        a.protocol.publish(1, "news", Map.of(), "from a".getBytes(), 0);
        b.protocol.publish(1, "news", Map.of(), "from b".getBytes(), 0);
        mesh.pump();

        assertThat(b.actions.deliveries).extracting(MeshMessage::text).containsExactly("from b", "from a");
        assertThat(a.actions.deliveries).extracting(MeshMessage::text).containsExactly("from a", "from b");
    }

    @Test
    void wrongPasswordIsRefusedWithAuthenticationFailedAndMakesNoNeighbor() {
        Node a = mesh.node(1);
        Node b = mesh.node(2, InMemoryMesh.settings().build(), WRONG_PASSWORD_KEY);
        mesh.start(a, b);

        mesh.resolved(a, b);

        long link = mesh.allLinks(a, b).get(0);
        assertThat(a.actions.lastSentOn(link)).isInstanceOfSatisfying(Frame.Refuse.class,
                refuse -> assertThat(refuse.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED));
        assertThat(a.actions.closed).contains(link);
        assertThat(mesh.openLinks(a, b)).isEmpty();
        assertThat(a.neighborIds()).isEmpty();
        assertThat(b.neighborIds()).isEmpty();
        assertThat(a.actions.events).isEmpty();
        assertThat(b.actions.events).isEmpty();
        assertThat(a.state().counters().linksRefused()).isEqualTo(1);
        assertThat(b.state().counters().linksRefused()).isEqualTo(1);
    }

    @Test
    void responderRefusesAnInitiatorWhoseProofDoesNotMatchThePassword() {
        RecordingActions actions = new RecordingActions();
        MeshProtocol b = protocol(2, actions, KEY);
        b.start();
        b.onLinkOpened(7, null);
        HandshakeSide wrong = HandshakeSide.initiator(WRONG_PASSWORD_KEY, 1);
        b.onFrame(7, wrong.hello(InMemoryMesh.MESH_ID, REMOTE));
        Frame.Challenge challenge = (Frame.Challenge) actions.lastSentOn(7);

        b.onFrame(7, wrong.auth(challenge));

        assertThat(actions.lastSentOn(7)).isInstanceOfSatisfying(Frame.Refuse.class,
                refuse -> assertThat(refuse.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED));
        assertThat(actions.closed).containsExactly(7L);
        assertThat(actions.events).isEmpty();
    }

    @Test
    void responderRefusesAReflectedProof() {
        RecordingActions actions = new RecordingActions();
        MeshProtocol b = protocol(2, actions, KEY);
        b.start();
        b.onLinkOpened(7, null);
        b.onFrame(7, HandshakeSide.initiator(KEY, 1).hello(InMemoryMesh.MESH_ID, REMOTE));
        Frame.Challenge challenge = (Frame.Challenge) actions.lastSentOn(7);

        b.onFrame(7, new Frame.Auth(challenge.proof()));

        assertThat(actions.lastSentOn(7)).isInstanceOfSatisfying(Frame.Refuse.class,
                refuse -> assertThat(refuse.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED));
        assertThat(actions.events).isEmpty();
    }

    @Test
    void wrongMeshIdIsRefusedWithWrongMesh() {
        Node a = mesh.node(1);
        Node b = mesh.node(2, MeshSettings.builder("other-mesh").build(), MeshKey.derive("other-mesh", null));
        mesh.start(a, b);

        mesh.resolved(a, b);

        long link = mesh.allLinks(b, a).get(0);
        assertThat(b.actions.sentOn(link)).singleElement().isInstanceOfSatisfying(Frame.Refuse.class, refuse -> {
            assertThat(refuse.reason()).isEqualTo(Reason.WRONG_MESH);
            assertThat(refuse.detail()).contains("other-mesh", InMemoryMesh.MESH_ID);
        });
        assertThat(mesh.openLinks(a, b)).isEmpty();
        assertThat(a.neighborIds()).isEmpty();
        assertThat(b.neighborIds()).isEmpty();
        assertThat(a.state().counters().linksRefused()).isEqualTo(1);
    }

    /**
     * Design principle 6: bad input closes the link with a reason and counts a metric. A stranger from another mesh
     * is refused, but the responder counts nothing: {@code markClosed} skips links still in AWAIT_HELLO.
     */
    @Test
    void responderCountsARefusedHelloFromAnotherMesh() {
        RecordingActions actions = new RecordingActions();
        MeshProtocol b = protocol(2, actions, KEY);
        b.start();
        b.onLinkOpened(7, null);

        b.onFrame(7, new Frame.Hello("other-mesh", 1, REMOTE, new byte[Frame.NONCE_LENGTH]));

        assertThat(actions.lastSentOn(7)).isInstanceOf(Frame.Refuse.class);
        assertThat(b.state(true, 0, 0, 0).counters().linksRefused()).isEqualTo(1);
    }

    @Test
    void nodeDiallingItselfIsRefusedWithSelfLinkAndNeverDialsThatAddressAgain() {
        Node a = mesh.node(1);
        PeerAddress alias = new PeerAddress("a.example", 7400);
        mesh.alias(a, alias);
        mesh.start(a);

        mesh.resolved(a, alias);

        assertThat(a.actions.sentOfType(Frame.Refuse.class)).extracting(Frame.Refuse::reason)
                .contains(Reason.SELF_LINK);
        assertThat(a.neighborIds()).isEmpty();
        assertThat(a.actions.events).isEmpty();
        for (int i = 0; i < 10; i++) {
            mesh.tick(a);
            mesh.resolved(a, alias, a.address);
        }
        assertThat(a.actions.dials).containsExactly(alias);
    }

    @Test
    void handshakeTimeoutClosesAnInboundLinkThatNeverSaysHello() {
        RecordingActions actions = new RecordingActions();
        MeshProtocol b = protocol(2, actions, KEY);
        b.start();
        b.onLinkOpened(7, null);
        List<Timer> timeouts = actions.handshakeTimeoutsFor(7);
        assertThat(timeouts).hasSize(1);
        assertThat(actions.scheduled).contains(new RecordingActions.Scheduled(timeouts.get(0), 10_000));

        b.onTimer(timeouts.get(0));

        assertThat(actions.lastSentOn(7)).isInstanceOfSatisfying(Frame.Refuse.class,
                refuse -> assertThat(refuse.reason()).isEqualTo(Reason.HANDSHAKE_TIMEOUT));
        assertThat(actions.closed).containsExactly(7L);
    }

    @Test
    void handshakeTimeoutClosesAnOutboundLinkStuckWaitingForChallengeAndCoolsTheAddressDown() {
        Node a = mesh.node(1);
        Node b = mesh.node(2);
        mesh.silence(b);
        mesh.start(a, b);
        mesh.resolved(a, b);
        long link = mesh.allLinks(a, b).get(0);
        List<Timer> timeouts = a.actions.handshakeTimeoutsFor(link);

        a.protocol.onTimer(timeouts.get(0));
        mesh.pump();

        assertThat(a.actions.lastSentOn(link)).isInstanceOfSatisfying(Frame.Refuse.class,
                refuse -> assertThat(refuse.reason()).isEqualTo(Reason.HANDSHAKE_TIMEOUT));
        assertThat(mesh.openLinks(a, b)).isEmpty();
        a.actions.clear();
        mesh.tick(a);
        assertThat(a.actions.dials).as("cooling down").doesNotContain(b.address);
    }

    @Test
    void handshakeTimeoutAfterTheHandshakeFinishedChangesNothing() {
        Node a = mesh.node(1);
        Node b = mesh.node(2);
        mesh.start(a, b);
        mesh.resolved(a, b);
        long link = mesh.openLinks(a, b).get(0);
        a.actions.clear();

        a.protocol.onTimer(new Timer(Timer.Kind.HANDSHAKE_TIMEOUT, link));
        mesh.pump();

        assertThat(a.actions.closed).isEmpty();
        assertThat(a.neighborIds()).containsExactly(b.id);
    }

    @Test
    void dataBeforeTheHandshakeIsAProtocolError() {
        RecordingActions actions = new RecordingActions();
        MeshProtocol b = protocol(2, actions, KEY);
        b.start();
        b.onLinkOpened(7, null);

        b.onFrame(7, new Frame.Data(1, 1, 1, 0, "news", Map.of(), new byte[0]));

        assertThat(actions.lastSentOn(7)).isInstanceOfSatisfying(Frame.Refuse.class, refuse -> {
            assertThat(refuse.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
            assertThat(refuse.detail()).contains("DATA");
        });
        assertThat(actions.closed).containsExactly(7L);
        assertThat(actions.deliveries).isEmpty();
        assertThat(b.state(true, 0, 0, 0).counters().protocolErrors()).isEqualTo(1);
    }

    /**
     * The other side of "frame allowed at this step": once a link is established, a handshake frame on it is a
     * protocol error that costs the link (with the reason, counted), and nothing of it is acted on.
     */
    @ParameterizedTest
    @EnumSource(value = FrameType.class, names = {"HELLO", "CHALLENGE", "AUTH", "WELCOME"})
    void aHandshakeFrameOnAnEstablishedLinkIsAProtocolErrorThatCostsTheLink(FrameType type) {
        Node a = mesh.node(1);
        Node b = mesh.node(2);
        mesh.start(a, b);
        mesh.resolved(a, b);
        long link = mesh.openLinks(b, a).get(0);
        Frame frame = switch (type) {
            case HELLO -> new Frame.Hello(InMemoryMesh.MESH_ID, a.id, a.address, new byte[Frame.NONCE_LENGTH]);
            case CHALLENGE -> new Frame.Challenge(a.id, a.address, new byte[Frame.NONCE_LENGTH],
                    new byte[Frame.PROOF_LENGTH]);
            case AUTH -> new Frame.Auth(new byte[Frame.PROOF_LENGTH]);
            default -> new Frame.Welcome(List.of());
        };

        b.protocol.onFrame(link, frame);

        assertThat(b.actions.lastSentOn(link)).isInstanceOfSatisfying(Frame.Disconnect.class, disconnect -> {
            assertThat(disconnect.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
            assertThat(disconnect.detail()).contains(type.name()).contains("established link");
        });
        assertThat(b.actions.closed).contains(link);
        assertThat(b.actions.rejections).containsExactly(Rejection.UNEXPECTED_FRAME);
        assertThat(b.state().counters().protocolErrors()).isEqualTo(1);
        assertThat(b.neighborIds()).as("the link is gone").doesNotContain(a.id);
    }

    @Test
    void framesAfterTheLinkWasRefusedAreIgnored() {
        RecordingActions actions = new RecordingActions();
        MeshProtocol b = protocol(2, actions, KEY);
        b.start();
        b.onLinkOpened(7, null);
        b.onFrame(7, new Frame.Data(1, 1, 1, 0, "news", Map.of(), new byte[0]));
        actions.clear();

        b.onFrame(7, new Frame.Hello(InMemoryMesh.MESH_ID, 1, REMOTE, new byte[Frame.NONCE_LENGTH]));

        assertThat(actions.sent).isEmpty();
        assertThat(actions.closed).isEmpty();
    }

    @Test
    void decodeFailureDuringTheHandshakeRefusesWithItsReason() {
        RecordingActions actions = new RecordingActions();
        MeshProtocol b = protocol(2, actions, KEY);
        b.start();
        b.onLinkOpened(7, null);

        b.onDecodeFailure(7, new DecodeFailure(Reason.UNSUPPORTED_VERSION, "version 9 is not supported"));

        assertThat(actions.lastSentOn(7)).isEqualTo(
                new Frame.Refuse(Reason.UNSUPPORTED_VERSION, "version 9 is not supported", List.of()));
        assertThat(actions.closed).containsExactly(7L);
        assertThat(b.state(true, 0, 0, 0).counters().protocolErrors()).isEqualTo(1);
    }

    @Test
    void decodeFailureOnAnEstablishedLinkDisconnectsWithItsReason() {
        Node a = mesh.node(1);
        Node b = mesh.node(2);
        mesh.start(a, b);
        mesh.resolved(a, b);
        long link = mesh.openLinks(b, a).get(0);

        b.protocol.onDecodeFailure(link, new DecodeFailure(Reason.FRAME_TOO_LARGE, "frame of 9999999 bytes"));
        mesh.pump();

        assertThat(b.actions.lastSentOn(link)).isEqualTo(
                new Frame.Disconnect(Reason.FRAME_TOO_LARGE, "frame of 9999999 bytes", List.of()));
        assertThat(b.actions.eventsOfType(MeshEvent.NeighborDown.class)).singleElement()
                .satisfies(down -> {
                    assertThat(down.reason()).isEqualTo(Reason.FRAME_TOO_LARGE);
                    assertThat(down.detail()).isEqualTo("frame of 9999999 bytes");
                });
        assertThat(a.actions.eventsOfType(MeshEvent.NeighborDown.class)).singleElement()
                .satisfies(down -> assertThat(down.reason()).isEqualTo(Reason.FRAME_TOO_LARGE));
        assertThat(b.state().counters().linksClosed()).containsEntry(CloseReason.FRAME_TOO_LARGE, 1L);
    }

    @Test
    void nodeThatIsNotRunningRefusesInboundLinksAsLeaving() {
        RecordingActions actions = new RecordingActions();
        MeshProtocol b = protocol(2, actions, KEY);

        b.onLinkOpened(7, null);

        assertThat(actions.lastSentOn(7)).isInstanceOfSatisfying(Frame.Refuse.class,
                refuse -> assertThat(refuse.reason()).isEqualTo(Reason.LEAVING));
        assertThat(actions.closed).containsExactly(7L);
    }

    @Test
    void anInboundHandshakeBeyondTheLimitEndsTheOldestUnfinishedOne() {
        RecordingActions actions = new RecordingActions();
        MeshProtocol b = protocol(2, actions, KEY, InMemoryMesh.settings().maxPendingHandshakes(2).build());
        b.start();
        b.onLinkOpened(1, null);
        b.onLinkOpened(2, null);

        b.onLinkOpened(3, null);

        assertThat(actions.lastSentOn(1)).isInstanceOfSatisfying(Frame.Refuse.class,
                refuse -> assertThat(refuse.reason()).isEqualTo(Reason.TOO_MANY_HANDSHAKES));
        assertThat(actions.sentOn(2)).isEmpty();
        assertThat(actions.sentOn(3)).isEmpty();
        assertThat(actions.handshakeTimeoutsFor(3)).hasSize(1);
        b.onLinkClosed(1);
        b.onLinkClosed(2);
        b.onLinkOpened(4, null);
        assertThat(actions.closed).containsExactly(1L);
        assertThat(actions.sentOn(4)).isEmpty();
        assertThat(actions.handshakeTimeoutsFor(4)).hasSize(1);
    }

    @Test
    void helloWithNodeIdZeroIsAProtocolError() {
        RecordingActions actions = new RecordingActions();
        MeshProtocol b = protocol(2, actions, KEY);
        b.start();
        b.onLinkOpened(7, null);

        b.onFrame(7, new Frame.Hello(InMemoryMesh.MESH_ID, 0, REMOTE, new byte[Frame.NONCE_LENGTH]));

        assertThat(actions.lastSentOn(7)).isInstanceOfSatisfying(Frame.Refuse.class,
                refuse -> assertThat(refuse.reason()).isEqualTo(Reason.PROTOCOL_ERROR));
    }

    @Test
    void openMeshWithoutPasswordStillRunsTheHandshake() {
        MeshKey open = MeshKey.derive(InMemoryMesh.MESH_ID, null);
        InMemoryMesh openMesh = new InMemoryMesh(open);
        Node a = openMesh.node(1);
        Node b = openMesh.node(2);
        openMesh.start(a, b);

        openMesh.resolved(a, b);

        assertThat(a.neighborIds()).containsExactly(b.id);
        assertThat(b.neighborIds()).containsExactly(a.id);
    }

    private static MeshProtocol protocol(long id, RecordingActions actions, MeshKey key) {
        return protocol(id, actions, key, InMemoryMesh.settings().build());
    }

    private static MeshProtocol protocol(long id, RecordingActions actions, MeshKey key, MeshSettings settings) {
        return new MeshProtocol(settings, id, new PeerAddress("10.0.0." + id, 7400), key, new Random(id), actions,
                sink -> new Flooding(new DuplicateCache(100, 100), PropagationFilter.ALL, sink));
    }
}
