package dev.peermesh.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * Probe messages that tell when a healed mesh is whole again: each round publishes one probe on every sender and
 * then looks for the earliest round whose probes every node has received.
 *
 * <p>{@code await().until(() -> probes.sendAndCheck(cluster.nodes()))}
 */
final class Probes {

    private final String topic;

    private final List<ChatNode> senders;

    private final List<Long> publishedAt = new ArrayList<>();

    private long firstDeliveredPublishedAt;

    private long confirmedAt;

    Probes(String topic, ChatNode... senders) {
        this.topic = topic;
        this.senders = List.of(senders);
    }

    /** Publishes the next round; true once some round's probes reached every one of {@code nodes}. */
    boolean sendAndCheck(List<ChatNode> nodes) {
        int round = publishedAt.size();
        publishedAt.add(System.nanoTime());
        for (ChatNode sender : senders) {
            sender.publish(topic, text(sender, round));
        }
        List<List<String>> received = new ArrayList<>();
        for (ChatNode node : nodes) {
            received.add(node.texts(topic));
        }
        for (int r = 0; r <= round; r++) {
            if (deliveredEverywhere(r, received)) {
                firstDeliveredPublishedAt = publishedAt.get(r);
                confirmedAt = System.nanoTime();
                return true;
            }
        }
        return false;
    }

    /** When the first round that reached every node was published ({@link System#nanoTime()}). */
    long firstDeliveredPublishedAt() {
        return firstDeliveredPublishedAt;
    }

    /** When that was seen. */
    long confirmedAt() {
        return confirmedAt;
    }

    private boolean deliveredEverywhere(int round, List<List<String>> received) {
        for (List<String> texts : received) {
            for (ChatNode sender : senders) {
                if (!texts.contains(text(sender, round))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String text(ChatNode sender, int round) {
        return "probe " + round + " from " + sender.name();
    }
}
