package dev.peermesh.wire;

import dev.peermesh.CloseReason;

/**
 * Why a link was refused or disconnected; carried by REFUSE and DISCONNECT frames and reported to listeners.
 */
public enum Reason {

    /** A code this node does not know (sent by a newer peer). */
    UNKNOWN(0),
    /** The peer is leaving the mesh (graceful stop). */
    LEAVING(1),
    /** The peer already has its maximum number of neighbors. */
    BUSY(2),
    /** Another link between the same two nodes is kept instead. */
    DUPLICATE_LINK(3),
    /** The link would connect a node to itself. */
    SELF_LINK(4),
    /** The protocol version is not supported. */
    UNSUPPORTED_VERSION(5),
    /** The peer belongs to another mesh. */
    WRONG_MESH(6),
    /** The peer could not prove it knows the mesh password. */
    AUTHENTICATION_FAILED(7),
    /** The handshake did not finish in time. */
    HANDSHAKE_TIMEOUT(8),
    /** Nothing was heard from the neighbor for too long. */
    KEEPALIVE_TIMEOUT(9),
    /** A frame broke the protocol (malformed, unexpected or out of order). */
    PROTOCOL_ERROR(10),
    /** A frame was longer than this node accepts. */
    FRAME_TOO_LARGE(11),
    /** The neighbor could not keep up and its send backlog overflowed. */
    SLOW_NEIGHBOR(12),
    /** Too many handshakes are already in progress. */
    TOO_MANY_HANDSHAKES(13),
    /** The transport failed (connection reset, I/O error). */
    TRANSPORT_ERROR(14),
    /** The local node is stopping abruptly or the link was closed without a reason frame. */
    CLOSED(15),
    /** The neighbor made room for a node that had no neighbor at all. */
    REPLACED(16),
    /** The neighbor sent frames faster than this node allows. */
    RATE_LIMITED(17),
    /**
     * The neighbor relayed a signed message or an origin key that failed verification: altered on the way, signed
     * by a key its origin does not own, unsigned where signatures are required, or from an origin not trusted.
     */
    FORGED_MESSAGE(18);

    private static final Reason[] BY_CODE = new Reason[32];

    static {
        for (Reason reason : values()) {
            BY_CODE[reason.code] = reason;
        }
    }

    private final int code;

    Reason(int code) {
        this.code = code;
    }

    /** The same reason as the API reports it. */
    public CloseReason closeReason() {
        return CloseReason.valueOf(name());
    }

    /** The byte that identifies this reason on the wire. */
    public int code() {
        return code;
    }

    /** The reason for a wire code; {@link #UNKNOWN} for codes this version does not know. */
    public static Reason of(int code) {
        Reason reason = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        return reason != null ? reason : UNKNOWN;
    }
}
