package dev.peermesh.protocol.link;

import dev.peermesh.wire.Frame;

/**
 * Keepalive for neighbor links: on each keepalive tick a neighbor that sent nothing since the last one misses an
 * interval, one that missed {@code keepalive.misses} in a row is given up, and every other one gets a PING. It owns
 * the links' record of being heard and the tokens of the pings.
 *
 * <p>{@code if (keepalive.silent(link, paused)) close(link); else send(link, keepalive.ping(link));}
 */
public final class Keepalive {

    private final int misses;

    private long pingToken;

    /** Keepalive that gives a neighbor up after {@code misses} silent intervals in a row. */
    public Keepalive(int misses) {
        this.misses = misses;
    }

    /**
     * A keepalive tick for a neighbor: whether it has been silent too long and must go. While the node does not read
     * its links ({@code readsPaused}) the silence is the node's own doing and counts for nothing.
     */
    public boolean silent(Link link, boolean readsPaused) {
        if (link.heard || readsPaused) {
            link.missedKeepalives = 0;
            return false;
        }
        return ++link.missedKeepalives >= misses;
    }

    /** The PING to send the neighbor now; it must be heard from again before the next tick. */
    public Frame.Ping ping(Link link) {
        link.heard = false;
        return new Frame.Ping(++pingToken);
    }
}
