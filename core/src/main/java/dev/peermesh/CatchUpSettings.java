package dev.peermesh;

import static dev.peermesh.SettingChecks.positive;
import static dev.peermesh.SettingChecks.range;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Late-joiner catch-up (properties {@code peermesh.catch-up.*}, {@link MeshSettings.Builder#catchUp}): a node that
 * starts, or rejoins after it had no neighbor, asks its first neighbors for the recent messages their retention
 * rings still hold and delivers them marked {@link MeshMessage#REPLAYED_HEADER}. Bounded by what those rings keep
 * ({@code message-cache.*}); not durable storage. See {@code docs/messaging.md}.
 *
 * <p>{@code CatchUpSettings.enabled(List.of(new CatchUpSettings.Topics("orders.*", Duration.ofMinutes(1), 1000)))}
 *
 * @param enabled whether this node asks its neighbors when it starts or rejoins; every node answers (a node in
 *        flood mode keeps a retention ring only when this is on)
 * @param topics what is asked for, per topic pattern: a message is taken by the first pattern its topic matches
 * @param neighbors how many of the first neighbors are asked (1 to 16); duplicates among their answers are dropped
 * @param timeout how long the catch-up may take before the node stops waiting for the answers: meanwhile, with
 *        {@code ordering=fifo}, origins first heard here wait for the replayed messages before their live ones
 */
public record CatchUpSettings(boolean enabled, List<Topics> topics, int neighbors, Duration timeout) {

    /** Off: the node asks no neighbor. */
    public static final CatchUpSettings OFF = new CatchUpSettings(false, List.of(Topics.ALL), 2,
            Duration.ofSeconds(10));

    public CatchUpSettings {
        topics = List.copyOf(Objects.requireNonNull(topics, "topics"));
        if (topics.isEmpty() || topics.size() > 16) {
            throw new InvalidSettingException("catch-up.topics", topics.size() + " patterns",
                    "give 1 to 16 topic patterns (none means '*' with catch-up.max-age and catch-up.max-messages)");
        }
        Set<String> patterns = new LinkedHashSet<>();
        for (Topics rule : topics) {
            if (!patterns.add(rule.pattern())) {
                throw new InvalidSettingException("catch-up.topics", rule.pattern(), "each pattern once");
            }
        }
        range("catch-up.neighbors", neighbors, 1, 16);
        positive("catch-up.timeout", timeout);
        if (timeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new InvalidSettingException("catch-up.timeout", timeout, "at most 5 minutes: with ordering=fifo, "
                    + "origins first heard wait for the catch-up that long");
        }
    }

    /** Catch-up on, asking 2 neighbors for these topics, waiting at most 10 s. */
    public static CatchUpSettings enabled(List<Topics> topics) {
        return new CatchUpSettings(true, topics, 2, Duration.ofSeconds(10));
    }

    /**
     * What a catch-up asks for on the topics of one pattern.
     *
     * @param pattern a topic, a prefix ending in {@code *}, or {@code *} ({@link TopicFilter})
     * @param maxAge how old a replayed message may be: up to the neighbors' {@code message-cache.max-age}, counted
     *        in their maintenance intervals
     * @param maxMessages how many of the newest messages on these topics each neighbor replays (1 to 1,000,000)
     */
    public record Topics(String pattern, Duration maxAge, int maxMessages) {

        /** Every topic, the messages of the last minute, at most 10,000. */
        public static final Topics ALL = new Topics("*", Duration.ofMinutes(1), 10_000);

        public Topics {
            try {
                TopicFilter.of(pattern);
            }
            catch (IllegalArgumentException | NullPointerException ex) {
                throw new InvalidSettingException("catch-up.topics", pattern, ex.getMessage());
            }
            positive("catch-up.max-age", maxAge);
            if (maxAge.toMillis() > 0xFFFF_FFFFL) {
                throw new InvalidSettingException("catch-up.max-age", maxAge, "at most 49 days (2^32 - 1 ms)");
            }
            range("catch-up.max-messages", maxMessages, 1, 1_000_000);
        }
    }
}
