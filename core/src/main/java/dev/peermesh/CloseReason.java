package dev.peermesh;

/**
 * Why a neighbor link ended, as {@link MeshListener#neighborDown} and {@link NodeState.Counters#linksClosed()} report
 * it: the reason the node itself closed the link, or the one its peer gave. Each has a counterpart on the wire, where
 * newer reasons may appear: a peer's reason this version does not know is {@link #UNKNOWN}.
 *
 * <p>{@code if (reason == CloseReason.AUTHENTICATION_FAILED) log.warn("check peermesh.password");}
 */
public enum CloseReason {

    /** A code this node does not know (sent by a newer peer). */
    UNKNOWN,
    /** The peer is leaving the mesh (graceful stop). */
    LEAVING,
    /** The peer already has its maximum number of neighbors. */
    BUSY,
    /** Another link between the same two nodes is kept instead. */
    DUPLICATE_LINK,
    /** The link would connect a node to itself. */
    SELF_LINK,
    /** The protocol version is not supported. */
    UNSUPPORTED_VERSION,
    /** The peer belongs to another mesh. */
    WRONG_MESH,
    /** The peer could not prove it knows the mesh password. */
    AUTHENTICATION_FAILED,
    /** The handshake did not finish in time. */
    HANDSHAKE_TIMEOUT,
    /** Nothing was heard from the neighbor for too long. */
    KEEPALIVE_TIMEOUT,
    /** A frame broke the protocol (malformed, unexpected or out of order). */
    PROTOCOL_ERROR,
    /** A frame was longer than this node accepts. */
    FRAME_TOO_LARGE,
    /** The neighbor could not keep up and its send backlog overflowed. */
    SLOW_NEIGHBOR,
    /** Too many handshakes are already in progress. */
    TOO_MANY_HANDSHAKES,
    /** The transport failed (connection reset, I/O error). */
    TRANSPORT_ERROR,
    /** The local node is stopping abruptly or the link was closed without a reason frame. */
    CLOSED,
    /** The neighbor made room for a node that had no neighbor at all. */
    REPLACED,
    /** The neighbor sent frames faster than this node allows. */
    RATE_LIMITED,
    /**
     * The neighbor relayed a signed message or an origin key that failed verification: altered on the way, signed
     * by a key its origin does not own, unsigned where signatures are required, or from an origin not trusted.
     */
    FORGED_MESSAGE;
}
