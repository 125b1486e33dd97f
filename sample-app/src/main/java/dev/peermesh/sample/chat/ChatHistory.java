package dev.peermesh.sample.chat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The last chat messages this node received, oldest first, at most {@code sample.history-size} of them: a new
 * message pushes the oldest out. Thread-safe.
 *
 * <p>{@code history.add(message); history.messages();}
 */
public final class ChatHistory {

    /** Largest history allowed, so a typo cannot make the node hold millions of messages. */
    public static final int MAX_SIZE = 100_000;

    private final int capacity;

    private final Deque<ChatMessage> messages = new ArrayDeque<>();

    public ChatHistory(int capacity) {
        if (capacity < 1 || capacity > MAX_SIZE) {
            throw new InvalidConfigurationPropertyValueException("sample.history-size", capacity,
                    "Keep 1 to " + MAX_SIZE + " messages");
        }
        this.capacity = capacity;
    }

    /** Adds a message, forgetting the oldest when the history is full. */
    public synchronized void add(ChatMessage message) {
        if (messages.size() == capacity) {
            messages.removeFirst();
        }
        messages.addLast(message);
    }

    /** The messages kept, oldest first. */
    public synchronized List<ChatMessage> messages() {
        return new ArrayList<>(messages);
    }

    /** Most messages kept. */
    public int capacity() {
        return capacity;
    }
}
