package dev.peermesh.messaging;

import dev.peermesh.MessageId;

/**
 * What a publish through {@link PeermeshTemplate} did: the message's mesh-wide id and how many neighbors the node
 * had when it went out. Zero neighbors means no other node could have received it live (only with
 * {@link WhenAlone#PUBLISH}).
 *
 * <p>{@code if (!template.publish("orders.placed", order).reachedNeighbors()) log.warn("alone");}
 *
 * @param id the message's id
 * @param topic the topic it was published to
 * @param neighbors the node's neighbors when it was published
 */
public record PublishReceipt(MessageId id, String topic, int neighbors) {

    /** Whether the node had a neighbor to pass the message to. */
    public boolean reachedNeighbors() {
        return neighbors > 0;
    }
}
