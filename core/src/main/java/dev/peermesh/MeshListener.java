package dev.peermesh;


/**
 * Hears a node's online/offline changes and neighbour changes. Called on the node's delivery thread, in order;
 * keep it short.
 *
 * <p>{@code node.addListener(new MeshListener() { public void online() { log.info("joined"); } });}
 */
public interface MeshListener {

    /** The node gained its first neighbour. */
    default void online() {
    }

    /** The node lost its last neighbour. */
    default void offline() {
    }

    /** A link to a neighbour was established. */
    default void neighbourUp(Neighbour neighbour) {
    }

    /** A message this node knows it missed could not be repaired in time: it will never be delivered here. */
    default void messageLost(MessageId id, String reason) {
    }

    /**
     * A link to a neighbour ended, with the reason and what was said about it. What the peer said is escaped
     * ({@link dev.peermesh.log.PeerText}), so the detail is safe to log as it is.
     */
    default void neighbourDown(Neighbour neighbour, CloseReason reason, String detail) {
    }
}
