package dev.peermesh.event;

import dev.peermesh.MeshNode;
import dev.peermesh.MessageId;

/**
 * A message this node knows it missed could not be repaired in time: it will never be delivered here (the reason
 * says why). Counted in {@code peermesh.messages.lost} too.
 *
 * <p>{@code @EventListener void lost(MessageLostEvent event) { audit.gap(event.getId()); }}
 */
public final class MessageLostEvent extends PeermeshEvent {

    private final MessageId id;

    private final String reason;

    public MessageLostEvent(MeshNode node, MessageId id, String reason) {
        super(node);
        this.id = id;
        this.reason = reason;
    }

    public MessageId getId() {
        return id;
    }

    public String getReason() {
        return reason;
    }

    @Override
    public String toString() {
        return "MessageLostEvent[" + id + ": " + reason + "]";
    }
}
