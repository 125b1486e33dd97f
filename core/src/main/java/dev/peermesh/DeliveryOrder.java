package dev.peermesh;

/**
 * In which order a node hands another node's messages to its subscribers ({@code peermesh.ordering},
 * {@link MeshSettings.Builder#ordering}).
 *
 * <p>{@code MeshSettings.builder("chat").ordering(DeliveryOrder.NONE).build()}
 */
public enum DeliveryOrder {

    /**
     * Each origin's messages in the order it published them: a gap holds that origin's later messages (and only
     * its own) until the missing one is repaired or reported lost, at most for the repair window and within
     * {@code peermesh.limits.max-reorder-bytes}; past either, the gap is reported lost and delivery goes on. A
     * message that arrives after a later one of its origin was delivered is reported lost, not delivered. The
     * default.
     */
    FIFO,
    /**
     * Each message as soon as it arrives: a repaired message comes after those that overtook it, and nothing waits
     * for it. For subscribers that need no order and would rather have a late message than hold its successors.
     */
    NONE
}
