package dev.peermesh.protocol.link;

import dev.peermesh.FrameLimits;
import dev.peermesh.PeerAddress;
import dev.peermesh.protocol.link.MeshKey.Role;
import dev.peermesh.wire.Frame;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.SecureRandom;

import org.jspecify.annotations.Nullable;

/**
 * One side of the link handshake done by hand, as a test's raw peer speaks it (docs/protocol.md, section 5): SPAKE2
 * shares and confirmations in a password mesh, HMAC proofs in an open one. It follows the specification, not
 * {@link LinkHandshake}, so a test that uses it checks the node against the document.
 */
public final class HandshakeSide {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final MeshKey key;

    private final long nodeId;

    private final byte[] nonce;

    private final Spake2.@Nullable Party party;

    private HandshakeSide(MeshKey key, long nodeId, boolean initiator, @Nullable BigInteger scalar) {
        this.key = key;
        this.nodeId = nodeId;
        this.nonce = new byte[Frame.NONCE_LENGTH];
        RANDOM.nextBytes(nonce);
        Spake2 exchange = key.exchange();
        this.party = exchange == null ? null
                : scalar == null ? exchange.start(initiator, RANDOM) : exchange.start(initiator, scalar);
    }

    /** The side that dials, as node {@code nodeId}, knowing {@code key}. */
    public static HandshakeSide initiator(MeshKey key, long nodeId) {
        return new HandshakeSide(key, nodeId, true, null);
    }

    /** The side that dials, with the SPAKE2 scalar an attacker chose: it knows everything its side computed. */
    public static HandshakeSide initiator(MeshKey key, long nodeId, BigInteger scalar) {
        return new HandshakeSide(key, nodeId, true, scalar);
    }

    /** The side that accepts, as node {@code nodeId}, knowing {@code key}. */
    public static HandshakeSide responder(MeshKey key, long nodeId) {
        return new HandshakeSide(key, nodeId, false, null);
    }

    /** The side that accepts, with the SPAKE2 scalar an attacker chose. */
    public static HandshakeSide responder(MeshKey key, long nodeId, BigInteger scalar) {
        return new HandshakeSide(key, nodeId, false, scalar);
    }

    /** This side's nonce. */
    public byte[] nonce() {
        return nonce.clone();
    }

    /** This side's key share: none in an open mesh. */
    public byte[] share() {
        return party == null ? Frame.NO_SHARE : party.share();
    }

    /** Initiator: a HELLO for a neighbor link, without priority, with the default maximum message size. */
    public Frame.Hello hello(String meshId, PeerAddress address) {
        return hello(meshId, address, false, FrameLimits.DEFAULT_MAX_FRAME_LENGTH, false);
    }

    /** Initiator: a HELLO. */
    public Frame.Hello hello(String meshId, PeerAddress address, boolean priority, int maxMessageSize,
            boolean direct) {
        return new Frame.Hello(meshId, nodeId, address, nonce, priority, maxMessageSize, direct, share());
    }

    /** Initiator: whether the responder's proof verifies (with a password, this completes the exchange). */
    public boolean verifies(Frame.Challenge challenge) {
        if (party == null) {
            return key.verify(challenge.proof(), Role.RESPONDER, nonce, challenge.nonce(), nodeId, challenge.nodeId());
        }
        return finish(challenge.share(), nodeId, nonce, challenge.nodeId(), challenge.nonce())
                && party.confirms(challenge.proof());
    }

    /** Initiator: the AUTH that answers {@code challenge}, whether or not its proof verified. */
    public Frame.Auth auth(Frame.Challenge challenge) {
        if (party == null) {
            return new Frame.Auth(key.proof(Role.INITIATOR, nonce, challenge.nonce(), nodeId, challenge.nodeId()));
        }
        finish(challenge.share(), nodeId, nonce, challenge.nodeId(), challenge.nonce());
        return new Frame.Auth(party.confirmation());
    }

    /** Responder: the CHALLENGE that answers {@code hello}. */
    public Frame.Challenge challenge(Frame.Hello hello, PeerAddress address, int maxMessageSize) {
        if (party == null) {
            byte[] proof = key.proof(Role.RESPONDER, hello.nonce(), nonce, hello.nodeId(), nodeId);
            return new Frame.Challenge(nodeId, address, nonce, proof, maxMessageSize);
        }
        finish(hello.share(), hello.nodeId(), hello.nonce(), nodeId, nonce);
        return new Frame.Challenge(nodeId, address, nonce, party.confirmation(), maxMessageSize, party.share());
    }

    /** Responder: whether the initiator's proof verifies; {@code hello} is the initiator's. */
    public boolean verifies(Frame.Auth auth, Frame.Hello hello) {
        if (party == null) {
            return key.verify(auth.proof(), Role.INITIATOR, hello.nonce(), nonce, hello.nodeId(), nodeId);
        }
        return party.confirms(auth.proof());
    }

    private boolean finish(byte[] peerShare, long initiatorId, byte[] initiatorNonce, long responderId,
            byte[] responderNonce) {
        try {
            party.finish(peerShare, identity(initiatorId, initiatorNonce), identity(responderId, responderNonce));
            return true;
        }
        catch (Spake2.BadShare ex) {
            return false;
        }
    }

    private static byte[] identity(long id, byte[] nonce) {
        return ByteBuffer.allocate(8 + nonce.length).putLong(id).put(nonce).array();
    }
}
