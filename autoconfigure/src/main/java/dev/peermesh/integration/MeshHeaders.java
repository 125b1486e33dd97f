package dev.peermesh.integration;

/**
 * Names of the Spring Integration message headers that carry mesh metadata; all start with {@code peermesh_}.
 *
 * <p>{@code MessageBuilder.withPayload(order).setHeader(MeshHeaders.TOPIC, "orders.eu").build()}
 */
public final class MeshHeaders {

    /** Prefix of every peermesh header. */
    public static final String PREFIX = "peermesh_";

    /** The topic a message was, or is to be, published to. */
    public static final String TOPIC = PREFIX + "topic";

    /** Node id (16 hex digits) of the publisher. */
    public static final String ORIGIN = PREFIX + "origin";

    /** Mesh-wide message id, {@code origin/sequence}. */
    public static final String MESSAGE_ID = PREFIX + "messageId";

    /** The publisher's sequence number for the message. */
    public static final String SEQUENCE = PREFIX + "sequence";

    /** Links the message crossed to reach this node; 0 for a message this node published. */
    public static final String HOPS = PREFIX + "hops";

    /** Most links the message may cross; 0 for no limit. On outbound messages, overrides the default. */
    public static final String HOP_LIMIT = PREFIX + "hopLimit";

    /**
     * On outbound messages: the one node to send the message to (a node id: a long, or 16 hex digits as
     * {@link #ORIGIN} gives it), instead of every node; the outbound adapter then waits for the node's receipt.
     */
    public static final String TARGET = PREFIX + "target";

    /** The publisher's wall-clock time in epoch milliseconds, when stamped. */
    public static final String SENT_AT = PREFIX + "sentAt";

    /**
     * {@code true} on a message a catch-up replayed to this node ({@code peermesh.catch-up.enabled}): it was
     * published before this node could hear it live. Absent on live messages.
     */
    public static final String REPLAYED = PREFIX + "replayed";

    private MeshHeaders() {
    }
}
