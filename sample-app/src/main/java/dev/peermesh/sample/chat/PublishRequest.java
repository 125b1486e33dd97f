package dev.peermesh.sample.chat;

import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /api/messages}: what to say and on which topic.
 *
 * <p>{@code {"topic": "general", "text": "hello, mesh"}}
 *
 * @param topic the topic to publish to
 * @param text the message text
 */
public record PublishRequest(@Nullable String topic, @Nullable String text) {
}
