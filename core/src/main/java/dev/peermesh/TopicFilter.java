package dev.peermesh;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Which topics a subscription takes: an exact topic ({@code orders}), a prefix ending in {@code *}
 * ({@code orders.*} takes {@code orders.eu} and {@code orders.us.west}), or {@code *} for all.
 *
 * <p>{@code TopicFilter.of("orders.*").matches("orders.eu")}
 */
public final class TopicFilter {

    private final String pattern;

    private final @Nullable String prefix;

    private TopicFilter(String pattern) {
        this.pattern = pattern;
        this.prefix = pattern.endsWith("*") ? pattern.substring(0, pattern.length() - 1) : null;
    }

    /**
     * A filter for the pattern.
     *
     * @throws IllegalArgumentException when the pattern is blank or has {@code *} anywhere but at its end
     */
    public static TopicFilter of(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        if (pattern.isBlank()) {
            throw new IllegalArgumentException("Topic pattern is blank; give a topic, a prefix ending in '*', or '*'");
        }
        int star = pattern.indexOf('*');
        if (star >= 0 && star != pattern.length() - 1) {
            throw new IllegalArgumentException("Topic pattern '" + pattern
                    + "' has '*' before its end; '*' is allowed only as the last character (for example 'orders.*')");
        }
        return new TopicFilter(pattern);
    }

    /** Whether a message on {@code topic} passes. */
    public boolean matches(String topic) {
        return prefix != null ? topic.startsWith(prefix) : pattern.equals(topic);
    }

    @Override
    public String toString() {
        return pattern;
    }
}
