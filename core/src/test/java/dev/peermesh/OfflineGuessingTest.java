package dev.peermesh;

import dev.peermesh.protocol.link.HandshakeSide;
import dev.peermesh.protocol.link.MeshKey;
import dev.peermesh.resolver.StaticPeerResolver;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.Reason;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A handshake with someone who does not know the mesh password gives them nothing to test password guesses against
 * offline (issue 22): not when they dial a member, not when a member dials them. {@link PasswordGuesser} is the
 * attacker, written from the protocol document; the first test shows it finds the password wherever a handshake
 * does give it away, so its finding nothing elsewhere means something.
 */
class OfflineGuessingTest {

    private static final String MESH = "guessing";

    private static final String WRONG = "Wrong-Guess-7";

    /** The attacker's dictionary: the right password is in it. */
    private static final List<String> DICTIONARY = List.of("password", WRONG, TestMesh.PASSWORD, "Test-Mesh-Pass-2");

    private static final PeerAddress NOWHERE = new PeerAddress("127.0.0.1", 1);

    private final TestMesh mesh = new TestMesh(MESH);

    private final PasswordGuesser guesser = new PasswordGuesser(MESH);

    @AfterEach
    void stop() {
        mesh.close();
    }

    @Test
    void theGuesserFindsThePasswordInEveryHandshakeThatGivesItAway() throws Exception {
        MeshNode member = mesh.start();
        // A member's own handshake: it chose its scalar, so it can check candidates; only the right one fits.
        BigInteger x = scalar();
        HandshakeSide side = HandshakeSide.initiator(MeshKey.derive(MESH, TestMesh.PASSWORD), 0x51, x);
        Frame.Hello hello = side.hello(MESH, NOWHERE);
        Frame.Challenge challenge;
        try (RawPeer peer = new RawPeer(member.address())) {
            peer.send(hello);
            challenge = peer.receive(Frame.Challenge.class);
        }
        for (String candidate : DICTIONARY) {
            assertThat(guesser.explainsAsConfirmation(candidate, x, hello, challenge)).as(candidate)
                    .isEqualTo(candidate.equals(TestMesh.PASSWORD));
        }
        // The HMAC proof version 3 sent first, to anyone who said HELLO: the right candidate fits it.
        Frame.Challenge version3 = new Frame.Challenge(challenge.nodeId(), challenge.address(), challenge.nonce(),
                MeshKey.derive(MESH, TestMesh.PASSWORD).proof(MeshKey.Role.RESPONDER, hello.nonce(),
                        challenge.nonce(), hello.nodeId(), challenge.nodeId()), challenge.maxMessageSize());
        for (String candidate : DICTIONARY) {
            assertThat(guesser.explainsAsHmac(candidate, hello, version3)).as(candidate)
                    .isEqualTo(candidate.equals(TestMesh.PASSWORD));
        }
    }

    @Test
    void aPeerThatDialsWithAWrongPasswordRecordsNothingThatTestsAGuess() throws Exception {
        MeshNode member = mesh.start();
        BigInteger x = scalar();
        HandshakeSide attacker = HandshakeSide.initiator(MeshKey.derive(MESH, WRONG), 0x66, x);
        Frame.Hello hello = attacker.hello(MESH, NOWHERE);
        try (RawPeer peer = new RawPeer(member.address())) {
            peer.send(hello);
            Frame.Challenge challenge = peer.receive(Frame.Challenge.class);

            assertThat(attacker.verifies(challenge)).as("its one online guess failed").isFalse();
            for (String candidate : DICTIONARY) {
                assertThat(guesser.explainsAsHmac(candidate, hello, challenge)).as(candidate).isFalse();
                assertThat(guesser.explainsAsConfirmation(candidate, x, hello, challenge)).as(candidate).isFalse();
            }

            peer.send(attacker.auth(challenge));
            Frame.Refuse refuse = peer.receive(Frame.Refuse.class);
            assertThat(refuse.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
            assertThat(refuse.referrals()).isEmpty();
        }
        assertThat(member.state().counters().rejected()).containsEntry(Rejection.AUTHENTICATION_FAILED, 1L);
    }

    @Test
    void aMemberThatDialsAnImpostorRefusesItBeforeProvingAnything() throws Exception {
        try (ServerSocket impostor = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            PeerAddress address = new PeerAddress("127.0.0.1", impostor.getLocalPort());
            MeshNode member = mesh.start(s -> s.neighbors(1, 1, 1),
                    b -> b.resolver(new StaticPeerResolver(List.of(address))));
            try (RawPeer peer = new RawPeer(impostor.accept())) {
                Frame.Hello hello = peer.receive(Frame.Hello.class);
                assertThat(hello.nodeId()).isEqualTo(member.nodeId());
                assertThat(hello.share()).as("a password mesh's HELLO carries its key share").hasSize(65);

                HandshakeSide side = HandshakeSide.responder(MeshKey.derive(MESH, WRONG), 0x99, scalar());
                peer.send(side.challenge(hello, address, hello.maxMessageSize()));

                Frame.Refuse refuse = peer.receive(Frame.Refuse.class);
                assertThat(refuse.reason()).as("refused at the CHALLENGE, with no AUTH before it")
                        .isEqualTo(Reason.AUTHENTICATION_FAILED);
                assertThat(refuse.referrals()).isEmpty();
                assertThat(peer.closedByNode()).isTrue();
            }
        }
    }

    private static BigInteger scalar() {
        return new BigInteger(255, new SecureRandom()).add(BigInteger.ONE);
    }
}
