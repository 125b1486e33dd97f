package dev.peermesh.resolver.multicast;

/**
 * A datagram on the group is not a valid announcement or query. Never leaves the resolver: the receiver counts it
 * and reads on. It has no stack trace, so a flood of junk costs little.
 */
final class MalformedDatagramException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean foreign;

    MalformedDatagramException(String reason, boolean foreign) {
        super(reason, null, false, false);
        this.foreign = foreign;
    }

    /** Whether it is not ours at all (another magic) or from another protocol version, rather than broken. */
    boolean foreign() {
        return foreign;
    }
}
