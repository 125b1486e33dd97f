package dev.peermesh.actuate;

import dev.peermesh.CloseReason;

import java.util.Locale;

/**
 * Names and tags of peermesh meters, in one place. Tags take values from fixed sets (reasons, directions), never
 * from peers, so their cardinality is bounded whatever the mesh does: at most 18 close reasons, 6 drop reasons,
 * 15 rejection reasons, 2 inbound failure reasons, 2 directions, and one mesh id per node.
 */
public final class MeterNames {

    /** Current neighbor count. */
    public static final String NEIGHBORS = "peermesh.neighbors";

    /** 1 while the node has a neighbor, else 0. */
    public static final String ONLINE = "peermesh.online";

    /** Messages published by this node. */
    public static final String PUBLISHED = "peermesh.messages.published";

    /** Messages delivered to this node's subscribers. */
    public static final String DELIVERED = "peermesh.messages.delivered";

    /**
     * Messages from the mesh that failed in the application, tagged {@code reason}: flow (a flow on peermeshInbound
     * threw; the other flows still got the message) or conversion (the payload could not be converted; not sent on).
     */
    public static final String INBOUND_FAILURES = "peermesh.inbound.failures";

    /** Copies sent on to neighbors. */
    public static final String FORWARDED = "peermesh.messages.forwarded";

    /** Copies received that had been seen before. */
    public static final String DUPLICATES = "peermesh.messages.duplicates";

    /**
     * Messages not delivered or not sent on, tagged {@code reason}: hop-limit, filtered, unrouted, delivery-overflow,
     * forged (failed signature verification; the link it came on was closed) or unknown-origin (signed by an origin
     * whose key was not known).
     */
    public static final String DROPPED = "peermesh.messages.dropped";

    /** Messages pulled from a neighbor that announced them (broadcast-tree repair). */
    public static final String GRAFTS = "peermesh.messages.grafts";

    /** Redundant tree links pruned. */
    public static final String PRUNES = "peermesh.messages.prunes";

    /**
     * Payloads a tree relay announced instead of pushing to a child, because the child's link had more queued than
     * {@code peermesh.tree.payload-backlog-cap} (a lossy link); the child pulls them.
     */
    public static final String PAYLOADS_OVER_CAP = "peermesh.messages.payloads-over-cap";

    /** Counter: PAUSE frames sent up origins' trees because a link towards a child was congested. */
    public static final String TREE_PAUSES = "peermesh.tree.pauses";

    /** Counter: origins named in PAUSE frames this node did not take (off the origin's tree, unknown, past the cap). */
    public static final String TREE_PAUSES_IGNORED = "peermesh.tree.pauses.ignored";

    /** Counter: links towards a child congested for longer than a pause may hold, which stopped holding origins. */
    public static final String TREE_STALLS = "peermesh.tree.stalls";

    /** Gauge: messages held back now because an earlier message of their origin is missing (ordering fifo). */
    public static final String REORDER_HELD = "peermesh.reorder.held";

    /** Gauge: bytes of those messages, each counting its payload and 128; at most limits.max-reorder-bytes. */
    public static final String REORDER_HELD_BYTES = "peermesh.reorder.held.bytes";

    /**
     * Counter: sequence numbers ordering gave up on, each also counted in {@link #LOST}, by reason: {@code late}
     * (arrived after a later one was delivered), {@code expired} (not repaired within the repair window) and
     * {@code overflowed} (limits.max-reorder-bytes reached).
     */
    public static final String REORDER_GAVE_UP = "peermesh.reorder.gave-up";

    /**
     * Counter: requests and sends to one node made here, by {@code outcome}: {@code answered}, {@code timed-out},
     * {@code rejected}.
     */
    public static final String REQUESTS = "peermesh.requests";

    /** Gauge: requests and sends waiting for their replies or receipts now. */
    public static final String REQUESTS_PENDING = "peermesh.requests.pending";

    /** Counter: replies and receipts that came back, by {@code timing}: {@code in-time}, {@code late} (dropped). */
    public static final String REPLIES = "peermesh.replies";

    /** Tag of {@link #REQUESTS}. */
    public static final String TAG_OUTCOME = "outcome";

    /** Tag of {@link #REPLIES}. */
    public static final String TAG_TIMING = "timing";

    /**
     * Counter: replayed messages a catch-up (peermesh.catch-up.*) brought here, by {@code outcome}: {@code replayed}
     * (taken and delivered), {@code duplicate} (seen before), {@code unasked} (after the catch-up ended),
     * {@code too-old} (older than the duplicate cache remembers of their origin).
     */
    public static final String CATCH_UP_MESSAGES = "peermesh.catch-up.messages";

    /** Counter: catch-ups this node began (at start, and on getting a neighbor again after it had none). */
    public static final String CATCH_UPS = "peermesh.catch-up.started";

    /** Counter: catch-ups that ended at peermesh.catch-up.timeout with answers still owed. */
    public static final String CATCH_UPS_TIMED_OUT = "peermesh.catch-up.timed-out";

    /** Counter: messages this node replayed from its retention ring to neighbors catching up. */
    public static final String CATCH_UP_SERVED = "peermesh.catch-up.served";

    /**
     * Counter: messages for one node that went straight on the link to it (its neighbor link or a direct link), by
     * {@code outcome}: {@code sent} (from here), {@code received} (to here), {@code missed} (its marker came, the
     * message did not: reported lost).
     */
    public static final String DIRECT_MESSAGES = "peermesh.direct.messages";

    /** Messages known to be missed and given up on, each also reported as a loss event. */
    public static final String LOST = "peermesh.messages.lost";

    /** Publish-to-delivery time, from the publisher's clock to this node's. */
    public static final String DELIVERY_LATENCY = "peermesh.delivery.latency";

    /** Bytes on the wire, tagged {@code direction} in or out. */
    public static final String BYTES = "peermesh.bytes";

    /** Neighbor links established. */
    public static final String LINKS_ESTABLISHED = "peermesh.links.established";

    /** Links refused during the handshake. */
    public static final String LINKS_REFUSED = "peermesh.links.refused";

    /**
     * Links this node dialled, each a handshake attempt once connected. A peer that keeps failing is dialled once per
     * step of a doubling cooldown ({@code peermesh.dial-backoff.*}), so a steep rise means many peers failing.
     */
    public static final String DIALS = "peermesh.dials";

    /** Neighbor links ended, tagged {@code reason}. */
    public static final String LINKS_CLOSED = "peermesh.links.closed";

    /** Malformed or unexpected frames received. */
    public static final String PROTOCOL_ERRORS = "peermesh.protocol.errors";

    /** Links, frames and referrals turned away for breaking a limit or a rule, tagged {@code reason}. */
    public static final String REJECTED = "peermesh.rejected";

    /** Inbound links authenticating now. */
    public static final String HANDSHAKES_PENDING = "peermesh.handshakes.pending";

    /** Tag with the mesh id. */
    public static final String TAG_MESH = "mesh";

    /** Tag with a reason. */
    public static final String TAG_REASON = "reason";

    /** Tag with a direction. */
    public static final String TAG_DIRECTION = "direction";

    private MeterNames() {
    }

    /** A reason as a tag value: lower case with hyphens. */
    public static String tag(CloseReason reason) {
        return reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
