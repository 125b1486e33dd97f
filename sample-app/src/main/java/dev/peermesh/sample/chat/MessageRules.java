package dev.peermesh.sample.chat;

import dev.peermesh.sample.SampleProperties;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * What a chat message may look like: a topic of letters, digits and {@code . _ - / :} that is not reserved for the
 * mesh's own use, and a text that is not blank, both within the configured lengths.
 *
 * <p>{@code rules.check(request);} throws {@link InvalidMessageException} saying what is wrong.
 */
public final class MessageRules {

    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._\\-/:]+");

    /** Topics starting with this are the mesh's and the sample's own (topology reports). */
    public static final String RESERVED_PREFIX = "peermesh.";

    /** Longest topic allowed: within the engine's default topic limit (peermesh.limits.topic-length, 256 bytes). */
    public static final int MAX_TOPIC_LENGTH = 255;

    /** Longest text allowed: 4 UTF-8 bytes per character still fit the 16 KiB body limit. */
    public static final int MAX_TEXT_LENGTH = 4000;

    private final int maxTopicLength;

    private final int maxTextLength;

    private final String topologyTopic;

    public MessageRules(SampleProperties properties) {
        if (properties.getMaxTopicLength() < 1 || properties.getMaxTopicLength() > MAX_TOPIC_LENGTH) {
            throw new InvalidConfigurationPropertyValueException("sample.max-topic-length",
                    properties.getMaxTopicLength(), "Allow 1 to " + MAX_TOPIC_LENGTH + " characters");
        }
        if (properties.getMaxTextLength() < 1 || properties.getMaxTextLength() > MAX_TEXT_LENGTH) {
            throw new InvalidConfigurationPropertyValueException("sample.max-text-length",
                    properties.getMaxTextLength(), "Allow 1 to " + MAX_TEXT_LENGTH
                            + " characters (a request body holds at most 16 KiB)");
        }
        this.maxTopicLength = properties.getMaxTopicLength();
        this.maxTextLength = properties.getMaxTextLength();
        this.topologyTopic = properties.getTopology().getTopic();
    }

    /** Checks a request, throwing {@link InvalidMessageException} with the first problem found. */
    public void check(PublishRequest request) {
        String topic = request.topic();
        String text = request.text();
        if (topic == null || topic.isBlank()) {
            throw new InvalidMessageException("topic", "Give a topic, for example \"general\"");
        }
        if (topic.length() > maxTopicLength) {
            throw new InvalidMessageException("topic", "The topic has " + topic.length()
                    + " characters; use at most " + maxTopicLength + " (sample.max-topic-length)");
        }
        if (!TOPIC.matcher(topic).matches()) {
            throw new InvalidMessageException("topic", "The topic '" + topic
                    + "' has characters other than letters, digits and . _ - / :; use only those");
        }
        if (reserved(topic)) {
            throw new InvalidMessageException("topic", "The topic '" + topic + "' is reserved for the mesh ('"
                    + RESERVED_PREFIX + "*' and '" + topologyTopic + "'); choose another");
        }
        if (text == null || text.isBlank()) {
            throw new InvalidMessageException("text", "Give a text to send");
        }
        if (text.length() > maxTextLength) {
            throw new InvalidMessageException("text", "The text has " + text.length() + " characters; use at most "
                    + maxTextLength + " (sample.max-text-length)");
        }
    }

    /** Whether a topic is the mesh's own rather than a chat topic. */
    public boolean reserved(@Nullable String topic) {
        return topic != null && (topic.startsWith(RESERVED_PREFIX) || topic.equals(topologyTopic));
    }
}
