package dev.peermesh;

import java.util.Locale;

/**
 * Why a node turned away something a peer sent: a link, a frame, or referrals it would otherwise remember. Every
 * rejection is counted ({@link NodeState.Counters#rejected()}, meter {@code peermesh.rejected} tagged with
 * {@link #tag()}) and logged, at most one line per reason every few seconds.
 *
 * <p>{@code node.state().counters().rejected().getOrDefault(Rejection.FRAME_RATE, 0L)}
 */
public enum Rejection {

    /** A frame was longer than the node accepts (the maximum message size, or 4 KiB before the handshake ends). */
    FRAME_TOO_LARGE,
    /** A frame broke the wire format or one of the field limits (topic, headers, counts). */
    MALFORMED_FRAME,
    /** A frame had a protocol version this node does not speak. */
    UNSUPPORTED_VERSION,
    /** A well-formed frame came at a step where it is not allowed. */
    UNEXPECTED_FRAME,
    /** An inbound link arrived while the most handshakes allowed were in progress. */
    TOO_MANY_HANDSHAKES,
    /** An inbound link arrived while the most handshakes allowed from its address were in progress. */
    TOO_MANY_HANDSHAKES_FROM_ADDRESS,
    /** A link did not finish its handshake in time (a stalled or slowloris peer). */
    HANDSHAKE_TIMEOUT,
    /** A peer of another mesh tried to link, or a peer refused this node's link for belonging to another mesh. */
    WRONG_MESH,
    /**
     * A peer could not prove it knows the mesh password, or refused this node's proof: the two have different
     * passwords. Logged on both sides with the peer's address.
     */
    AUTHENTICATION_FAILED,
    /** A TLS handshake failed: no certificate, or one the node does not trust. */
    TLS_HANDSHAKE_FAILED,
    /** A neighbor sent frames faster than {@code limits.link-frame-rate} allows: its link was closed. */
    FRAME_RATE,
    /** A neighbor offered peers faster than {@code limits.referral-rate} allows: they were ignored. */
    REFERRAL_RATE,
    /** Peers offered by a peer that had not proved the mesh key, or in an answer nobody asked for: ignored. */
    UNSOLICITED_REFERRALS,
    /**
     * A neighbor already had its share of the passive view ({@code limits.passive-view-peers-per-neighbor}): its
     * oldest unconfirmed referral made room for the new one.
     */
    PASSIVE_VIEW_SHARE,
    /** A neighbor did not read what was sent to it and its backlog overflowed: its link was closed. */
    SLOW_NEIGHBOR;

    /** The reason as a meter tag and in logs: lower case with hyphens, e.g. {@code frame-rate}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
