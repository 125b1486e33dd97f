package dev.peermesh.sample.chat;

/**
 * A chat message that breaks {@link MessageRules}; answered with 400 and the problem.
 *
 * <p>{@code throw new InvalidMessageException("text", "Give a text to send");}
 */
public final class InvalidMessageException extends RuntimeException {

    private final String field;

    public InvalidMessageException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The request field that is wrong. */
    public String field() {
        return field;
    }
}
