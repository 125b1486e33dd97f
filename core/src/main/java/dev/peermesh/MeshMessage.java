package dev.peermesh;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * A message as the application sees it: delivered to subscribers and shown to propagation filters.
 *
 * <p>{@code node.subscribe("chat", message -> log.info("{} says {}", message.id(), message.text()));}
 *
 * @param id who published it and its sequence number
 * @param topic the topic it was published to
 * @param headers application headers
 * @param payload application bytes (shared, do not modify)
 * @param hops links it crossed to get here; 0 for a message published by this node
 * @param hopLimit most links it may cross; 0 means no limit
 */
public record MeshMessage(MessageId id, String topic, Map<String, String> headers, byte[] payload, int hops,
        int hopLimit) {

    /** Header with the publisher's wall-clock time in epoch milliseconds, when the publisher stamps it. */
    public static final String SENT_AT_HEADER = "peermesh.sent-at";

    /**
     * Header with the payload's MIME type, such as {@code text/plain;charset=UTF-8}: set by
     * {@link MeshNode#publish(String, String, Map)} and by the Spring starter, which reads it to choose the payload
     * type it delivers. A message without it is plain bytes.
     */
    public static final String CONTENT_TYPE_HEADER = "contentType";

    /**
     * Header naming the one node a message is for, as {@link NodeId#format(long)} writes it: set by
     * {@link MeshNode#send} and on replies. The message travels the mesh like any other (repaired, and ordered with
     * its origin's other messages), but only that node delivers it; every other node passes it by.
     */
    public static final String TARGET_HEADER = "peermesh.target";

    /**
     * Header, {@code true}, of the marker a message sent straight to its target leaves in the mesh: the same id and
     * headers, no payload. Every other node passes it by, as any message for another node; the target delivers the
     * message that came straight, not the marker. Subscribers never see it.
     */
    public static final String DIRECT_HEADER = "peermesh.direct";

    /**
     * Header of a request or a send to one node: the address ({@code host:port}) of the node that made it, so the node
     * that answers can open a direct link to it and send the reply straight.
     */
    public static final String ADDRESS_HEADER = "peermesh.address";

    /** Header of a request ({@link MeshNode#request}): its correlation number on the requesting node. */
    public static final String REQUEST_HEADER = "peermesh.request";

    /** Header of a reply ({@link MeshNode#reply}): the correlation number of the request it answers. */
    public static final String IN_REPLY_TO_HEADER = "peermesh.in-reply-to";

    /**
     * Header of a message sent with {@link MeshNode#send}: its target's node confirms it with an empty reply as it
     * hands it to its subscribers.
     */
    public static final String RECEIPT_HEADER = "peermesh.receipt";

    /**
     * Header, {@code true}, of a message a node delivered while catching up ({@code peermesh.catch-up.enabled}): a
     * neighbor replayed it from its retention ring after this node started or rejoined. It was published before this
     * node could hear it live.
     */
    public static final String REPLAYED_HEADER = "peermesh.replayed";

    /** The content type of text published with {@link MeshNode#publish(String, String, Map)}. */
    public static final String TEXT_CONTENT_TYPE = "text/plain;charset=UTF-8";

    public MeshMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(payload, "payload");
    }

    /** The publisher's wall-clock time in epoch milliseconds, or -1 when the message carries none. */
    public long sentAt() {
        String stamp = headers.get(SENT_AT_HEADER);
        if (stamp == null) {
            return -1;
        }
        try {
            return Long.parseLong(stamp);
        }
        catch (NumberFormatException ex) {
            return -1;
        }
    }

    /** Whether this is a request, which {@link MeshNode#reply} can answer. */
    public boolean isRequest() {
        return headers.containsKey(REQUEST_HEADER);
    }

    /** Whether this message was replayed to this node while it caught up ({@link #REPLAYED_HEADER}). */
    public boolean isReplayed() {
        return "true".equals(headers.get(REPLAYED_HEADER));
    }

    /** The payload decoded as UTF-8 text. */
    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
