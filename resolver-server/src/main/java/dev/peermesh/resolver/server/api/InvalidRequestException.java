package dev.peermesh.resolver.server.api;

/**
 * A request that breaks a rule of the API; answered with 400 and the message as the problem's {@code detail}.
 *
 * <p>{@code throw new InvalidRequestException("Field 'nodeId' is missing; ...");}
 */
public final class InvalidRequestException extends RuntimeException {

    /** Creates the exception; {@code detail} says what was wrong and what to do. */
    public InvalidRequestException(String detail) {
        super(detail);
    }
}
