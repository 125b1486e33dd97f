package dev.peermesh.wire;

/**
 * A frame broke the wire format or a limit; the reason says which rule, the message says what was seen.
 */
public final class MalformedFrameException extends Exception {

    private final Reason reason;

    public MalformedFrameException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** The reason the link is closed with. */
    public Reason reason() {
        return reason;
    }
}
