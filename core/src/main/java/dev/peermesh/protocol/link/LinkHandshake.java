package dev.peermesh.protocol.link;

import dev.peermesh.NodeId;
import dev.peermesh.PeerAddress;
import dev.peermesh.log.PeerText;
import dev.peermesh.protocol.link.MeshKey.Role;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.Reason;

import java.nio.ByteBuffer;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;

/**
 * The checks and proofs of the link handshake (HELLO → CHALLENGE → AUTH → WELCOME/REFUSE), without the admission
 * decision, which is the protocol's. In a password mesh HELLO and CHALLENGE carry the two {@link Spake2} key shares
 * and the proofs are its confirmations (the responder's first: it can compute the key from the HELLO); in an open
 * mesh the proofs are {@link MeshKey}'s HMACs. Each step either yields the frame to send, moving the link to its next
 * {@link Link.Stage}, or throws a {@link Refusal}. What the handshake learns of the peer is written to the link here
 * and nowhere else.
 *
 * <p>{@code send(handshake.onHello(link, hello));}
 */
public final class LinkHandshake {

    private final String meshId;
    private final long self;
    private final PeerAddress selfAddress;
    private final MeshKey key;
    private final RandomGenerator random;
    private final int maxMessageSize;

    /** A handshake that tells each peer this node's {@code maxMessageSize} and learns the peer's. */
    public LinkHandshake(String meshId, long self, PeerAddress selfAddress, MeshKey key, RandomGenerator random,
            int maxMessageSize) {
        this.meshId = meshId;
        this.self = self;
        this.selfAddress = selfAddress;
        this.key = key;
        this.random = random;
        this.maxMessageSize = maxMessageSize;
    }

    /** Initiator: the opening frame; {@code priority} when this node has no neighbor at all. */
    public Frame.Hello hello(Link link, boolean priority) {
        link.localNonce = nonce();
        Spake2 exchange = key.exchange();
        link.exchange = exchange == null ? null : exchange.start(true, random);
        return new Frame.Hello(meshId, self, selfAddress, link.localNonce, priority && !link.direct, maxMessageSize,
                link.direct, link.exchange == null ? Frame.NO_SHARE : link.exchange.share());
    }

    /** Responder: checks the HELLO and answers with this node's proof. */
    public Frame.Challenge onHello(Link link, Frame.Hello hello) throws Refusal {
        if (!meshId.equals(hello.meshId())) {
            // The peer's mesh id is any text it likes: escaped here, the detail is safe in every log and answer.
            throw new Refusal(Reason.WRONG_MESH, "this node belongs to mesh '" + meshId + "', not '"
                    + PeerText.escape(hello.meshId()) + "'");
        }
        if (hello.nodeId() == 0) {
            throw new Refusal(Reason.PROTOCOL_ERROR, "node id 0 is reserved");
        }
        if (hello.nodeId() == self) {
            throw new Refusal(Reason.SELF_LINK, "node " + NodeId.format(self) + " dialled itself");
        }
        link.peerId = hello.nodeId();
        link.peerAddress = hello.address();
        link.remoteNonce = hello.nonce();
        link.priority = hello.priority();
        link.direct = hello.direct();
        link.peerMaxMessageSize = hello.maxMessageSize();
        link.localNonce = nonce();
        Spake2 exchange = key.exchange();
        requireSameKind(exchange, hello.share(), "initiator");
        link.stage = Link.Stage.AWAIT_AUTH;
        if (exchange == null) {
            byte[] proof = key.proof(Role.RESPONDER, link.remoteNonce, link.localNonce, link.peerId, self);
            return new Frame.Challenge(self, selfAddress, link.localNonce, proof, maxMessageSize);
        }
        Spake2.Party party = exchange.start(false, random);
        finish(party, hello.share(), link.peerId, link.remoteNonce, self, link.localNonce);
        link.exchange = party;
        return new Frame.Challenge(self, selfAddress, link.localNonce, party.confirmation(), maxMessageSize,
                party.share());
    }

    /** Initiator: checks the responder's proof and answers with its own. */
    public Frame.Auth onChallenge(Link link, Frame.Challenge challenge) throws Refusal {
        if (challenge.nodeId() == self) {
            throw new Refusal(Reason.SELF_LINK, "node " + NodeId.format(self) + " dialled itself");
        }
        if (challenge.nodeId() == 0) {
            throw new Refusal(Reason.PROTOCOL_ERROR, "node id 0 is reserved");
        }
        Spake2.Party party = link.exchange;
        requireSameKind(key.exchange(), challenge.share(), "responder");
        requireExchange(party);
        if (party != null) {
            finish(party, challenge.share(), self, link.localNonce, challenge.nodeId(), challenge.nonce());
        }
        if (party != null ? !party.confirms(challenge.proof())
                : !key.verify(challenge.proof(), Role.RESPONDER, link.localNonce, challenge.nonce(), self,
                        challenge.nodeId())) {
            throw new Refusal(Reason.AUTHENTICATION_FAILED, "the responder's proof does not match the mesh password");
        }
        link.peerId = challenge.nodeId();
        link.peerAddress = challenge.address();
        link.remoteNonce = challenge.nonce();
        link.peerMaxMessageSize = challenge.maxMessageSize();
        link.authenticated = true;
        link.stage = Link.Stage.AWAIT_WELCOME;
        link.exchange = null;
        return new Frame.Auth(party != null ? party.confirmation()
                : key.proof(Role.INITIATOR, link.localNonce, link.remoteNonce, self, link.peerId));
    }

    /** Responder: checks the initiator's proof. */
    public void onAuth(Link link, Frame.Auth auth) throws Refusal {
        Spake2.Party party = link.exchange;
        link.exchange = null;
        requireExchange(party);
        if (party != null ? !party.confirms(auth.proof())
                : !key.verify(auth.proof(), Role.INITIATOR, link.remoteNonce, link.localNonce, link.peerId, self)) {
            throw new Refusal(Reason.AUTHENTICATION_FAILED, "the initiator's proof does not match the mesh password");
        }
        link.authenticated = true;
    }

    /** A password mesh proves with its exchange only: never with the open mesh's HMAC, whatever the link's state. */
    private void requireExchange(Spake2.@Nullable Party party) throws Refusal {
        if (key.exchange() != null && party == null) {
            throw new Refusal(Reason.PROTOCOL_ERROR, "no password exchange is under way on this link");
        }
    }

    /** Both sides of a link run the same kind of handshake: with a password (a key share) or without. */
    private static void requireSameKind(@Nullable Spake2 exchange, byte[] peerShare, String peer) throws Refusal {
        if (exchange != null && peerShare.length == 0) {
            throw new Refusal(Reason.AUTHENTICATION_FAILED, "the " + peer + " has no mesh password and this mesh has"
                    + " one: set the same password on every node");
        }
        if (exchange == null && peerShare.length != 0) {
            throw new Refusal(Reason.AUTHENTICATION_FAILED, "the " + peer + " has a mesh password and this node has"
                    + " none: set the same password on every node");
        }
    }

    /** Completes the exchange; A is the initiator (its id and nonce), B the responder. */
    private static void finish(Spake2.Party party, byte[] peerShare, long initiatorId, byte[] initiatorNonce,
            long responderId, byte[] responderNonce) throws Refusal {
        try {
            party.finish(peerShare, identity(initiatorId, initiatorNonce), identity(responderId, responderNonce));
        }
        catch (Spake2.BadShare ex) {
            throw new Refusal(Reason.PROTOCOL_ERROR, ex.getMessage());
        }
    }

    /** A side's identity in the exchange's transcript: its node id (big-endian) and its nonce. */
    private static byte[] identity(long nodeId, byte[] nonce) {
        return ByteBuffer.allocate(8 + nonce.length).putLong(nodeId).put(nonce).array();
    }

    private byte[] nonce() {
        byte[] nonce = new byte[Frame.NONCE_LENGTH];
        random.nextBytes(nonce);
        return nonce;
    }

    /** A handshake step failed: refuse the link with this reason. */
    public static final class Refusal extends Exception {

        private final Reason reason;

        Refusal(Reason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }

        /** Why the link is refused. */
        public Reason reason() {
            return reason;
        }
    }
}
