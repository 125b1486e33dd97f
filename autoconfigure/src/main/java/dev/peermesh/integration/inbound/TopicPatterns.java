package dev.peermesh.integration.inbound;

import dev.peermesh.TopicFilter;

import java.util.ArrayList;
import java.util.List;

/**
 * The topic patterns an inbound endpoint takes: exact topics, prefixes ending in '*', or '*' for all.
 *
 * <p>{@code TopicPatterns.of("orders.*", "payments").takes("orders.eu")} is true.
 */
record TopicPatterns(List<TopicFilter> filters) {

    /** Every topic. */
    static final TopicPatterns ALL = of("*");

    static TopicPatterns of(String... patterns) {
        List<TopicFilter> filters = new ArrayList<>(patterns.length);
        for (String pattern : patterns) {
            filters.add(TopicFilter.of(pattern));
        }
        return new TopicPatterns(List.copyOf(filters));
    }

    /** Whether one of the patterns matches the topic. */
    boolean takes(String topic) {
        for (TopicFilter filter : filters) {
            if (filter.matches(topic)) {
                return true;
            }
        }
        return false;
    }
}
