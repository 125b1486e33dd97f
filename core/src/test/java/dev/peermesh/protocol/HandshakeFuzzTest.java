package dev.peermesh.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.peermesh.DeliveryOrder;
import dev.peermesh.FuzzSeeds;
import dev.peermesh.MeshMessage;
import dev.peermesh.MeshSettings;
import dev.peermesh.MessageId;
import dev.peermesh.PeerAddress;
import dev.peermesh.PropagationFilter;
import dev.peermesh.dissemination.Disseminations;
import dev.peermesh.protocol.link.MeshKey;
import dev.peermesh.protocol.link.MeshKey.Role;
import dev.peermesh.security.OriginIdentity;
import dev.peermesh.security.OriginKeys;
import dev.peermesh.security.SigningKey;
import dev.peermesh.security.TrustPolicy;
import dev.peermesh.wire.DecodeFailure;
import dev.peermesh.wire.Frame;
import dev.peermesh.FrameLimits;
import dev.peermesh.wire.Reason;
import dev.peermesh.wire.Referral;
import dev.peermesh.wire.WireBytes;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz tests of the link handshake ({@code docs/fuzzing.md}): a real {@link MeshProtocol} gets whatever a peer's bytes
 * decode to, through the same {@link dev.peermesh.wire.FrameDecoder} a link's pipeline has, first as the responder
 * of an inbound link, then as the initiator of one it dialled. Whatever arrives, it never throws, sends only frames
 * that are valid on the wire, makes a neighbor only of a peer that proved the mesh key, closes the link with the
 * reason of a decode failure, and delivers no message twice.
 *
 * <p>Without {@code JAZZER_FUZZ} each method runs on its seeds in {@code HandshakeFuzzTestInputs/<method>/}; some of
 * them complete the handshake (the node's random is seeded, so its nonces are known), so the fuzzer also reaches the
 * frames of an established link.
 */
class HandshakeFuzzTest {

    static final String MESH_ID = "fuzz-mesh";

    /**
     * An open mesh's key: its proofs are HMACs a test can recompute, so the checks below can say which proof admitted
     * a peer. A password mesh's SPAKE2 exchange is checked by {@code Spake2Test} and the handshake tests; its shares
     * are fuzzed as part of every frame by {@code WireFuzzTest}.
     */
    static final MeshKey KEY = MeshKey.derive(MESH_ID, null);

    static final long SELF = 0x5E1F;

    static final long PEER = 0x9EE2;

    static final PeerAddress PEER_ADDRESS = new PeerAddress("10.0.0.2", 7400);

    /** The one link under test. */
    static final long LINK = 1;

    /**
     * Deliveries in arrival order: the harness runs no timers, so an origin first heard past its number 1 (the
     * corpus's 0x4444) would wait for lower numbers forever; OriginOrderTest checks the order.
     */
    private static final MeshSettings SETTINGS = MeshSettings.builder(MESH_ID).ordering(DeliveryOrder.NONE).build();

    /** The protocol as the responder of an inbound link: it waits for a HELLO. */
    @FuzzTest(maxDuration = "5m")
    void responderAdmitsOnlyAPeerThatProvedTheKey(byte[] input) {
        Node node = new Node(null);
        node.receive(input);

        if (node.admitted()) {
            Frame.Hello hello = (Frame.Hello) node.received.get(0);
            Frame.Challenge challenge = (Frame.Challenge) node.actions.sentOn(LINK).get(0);
            Frame.Auth auth = (Frame.Auth) node.received.get(1);
            assertThat(auth.proof()).as("proof of the admitted initiator").isEqualTo(
                    KEY.proof(Role.INITIATOR, hello.nonce(), challenge.nonce(), hello.nodeId(), SELF));
        }
    }

    /** The protocol as the initiator of a link it dialled: it sent a HELLO and waits for a CHALLENGE. */
    @FuzzTest(maxDuration = "5m")
    void initiatorAcceptsOnlyAResponderThatProvedTheKey(byte[] input) {
        Node node = new Node(PEER_ADDRESS);
        node.receive(input);

        if (node.admitted()) {
            Frame.Hello hello = (Frame.Hello) node.actions.sentOn(LINK).get(0);
            Frame.Challenge challenge = (Frame.Challenge) node.received.get(0);
            assertThat(KEY.verify(challenge.proof(), Role.RESPONDER, hello.nonce(), challenge.nonce(), SELF,
                    challenge.nodeId())).as("proof of the accepted responder").isTrue();
        }
    }

    /** One protocol with one link, driven as the Netty driver drives it, recording what it asks for. */
    static final class Node {

        final RecordingActions actions = new RecordingActions();

        // Origin keys are read and checked as in a node that relays signed messages without verifying them.
        final MeshProtocol protocol = new MeshProtocol(SETTINGS, SELF, new PeerAddress("10.0.0.1", 7400), KEY,
                new Random(8), actions, Disseminations.of(SETTINGS, PropagationFilter.ALL),
                new OriginKeys(MESH_ID, TrustPolicy.none(), 64, null));

        /** The frames handed to the protocol, in order. */
        final List<Frame> received = new ArrayList<>();

        Node(PeerAddress dialled) {
            protocol.start();
            protocol.onLinkOpened(LINK, dialled);
        }

        /** Decodes the bytes as the link's pipeline does and hands each frame or failure to the protocol. */
        void receive(byte[] input) {
            for (Object decoded : WireBytes.decode(input, SETTINGS.frameLimits(), input.length)) {
                if (closed()) {
                    break; // the driver closes the channel: nothing more is read from it
                }
                if (decoded instanceof Frame frame) {
                    received.add(frame);
                    protocol.onFrame(LINK, frame);
                }
                else {
                    DecodeFailure failure = (DecodeFailure) decoded;
                    protocol.onDecodeFailure(LINK, failure);
                    assertThat(closed()).as("link closed after %s", failure).isTrue();
                    assertThat(reasonSent()).as("reason sent after %s", failure).isEqualTo(failure.reason());
                }
            }
            // Time passes: each timer asked for so far fires once (keepalive, maintenance, handshake timeout, tree).
            for (RecordingActions.Scheduled scheduled : List.copyOf(actions.scheduled)) {
                protocol.onTimer(scheduled.timer());
            }
            if (closed()) {
                protocol.onLinkClosed(LINK);
                assertThat(protocol.state(true, 0, 0, 0).neighbors()).as("neighbors after the link closed").isEmpty();
            }
            assertSentFramesAreValid();
            assertNoMessageDeliveredTwice();
        }

        boolean admitted() {
            return !actions.eventsOfType(MeshEvent.NeighborUp.class).isEmpty();
        }

        private boolean closed() {
            return actions.closed.contains(LINK);
        }

        private Reason reasonSent() {
            Frame last = actions.lastSentOn(LINK);
            if (last instanceof Frame.Refuse refuse) {
                return refuse.reason();
            }
            return last instanceof Frame.Disconnect disconnect ? disconnect.reason() : null;
        }

        /**
         * Everything sent is on the one link and decodes, on a peer with the same limits but the max message size it
         * told in its HELLO or CHALLENGE, to the frame sent.
         */
        private void assertSentFramesAreValid() {
            FrameLimits peerLimits = SETTINGS.frameLimits().withMaxFrameLength(peerMaxMessageSize());
            for (RecordingActions.Sent sent : actions.sent) {
                assertThat(sent.link()).as("link of %s", sent.frame().type()).isEqualTo(LINK);
                Frame frame = sent.frame();
                Frame decoded = WireBytes.decodeOne(WireBytes.encode(frame), peerLimits);
                if (frame instanceof Frame.Refuse refuse && decoded instanceof Frame.Refuse got) {
                    // details are cut to fit the wire; the rest must arrive as sent
                    assertThat(refuse.detail()).startsWith(got.detail());
                    frame = new Frame.Refuse(refuse.reason(), got.detail(), refuse.referrals());
                }
                else if (frame instanceof Frame.Disconnect disconnect && decoded instanceof Frame.Disconnect got) {
                    assertThat(disconnect.detail()).startsWith(got.detail());
                    frame = new Frame.Disconnect(disconnect.reason(), got.detail(), disconnect.referrals());
                }
                WireBytes.assertSame(decoded, frame, "sent frame as the peer decodes it");
            }
        }

        private int peerMaxMessageSize() {
            Frame first = received.isEmpty() ? null : received.get(0);
            if (first instanceof Frame.Hello hello) {
                return hello.maxMessageSize();
            }
            return first instanceof Frame.Challenge challenge ? challenge.maxMessageSize()
                    : SETTINGS.maxMessageSize();
        }

        private void assertNoMessageDeliveredTwice() {
            Set<MessageId> received = new HashSet<>();
            for (Frame frame : this.received) {
                if (frame instanceof Frame.Data data) {
                    received.add(new MessageId(data.origin(), data.sequence()));
                }
            }
            Set<MessageId> delivered = new HashSet<>();
            for (MeshMessage message : actions.deliveries) {
                assertThat(delivered.add(message.id())).as("first delivery of %s", message.id()).isTrue();
                assertThat(received).as("messages received").contains(message.id());
            }
        }
    }

    // ---- seed corpus ------------------------------------------------------------------------------------------

    static final String RESPONDER = "responderAdmitsOnlyAPeerThatProvedTheKey";

    static final String INITIATOR = "initiatorAcceptsOnlyAResponderThatProvedTheKey";

    /**
     * Writes the seed corpus: complete handshakes in both roles followed by neighbor traffic, and handshakes that
     * fail (wrong mesh, wrong proof, frames out of order). Rerun after a change to the protocol's use of its random,
     * which moves the nonces; see {@link FuzzSeeds}.
     */
    public static void main(String[] args) {
        byte[] peerNonce = new byte[Frame.NONCE_LENGTH];
        Arrays.fill(peerNonce, (byte) 0x3C);
        Frame.Hello hello = new Frame.Hello(MESH_ID, PEER, PEER_ADDRESS, peerNonce, true);
        Node responder = new Node(null);
        responder.receive(WireBytes.encode(hello));
        Frame.Challenge challenge = (Frame.Challenge) responder.actions.sentOn(LINK).get(0);
        Frame.Auth auth = new Frame.Auth(KEY.proof(Role.INITIATOR, peerNonce, challenge.nonce(), PEER, SELF));
        byte[] handshake = concat(hello, auth);
        FuzzSeeds.write(HandshakeFuzzTest.class, RESPONDER, "handshake", handshake);
        FuzzSeeds.write(HandshakeFuzzTest.class, RESPONDER, "handshake-then-traffic", concat(handshake, traffic()));
        FuzzSeeds.write(HandshakeFuzzTest.class, RESPONDER, "wrong-mesh",
                concat(new Frame.Hello("other-mesh", PEER, PEER_ADDRESS, peerNonce, false)));
        FuzzSeeds.write(HandshakeFuzzTest.class, RESPONDER, "wrong-proof",
                concat(hello, new Frame.Auth(new byte[Frame.PROOF_LENGTH])));
        FuzzSeeds.write(HandshakeFuzzTest.class, RESPONDER, "auth-first", concat(auth, hello));
        FuzzSeeds.write(HandshakeFuzzTest.class, RESPONDER, "hello-then-version-9",
                concat(WireBytes.encode(hello), new byte[] { 0, 0, 0, 2, 9, 7 }));
        // a peer that accepts only the smallest frames: what the node sends it is held to that
        Frame.Hello small = new Frame.Hello(MESH_ID, PEER, PEER_ADDRESS, peerNonce, true, FrameLimits.MIN_FRAME_LENGTH);
        FuzzSeeds.write(HandshakeFuzzTest.class, RESPONDER, "handshake-with-a-smaller-limit-then-traffic",
                concat(concat(small, auth), traffic()));

        Node initiator = new Node(PEER_ADDRESS);
        Frame.Hello sent = (Frame.Hello) initiator.actions.sentOn(LINK).get(0);
        Frame.Challenge answer = new Frame.Challenge(PEER, PEER_ADDRESS, peerNonce,
                KEY.proof(Role.RESPONDER, sent.nonce(), peerNonce, SELF, PEER), 8 << 20);
        Frame.Welcome welcome = new Frame.Welcome(List.of(new Referral(0x7777, new PeerAddress("10.0.0.7", 7400))));
        FuzzSeeds.write(HandshakeFuzzTest.class, INITIATOR, "handshake", concat(answer, welcome));
        FuzzSeeds.write(HandshakeFuzzTest.class, INITIATOR, "handshake-then-traffic",
                concat(concat(answer, welcome), traffic()));
        FuzzSeeds.write(HandshakeFuzzTest.class, INITIATOR, "refused-busy", concat(new Frame.Refuse(Reason.BUSY,
                "full", List.of(new Referral(0x7777, new PeerAddress("10.0.0.7", 7400))))));
        FuzzSeeds.write(HandshakeFuzzTest.class, INITIATOR, "wrong-proof", concat(
                new Frame.Challenge(PEER, PEER_ADDRESS, peerNonce, new byte[Frame.PROOF_LENGTH]), welcome));
        FuzzSeeds.write(HandshakeFuzzTest.class, INITIATOR, "welcome-first", concat(welcome, answer));
    }

    /** What a neighbor sends on an established link: messages (one twice), tree control, keepalive, views. */
    private static byte[] traffic() {
        Frame.Data data = new Frame.Data(PEER, 1, 1, 0, "orders.eu", Map.of("priority", "high"),
                "order 42".getBytes(StandardCharsets.UTF_8));
        Referral other = new Referral(0x7777, new PeerAddress("10.0.0.7", 7400));
        OriginIdentity origin = OriginIdentity.create(SigningKey.generateEd25519(), new Random(5));
        byte[] payload = "signed order".getBytes(StandardCharsets.UTF_8);
        Frame.Data signed = new Frame.Data(origin.nodeId(), 1, 2, 0, "orders.eu", Map.of("k", "v"), payload,
                origin.sign(MESH_ID, 1, 0, "orders.eu", Map.of("k", "v"), payload));
        return concat(data, data, origin.credential(), signed,
                new Frame.Data(0x4444, 3, 2, 0, "orders.us", Map.of(), new byte[] { 1, 2, 3 }),
                new Frame.IHave(List.of(new Frame.Announcement(0x4444, 4, 6, 1), new Frame.Announcement(PEER, 2, 1))),
                new Frame.Graft(List.of(new MessageId(0x4444, 3), new MessageId(SELF, 1))),
                new Frame.Prune(List.of(0x4444L)), new Frame.Pause(3, List.of(0x4444L)),
                new Frame.Resume(List.of(0x4444L)), new Frame.Ping(9), new Frame.Pong(1),
                new Frame.Shuffle(List.of(other)), new Frame.ShuffleReply(List.of(other)),
                new Frame.ForwardJoin(other, 3),
                new Frame.CatchUp(List.of(new Frame.CatchUpRule("orders.*", 60_000, 100))),
                new Frame.Replay(new Frame.Data(0x4444, 2, 2, 0, "orders.us", Map.of(), new byte[] { 9 })),
                new Frame.CaughtUp(1),
                new Frame.Disconnect(Reason.LEAVING, "bye", List.of(other)));
    }

    private static byte[] concat(Frame... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Frame frame : frames) {
            out.writeBytes(WireBytes.encode(frame));
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
