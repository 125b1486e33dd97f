package dev.peermesh;

/**
 * Hears a node's online/offline changes and neighbor changes. Called on the node's delivery thread, in order;
 * keep it short.
 *
 * <p>{@code node.addListener(new MeshListener() { public void online() { log.info("joined"); } });}
 */
public interface MeshListener {

    /** The node gained its first neighbor. */
    default void online() {
    }

    /** The node lost its last neighbor. */
    default void offline() {
    }

    /** A link to a neighbor was established. */
    default void neighborUp(Neighbor neighbor) {
    }

    /** A message this node knows it missed could not be repaired in time: it will never be delivered here. */
    default void messageLost(MessageId id, String reason) {
    }

    /**
     * A link to a neighbor ended, with the reason and what was said about it. What the peer said is escaped
     * ({@link dev.peermesh.log.PeerText}), so the detail is safe to log as it is.
     */
    default void neighborDown(Neighbor neighbor, CloseReason reason, String detail) {
    }
}
