package dev.peermesh.dissemination;

import dev.peermesh.wire.Frame;

/**
 * How messages spread through the neighbor links: a sans-IO state machine fed with neighbor changes and messages,
 * answering through a {@link DisseminationSink}. Runs on the node's protocol thread; never touches sockets,
 * threads or clocks, so a simulator can drive it.
 */
public interface Dissemination {

    /** A neighbor link was established. */
    void neighborUp(long link);

    /** A neighbor link ended. */
    void neighborDown(long link);

    /** This node publishes a message; its origin and sequence are already set. */
    void publish(Frame.Data message);

    /** A message arrived on a neighbor link. */
    void receive(long link, Frame.Data message);

    /** A dissemination control frame (IHAVE, GRAFT, PRUNE) arrived on a neighbor link. */
    void receiveControl(long link, Frame frame);

    /** The node's maintenance tick: age caches. */
    void tick();

    /** A timer this strategy asked for through {@link DisseminationSink#schedule(long, long)} fired. */
    void onTimer(long token);

    /** What this strategy counted so far. */
    DisseminationCounters counters();
}
