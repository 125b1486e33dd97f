package dev.peermesh.protocol.link;

import dev.peermesh.NodeId;
import dev.peermesh.PeerAddress;
import dev.peermesh.log.PeerText;
import dev.peermesh.protocol.link.MeshKey.Role;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.Reason;

import java.util.random.RandomGenerator;

/**
 * The checks and proofs of the link handshake (HELLO → CHALLENGE → AUTH → WELCOME/REFUSE), without the admission
 * decision, which is the protocol's. Each step either yields the frame to send, moving the link to its next
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
        return new Frame.Hello(meshId, self, selfAddress, link.localNonce, priority && !link.direct, maxMessageSize,
                link.direct);
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
        byte[] proof = key.proof(Role.RESPONDER, link.remoteNonce, link.localNonce, link.peerId, self);
        link.stage = Link.Stage.AWAIT_AUTH;
        return new Frame.Challenge(self, selfAddress, link.localNonce, proof, maxMessageSize);
    }

    /** Initiator: checks the responder's proof and answers with its own. */
    public Frame.Auth onChallenge(Link link, Frame.Challenge challenge) throws Refusal {
        if (challenge.nodeId() == self) {
            throw new Refusal(Reason.SELF_LINK, "node " + NodeId.format(self) + " dialled itself");
        }
        if (challenge.nodeId() == 0) {
            throw new Refusal(Reason.PROTOCOL_ERROR, "node id 0 is reserved");
        }
        if (!key.verify(challenge.proof(), Role.RESPONDER, link.localNonce, challenge.nonce(), self,
                challenge.nodeId())) {
            throw new Refusal(Reason.AUTHENTICATION_FAILED, "the responder's proof does not match the mesh password");
        }
        link.peerId = challenge.nodeId();
        link.peerAddress = challenge.address();
        link.remoteNonce = challenge.nonce();
        link.peerMaxMessageSize = challenge.maxMessageSize();
        link.authenticated = true;
        link.stage = Link.Stage.AWAIT_WELCOME;
        return new Frame.Auth(key.proof(Role.INITIATOR, link.localNonce, link.remoteNonce, self, link.peerId));
    }

    /** Responder: checks the initiator's proof. */
    public void onAuth(Link link, Frame.Auth auth) throws Refusal {
        if (!key.verify(auth.proof(), Role.INITIATOR, link.remoteNonce, link.localNonce, link.peerId, self)) {
            throw new Refusal(Reason.AUTHENTICATION_FAILED, "the initiator's proof does not match the mesh password");
        }
        link.authenticated = true;
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
