package dev.peermesh.node;

import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A message as a publisher hands it over, before the node accepted it: the caller's own headers and payload, not
 * yet copied. What the node adds (a default content type, the send time) is added to its copy once it accepts.
 *
 * @param headers the caller's headers, read but not kept
 * @param contentType the content type to add when the headers name none, or {@code null}
 * @param payload the caller's bytes
 * @param owned whether the payload is the node's already (made for this publish), so it need not be copied
 * @param hopLimit most links the message may cross; 0 for no limit
 */
public record Outgoing(String topic, Map<String, String> headers, @Nullable String contentType, byte[] payload,
        boolean owned, int hopLimit) {

    /** This message with {@code added} headers too (they win over the caller's of the same name). */
    public Outgoing with(Map<String, String> added) {
        Map<String, String> all = new HashMap<>(headers);
        all.putAll(added);
        return new Outgoing(topic, all, contentType, payload, owned, hopLimit);
    }
}
