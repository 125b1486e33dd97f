package dev.peermesh.autoconfigure;

import dev.peermesh.CatchUpSettings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Late-joiner catch-up ({@code peermesh.catch-up.*}, {@code docs/messaging.md}): a node that starts, or rejoins after
 * it had no neighbor, asks its first neighbors for the recent messages they still hold and delivers them with
 * {@code peermesh_replayed=true}.
 *
 * <p>{@code peermesh.catch-up.enabled=true} and {@code peermesh.catch-up.topics[orders.*].max-messages=500}
 */
public class CatchUpProperties {

    /**
     * Whether this node asks its neighbors for what they still hold when it starts or rejoins. Every node answers
     * whatever this says; a node in flood mode keeps the messages to answer with only when this is on.
     */
    private boolean enabled;

    /**
     * How old a replayed message may be: rounded up to the neighbors' maintenance interval, and never more than their
     * message-cache.max-age keeps.
     */
    private Duration maxAge = Duration.ofMinutes(1);

    /** How many of the newest messages each neighbor asked replays, per topic pattern. */
    private int maxMessages = 10_000;

    /**
     * Bounds per topic pattern (a topic, a prefix ending in '*', or '*'), in brackets: {@code
     * topics[orders.*].max-messages=500}. A message is taken by the most specific pattern it matches (a topic, then the
     * longest prefix); topics no pattern matches are not asked for. None: every topic, with max-age and max-messages.
     */
    private Map<String, Topic> topics = new LinkedHashMap<>();

    /** How many of the node's first neighbors are asked; duplicates among their answers are dropped. */
    private int neighbors = 2;

    /**
     * How long a catch-up waits for the neighbors' answers; meanwhile, with ordering=fifo, origins first heard wait
     * for their replayed messages before their live ones are delivered.
     */
    private Duration timeout = Duration.ofSeconds(10);

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public Duration getMaxAge() { return maxAge; }
    public void setMaxAge(Duration maxAge) { this.maxAge = maxAge; }
    public int getMaxMessages() { return maxMessages; }
    public void setMaxMessages(int maxMessages) { this.maxMessages = maxMessages; }
    public Map<String, Topic> getTopics() { return topics; }
    public void setTopics(Map<String, Topic> topics) { this.topics = topics; }
    public int getNeighbors() { return neighbors; }
    public void setNeighbors(int neighbors) { this.neighbors = neighbors; }
    public Duration getTimeout() { return timeout; }
    public void setTimeout(Duration timeout) { this.timeout = timeout; }

    /** These properties as the engine's settings, the most specific pattern first. */
    CatchUpSettings toSettings() {
        List<CatchUpSettings.Topics> rules = new ArrayList<>();
        if (topics.isEmpty()) {
            rules.add(new CatchUpSettings.Topics("*", maxAge, maxMessages));
        }
        topics.forEach((pattern, topic) -> rules.add(new CatchUpSettings.Topics(pattern,
                topic.getMaxAge() != null ? topic.getMaxAge() : maxAge,
                topic.getMaxMessages() != null ? topic.getMaxMessages() : maxMessages)));
        rules.sort(Comparator.comparing((CatchUpSettings.Topics rule) -> rule.pattern().endsWith("*"))
                .thenComparing(rule -> -rule.pattern().length()));
        return new CatchUpSettings(enabled, rules, neighbors, timeout);
    }

    /** Bounds of one topic pattern; those not given are catch-up.max-age and catch-up.max-messages. */
    public static class Topic {

        /** How old a replayed message on these topics may be. */
        private @Nullable Duration maxAge;

        /** How many of the newest messages on these topics each neighbor replays. */
        private @Nullable Integer maxMessages;

        public @Nullable Duration getMaxAge() { return maxAge; }
        public void setMaxAge(@Nullable Duration maxAge) { this.maxAge = maxAge; }
        public @Nullable Integer getMaxMessages() { return maxMessages; }
        public void setMaxMessages(@Nullable Integer maxMessages) { this.maxMessages = maxMessages; }
    }
}
