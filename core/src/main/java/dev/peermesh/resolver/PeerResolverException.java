package dev.peermesh.resolver;

/**
 * A resolver could not do what it was asked: the service did not answer in time, refused the request or answered
 * with something unreadable. The message says which resolver, what failed and what to check.
 *
 * <p>{@code throw new PeerResolverException("Resolver server http://resolver:7480 answered 401: bad token")}
 */
public class PeerResolverException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PeerResolverException(String message) {
        super(message);
    }

    public PeerResolverException(String message, Throwable cause) {
        super(message, cause);
    }
}
