package dev.peermesh.resolver.multicast;

/**
 * A datagram on the group is not a valid announcement or query. Never leaves the resolver: the receiver counts it
 * and reads on. It has no stack trace, so a flood of junk costs little.
 */
final class MalformedDatagramException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean foreign;

    private final boolean unauthenticated;

    MalformedDatagramException(String reason, boolean foreign) {
        this(reason, foreign, false);
    }

    private MalformedDatagramException(String reason, boolean foreign, boolean unauthenticated) {
        super(reason, null, false, false);
        this.foreign = foreign;
        this.unauthenticated = unauthenticated;
    }

    /** A well-formed datagram this resolver, which has the mesh password, cannot authenticate. */
    static MalformedDatagramException unauthenticated(String reason) {
        return new MalformedDatagramException(reason, false, true);
    }

    /** Whether it is not ours at all (another magic) or from another protocol version, rather than broken. */
    boolean foreign() {
        return foreign;
    }

    /** Whether it carries no MAC, or a wrong one, or is of a mesh this resolver has no key for. */
    boolean unauthenticated() {
        return unauthenticated;
    }
}
