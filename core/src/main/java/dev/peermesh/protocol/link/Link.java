package dev.peermesh.protocol.link;

import dev.peermesh.MeshSettings;
import dev.peermesh.Neighbor;
import dev.peermesh.PeerAddress;
import dev.peermesh.wire.Reason;

import org.jspecify.annotations.Nullable;

/**
 * The protocol's state for one TCP link, from its opening through the handshake to its end. Its fields change only
 * through this class's own transitions, through {@link LinkHandshake} (what the handshake learns of the peer) and
 * through {@link Keepalive} (whether the peer was heard): the protocol's other parts read it.
 *
 * <p>{@code Link link = new Link(id, dialled, null); if (link.handshaking()) ...}
 */
public final class Link {

    /** Where a link stands. */
    public enum Stage {
        /** Responder: waiting for the initiator's HELLO. */
        AWAIT_HELLO,
        /** Initiator: HELLO sent, waiting for CHALLENGE. */
        AWAIT_CHALLENGE,
        /** Responder: CHALLENGE sent, waiting for AUTH. */
        AWAIT_AUTH,
        /** Initiator: AUTH sent, waiting for WELCOME or REFUSE. */
        AWAIT_WELCOME,
        /** Authenticated and admitted: a neighbor link. */
        ESTABLISHED,
        /** Closed by this node or the peer; waiting for the driver to confirm. */
        CLOSED
    }

    /** Origins whose key sending is remembered per link; past it the least recently used is sent again. */
    static final int MAX_KEYS_SENT = 4096;

    private final long id;

    /** The address this node dialled, or {@code null} for an inbound link. */
    private final @Nullable PeerAddress dialled;

    /** The IP address an inbound link came from, or {@code null} when outbound or unknown. */
    private final @Nullable String remoteHost;

    // ---- written by LinkHandshake ----

    Stage stage;

    byte[] localNonce;
    byte[] remoteNonce;
    long peerId;
    PeerAddress peerAddress;

    /** Whether the peer proved it knows the mesh key on this link (its proof verified). */
    boolean authenticated;

    /** A password mesh's SPAKE2 exchange of this link, from HELLO to the proof that ends it; else null. */
    Spake2.@Nullable Party exchange;

    /** Whether the peer dialled with no neighbor at all (HELLO priority): a full node makes room for it. */
    boolean priority;

    /**
     * Whether this is a direct link (HELLO's direct flag): it carries only messages for the two nodes (DIRECT), and
     * is no neighbor link.
     */
    boolean direct;

    /** The longest frame the peer accepts, from its HELLO or CHALLENGE: no longer DATA may go out on this link. */
    int peerMaxMessageSize;

    // ---- written by Keepalive ----

    /** Whether any frame arrived since the last keepalive tick. */
    boolean heard = true;
    int missedKeepalives;

    // ---- this class's own ----

    /** Frames the neighbor may still send before it is over its rate; set when the link is established. */
    private TokenBucket frames;

    /** Peers the neighbor may still offer in shuffles and join walks; set when the link is established. */
    private TokenBucket referrals;

    /** Whether this node sent the neighbor a SHUFFLE it has not answered yet. */
    private boolean shuffleSent;

    /** The neighbor link this one replaces, dropped by the peer as a duplicate before this one was established. */
    private @Nullable Neighbor replaces;

    private @Nullable Reason closeReason;
    private String closeDetail = "";

    /** Origins whose key and current seal went out on this link before their signed messages. */
    private final CredentialsSent credentialsSent = new CredentialsSent(MAX_KEYS_SENT);

    /**
     * A link that just opened.
     *
     * @param dialled the address this node dialled, or {@code null} for an inbound link
     * @param remoteHost the IP address an inbound link came from, or {@code null} when outbound or unknown
     */
    public Link(long id, @Nullable PeerAddress dialled, @Nullable String remoteHost) {
        this.id = id;
        this.dialled = dialled;
        this.remoteHost = dialled == null ? remoteHost : null;
        this.stage = dialled != null ? Stage.AWAIT_CHALLENGE : Stage.AWAIT_HELLO;
    }

    public long id() {
        return id;
    }

    /** The address this node dialled, or {@code null} for an inbound link. */
    public @Nullable PeerAddress dialled() {
        return dialled;
    }

    /** The IP address an inbound link came from, or {@code null} when outbound or unknown. */
    public @Nullable String remoteHost() {
        return remoteHost;
    }

    public Stage stage() {
        return stage;
    }

    /** The peer's node id, once its HELLO or CHALLENGE arrived; 0 before. */
    public long peerId() {
        return peerId;
    }

    /** The address the peer gave for itself, once its HELLO or CHALLENGE arrived. */
    public PeerAddress peerAddress() {
        return peerAddress;
    }

    /** Whether the peer proved it knows the mesh key on this link (its proof verified). */
    public boolean authenticated() {
        return authenticated;
    }

    /** Whether the peer dialled with no neighbor at all (HELLO priority): a full node makes room for it. */
    public boolean priority() {
        return priority;
    }

    /** The longest frame the peer accepts, from its HELLO or CHALLENGE. */
    public int peerMaxMessageSize() {
        return peerMaxMessageSize;
    }

    /** Keepalive intervals in a row that the neighbor was silent. */
    public int missedKeepalives() {
        return missedKeepalives;
    }

    /** Whether this is a direct link rather than a neighbor link. */
    public boolean direct() {
        return direct;
    }

    /** This node dialled the link to send messages straight to one node: its HELLO asks for a direct link. */
    public void markDirect() {
        direct = true;
    }

    public boolean outbound() {
        return dialled != null;
    }

    public boolean handshaking() {
        return stage != Stage.ESTABLISHED && stage != Stage.CLOSED;
    }

    public boolean established() {
        return stage == Stage.ESTABLISHED;
    }

    public boolean closed() {
        return stage == Stage.CLOSED;
    }

    /** The node that dialled this link. */
    public long initiator(long self) {
        return outbound() ? self : peerId;
    }

    public Neighbor neighbor() {
        return new Neighbor(peerId, peerAddress, outbound());
    }

    /** A frame arrived on the link. */
    public void heard() {
        heard = true;
    }

    // ---- the link's life ----

    /** Admitted: a neighbor link now, with its budgets of frames and referrals full. */
    public void establish(MeshSettings settings) {
        stage = Stage.ESTABLISHED;
        authenticated = true;
        frames = new TokenBucket(Math.max(settings.limits().linkFrameBurst(), (long) settings.limits().linkFrameRate()
                * settings.maintenanceInterval().toMillis() / 1000), settings.limits().linkFrameRate(),
                settings.maintenanceInterval().toMillis());
        referrals = new TokenBucket(settings.limits().referralBurst(), settings.limits().referralRate(),
                settings.maintenanceInterval().toMillis());
        missedKeepalives = 0;
    }

    /** The peer took the link as established though this node will not keep it: it is ended with DISCONNECT. */
    public void establishedByPeer() {
        stage = Stage.ESTABLISHED;
    }

    /** Ended, by this node or the peer; the driver confirms with {@code onLinkClosed}. */
    public void ended(Reason reason, String detail) {
        stage = Stage.CLOSED;
        closeReason = reason;
        closeDetail = detail;
    }

    /** Why the link ended, or {@code null} while it is open. */
    public @Nullable Reason closeReason() {
        return closeReason;
    }

    public String closeDetail() {
        return closeDetail;
    }

    /** This link, still in its handshake, takes the place of the neighbor link the peer dropped as a duplicate. */
    public void replaces(Neighbor neighbor) {
        replaces = neighbor;
    }

    /** The neighbor this link was to replace, or {@code null}; forgotten once asked. */
    public @Nullable Neighbor takeReplaced() {
        Neighbor replaced = replaces;
        replaces = null;
        return replaced;
    }

    // ---- budgets ----

    /** Takes one frame from the neighbor's budget; false when it is over its rate. */
    public boolean takeFrame() {
        return frames.take(1);
    }

    /** Takes {@code count} referrals from the neighbor's budget; false (taking none) when it is over its rate. */
    public boolean takeReferrals(int count) {
        return referrals.take(count);
    }

    /** A maintenance tick passed: the neighbor's budgets refill. */
    public void refill() {
        frames.refill();
        referrals.refill();
    }

    // ---- shuffles ----

    /** This node sent the neighbor a SHUFFLE. */
    public void shuffleSent() {
        shuffleSent = true;
    }

    /** A SHUFFLE_REPLY came: whether it answers a SHUFFLE this node sent, which it then no longer waits for. */
    public boolean shuffleAnswered() {
        boolean answers = shuffleSent;
        shuffleSent = false;
        return answers;
    }

    // ---- origin keys ----

    /** Whether the origin's key must go out on this link now (the first time), noting that it did. */
    public boolean needsKey(long origin) {
        return credentialsSent.needsKey(origin);
    }

    /** The key could not be sent after all: try again with the next message. */
    public void keyNotSent(long origin) {
        credentialsSent.keyNotSent(origin);
    }

    /**
     * Whether the seal of {@code origin} that starts at {@code first} must go out on this link now, noting that it
     * did: not when it was the last of that origin's seals sent here (a message pulled from an older seal sends that
     * one again).
     */
    public boolean needsSeal(long origin, long first) {
        return credentialsSent.needsSeal(origin, first);
    }
}
