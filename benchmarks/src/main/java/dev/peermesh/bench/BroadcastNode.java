package dev.peermesh.bench;

/**
 * One member of a benchmarked broadcast group — peermesh, JGroups or the raw-Netty fan-out — as a worker drives it.
 *
 * <p>{@code node.join(); node.awaitMembers(timeout); node.broadcast(payload); node.close();}
 */
interface BroadcastNode extends AutoCloseable {

    /** Starts the node and joins the group; deliveries of other members' messages go to the node's recorder. */
    void join() throws Exception;

    /** Waits until the node sees enough of the group to broadcast to all of it; false on timeout. */
    boolean awaitMembers(long timeoutMillis) throws InterruptedException;

    /** Sends the payload to every other member; false when the node pushes back and the caller should wait. */
    boolean broadcast(byte[] payload) throws Exception;

    /** Bytes this node has written to its links so far, or -1 when the system does not tell. */
    long bytesOut();

    /**
     * The node's counters now, all read at one instant (peermesh answers from its event loop, which takes a while
     * when it is busy: callers bracket the call).
     */
    default NodeCounters counters() {
        return NodeCounters.bytesOnly(bytesOut());
    }

    @Override
    void close();
}
