package dev.peermesh.sample.chat;

import java.time.Instant;

/**
 * A chat message as this node received it from the mesh.
 *
 * <p>{@code new ChatMessage("0af3…/7", "general", "hello", "0af3…", 2, Instant.now())}
 *
 * @param id mesh-wide message id, {@code origin/sequence}
 * @param topic the topic it was published to
 * @param text the text
 * @param origin node id of the publisher (16 hex digits)
 * @param hops links it crossed to get here; 0 when this node published it
 * @param receivedAt when this node received it
 */
public record ChatMessage(String id, String topic, String text, String origin, int hops, Instant receivedAt) {
}
