package dev.peermesh.wire;

import org.jspecify.annotations.Nullable;

/**
 * The kinds of frame in protocol version 4, with the code each carries on the wire.
 */
public enum FrameType {

    /** Initiator opens a link: mesh id, node id, address and a fresh nonce. */
    HELLO(1),
    /** Responder answers a HELLO: its id, address, nonce and its proof of the mesh key. */
    CHALLENGE(2),
    /** Initiator's proof of the mesh key. */
    AUTH(3),
    /** Responder admits the initiator as a neighbor, with referrals. */
    WELCOME(4),
    /** The link is not admitted, with a reason and referrals. */
    REFUSE(5),
    /** A neighbor link is being closed, with a reason and referrals. */
    DISCONNECT(6),
    /** Keepalive probe. */
    PING(7),
    /** Keepalive answer. */
    PONG(8),
    /** An application message travelling through the mesh. */
    DATA(9),
    /** Lazy announcement of messages the sender has (broadcast trees). */
    IHAVE(10),
    /** Request for announced messages; also asks the receiver to push eagerly to the sender. */
    GRAFT(11),
    /** Asks the receiver to stop pushing payloads eagerly to the sender. */
    PRUNE(12),
    /** A sample of the sender's views, offered in exchange for a sample of the receiver's passive view. */
    SHUFFLE(13),
    /** The answer to a SHUFFLE: a sample of the receiver's passive view. */
    SHUFFLE_REPLY(14),
    /** A random walk announcing a node that just joined, so others link to it or remember it. */
    FORWARD_JOIN(15),
    /** An origin's public key or certificate, sent before the first signed DATA of that origin on a link. */
    ORIGIN_KEY(16),
    /** Asks the receiver to hold these origins' messages back: a link further down their trees is congested. */
    PAUSE(17),
    /** Ends a PAUSE of these origins: the congestion down their trees cleared. */
    RESUME(18),
    /** Asks a neighbor for the recent messages it still holds, by topic pattern: the sender is catching up. */
    CATCH_UP(19),
    /** One message from the sender's retention ring, answering a CATCH_UP; the receiver does not forward it. */
    REPLAY(20),
    /** Ends the answer to a CATCH_UP, with the number of messages replayed. */
    CAUGHT_UP(21),
    /**
     * A message for the receiving node only, sent straight to it: delivered there, never forwarded; the mesh carries
     * a marker of it in its place.
     */
    DIRECT(22),
    /**
     * An origin's signature over the digests of a run of its consecutive messages, sent on a link before the first
     * of those messages: each of them is then checked by its digest, not by a signature of its own.
     */
    SEAL(23);

    private static final FrameType[] BY_CODE = new FrameType[32];

    static {
        for (FrameType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;

    FrameType(int code) {
        this.code = code;
    }

    /** The byte that identifies this type on the wire. */
    public int code() {
        return code;
    }

    /** The type for a wire code, or {@code null} when the code is unknown. */
    public static @Nullable FrameType of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
