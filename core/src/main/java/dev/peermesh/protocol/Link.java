package dev.peermesh.protocol;

import dev.peermesh.Neighbour;
import dev.peermesh.PeerAddress;
import dev.peermesh.wire.Reason;

/**
 * The protocol's state for one TCP link, from its opening through the handshake to its end.
 */
final class Link {

    /** Where a link stands. */
    enum Stage {
        /** Responder: waiting for the initiator's HELLO. */
        AWAIT_HELLO,
        /** Initiator: HELLO sent, waiting for CHALLENGE. */
        AWAIT_CHALLENGE,
        /** Responder: CHALLENGE sent, waiting for AUTH. */
        AWAIT_AUTH,
        /** Initiator: AUTH sent, waiting for WELCOME or REFUSE. */
        AWAIT_WELCOME,
        /** Authenticated and admitted: a neighbour link. */
        ESTABLISHED,
        /** Closed by this node or the peer; waiting for the driver to confirm. */
        CLOSED
    }

    final long id;

    /** The address this node dialled, or {@code null} for an inbound link. */
    final PeerAddress dialled;

    Stage stage;

    byte[] localNonce;
    byte[] remoteNonce;
    long peerId;
    PeerAddress peerAddress;

    /** The IP address an inbound link came from, or {@code null} when outbound or unknown. */
    String remoteHost;

    /** Whether the peer proved it knows the mesh key on this link (its proof verified). */
    boolean authenticated;

    /** Frames the neighbour may still send before it is over its rate; set when the link is established. */
    TokenBucket frames;

    /** Peers the neighbour may still offer in shuffles and join walks; set when the link is established. */
    TokenBucket referrals;

    /** Whether this node sent the neighbour a SHUFFLE it has not answered yet. */
    boolean shuffleSent;

    /** Whether the peer dialled with no neighbour at all (HELLO priority): a full node makes room for it. */
    boolean priority;

    /** The longest frame the peer accepts, from its HELLO or CHALLENGE: no longer DATA may go out on this link. */
    int peerMaxMessageSize;

    /** Whether any frame arrived since the last keepalive tick. */
    boolean heard = true;
    int missedKeepalives;

    /** The neighbour link this one replaces, dropped by the peer as a duplicate before this one was established. */
    Neighbour replaces;

    Reason closeReason;
    String closeDetail = "";

    /** Origins whose key went out on this link before their first signed message, most recently used last. */
    private final java.util.LinkedHashMap<Long, Boolean> keysSent = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Long, Boolean> eldest) {
            return size() > MAX_KEYS_SENT;
        }
    };

    /** Origins whose key sending is remembered per link; past it the least recently used is sent again. */
    static final int MAX_KEYS_SENT = 4096;

    Link(long id, PeerAddress dialled) {
        this.id = id;
        this.dialled = dialled;
        this.stage = dialled != null ? Stage.AWAIT_CHALLENGE : Stage.AWAIT_HELLO;
    }

    boolean outbound() {
        return dialled != null;
    }

    boolean handshaking() {
        return stage != Stage.ESTABLISHED && stage != Stage.CLOSED;
    }

    /** The node that dialled this link. */
    long initiator(long self) {
        return outbound() ? self : peerId;
    }

    /** Whether the origin's key must go out on this link now (the first time), noting that it did. */
    boolean needsKey(long origin) {
        return keysSent.put(origin, Boolean.TRUE) == null;
    }

    /** The key could not be sent after all: try again with the next message. */
    void keyNotSent(long origin) {
        keysSent.remove(origin);
    }

    Neighbour neighbour() {
        return new Neighbour(peerId, peerAddress, outbound());
    }
}
