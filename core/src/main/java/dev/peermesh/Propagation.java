package dev.peermesh;

/**
 * Where a message goes from this node, as decided by a {@link PropagationFilter}: the four answers of WCF's
 * {@code PeerMessagePropagation}.
 */
public enum Propagation {

    /** Neither delivered here nor sent on. */
    NONE(false, false),
    /** Delivered to this node's subscribers only. */
    LOCAL(true, false),
    /** Sent on to neighbors only. */
    REMOTE(false, true),
    /** Delivered here and sent on: the default. */
    LOCAL_AND_REMOTE(true, true);

    private final boolean local;

    private final boolean remote;

    Propagation(boolean local, boolean remote) {
        this.local = local;
        this.remote = remote;
    }

    /** Whether this node's subscribers get the message. */
    public boolean local() {
        return local;
    }

    /** Whether neighbors get the message. */
    public boolean remote() {
        return remote;
    }
}
