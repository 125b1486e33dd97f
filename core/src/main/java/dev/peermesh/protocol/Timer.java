package dev.peermesh.protocol;

/**
 * A timer the protocol asked for; handed back to {@code MeshProtocol.onTimer} when it fires.
 *
 * @param kind what the timer is for
 * @param link the link it concerns; for {@link Kind#DISSEMINATION}, the strategy's own token; otherwise 0
 */
public record Timer(Kind kind, long link) {

    /** The periodic maintenance tick. */
    public static final Timer MAINTENANCE = new Timer(Kind.MAINTENANCE, 0);

    /** The periodic keepalive tick. */
    public static final Timer KEEPALIVE = new Timer(Kind.KEEPALIVE, 0);

    /** What a timer is for. */
    public enum Kind {
        /** Check the neighbor count, age caches. */
        MAINTENANCE,
        /** Ping neighbors, drop the silent ones. */
        KEEPALIVE,
        /** Drop a link that has not finished its handshake. */
        HANDSHAKE_TIMEOUT,
        /** A timer of the dissemination strategy. */
        DISSEMINATION
    }
}
