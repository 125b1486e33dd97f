package dev.peermesh.dissemination;

import dev.peermesh.MeshMessage;
import dev.peermesh.wire.Frame;

/**
 * Where a {@link Dissemination} sends its decisions.
 */
public interface DisseminationSink {

    /** Send a frame on a neighbour link. */
    void send(long link, Frame frame);

    /** Hand a message to this node's subscribers. */
    void deliver(MeshMessage message);
}
