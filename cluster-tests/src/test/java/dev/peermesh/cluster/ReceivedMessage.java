package dev.peermesh.cluster;

/**
 * A chat message as a node's {@code GET /api/messages} lists it.
 *
 * <p>{@code new ReceivedMessage("0af3…/7", "general", "hello", "0af3…", 2)}
 *
 * @param id mesh-wide message id, {@code origin/sequence}
 * @param topic its topic
 * @param text its text
 * @param origin node id of the publisher
 * @param hops links it crossed; 0 on the publisher
 */
record ReceivedMessage(String id, String topic, String text, String origin, int hops) {
}
