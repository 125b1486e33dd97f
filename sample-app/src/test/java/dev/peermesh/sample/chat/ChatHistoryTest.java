package dev.peermesh.sample.chat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChatHistoryTest {

    @Test
    void fullHistoryForgetsTheOldestMessage() {
        ChatHistory history = new ChatHistory(2);
        history.add(message("one"));
        history.add(message("two"));
        history.add(message("three"));

        assertThat(history.messages()).extracting(ChatMessage::text).containsExactly("two", "three");
    }

    @Test
    void sizeOutsideTheAllowedRangeFailsNamingTheProperty() {
        assertThatThrownBy(() -> new ChatHistory(0)).isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("sample.history-size");
        assertThatThrownBy(() -> new ChatHistory(ChatHistory.MAX_SIZE + 1))
                .isInstanceOf(InvalidConfigurationPropertyValueException.class);
    }

    private static ChatMessage message(String text) {
        return new ChatMessage("0000000000000001/1", "t", text, "0000000000000001", 0, Instant.now());
    }
}
