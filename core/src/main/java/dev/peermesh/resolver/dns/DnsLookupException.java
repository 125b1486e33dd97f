package dev.peermesh.resolver.dns;

/**
 * A DNS lookup got no usable answer: no reply within the timeout, or a failure other than "no such name". A name
 * that does not exist is not an error; the resolver answers with no peers.
 *
 * <p>{@code catch (DnsLookupException ex) { log.warn("DNS resolver: {}", ex.getMessage()); }}
 */
public final class DnsLookupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DnsLookupException(String message) {
        super(message);
    }

    public DnsLookupException(String message, Throwable cause) {
        super(message, cause);
    }
}
