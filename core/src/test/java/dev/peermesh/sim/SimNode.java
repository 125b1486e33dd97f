package dev.peermesh.sim;

import dev.peermesh.MeshMessage;
import dev.peermesh.NodeId;
import dev.peermesh.NodeState;
import dev.peermesh.PeerAddress;
import dev.peermesh.protocol.Actions;
import dev.peermesh.protocol.MeshEvent;
import dev.peermesh.protocol.MeshProtocol;
import dev.peermesh.protocol.Timer;
import dev.peermesh.wire.Frame;

import java.util.Arrays;
import java.util.Random;

/**
 * One simulated node: a real {@link MeshProtocol} and the {@link Actions} that hand what it asks for to the
 * {@link Simulation}. Nodes are never reused: a node that crashed or left stays gone, and a node that joins later
 * is a new one with a new index, id and address, so an event still queued for a dead node can never reach another.
 *
 * <p>{@code SimNode node = simulation.startNode(); simulation.publish(node);}
 */
final class SimNode implements Actions {

    /** Where a node is in its life. */
    enum Status { CREATED, RUNNING, CRASHED, LEFT }

    final int index;
    final long id;
    final PeerAddress address;
    final MeshProtocol protocol;

    private final Simulation simulation;

    Status status = Status.CREATED;
    /** Virtual time the node started, or -1. */
    long startedAt = -1;
    /** Virtual time the node crashed or left, or {@link Long#MAX_VALUE}. */
    long stoppedAt = Long.MAX_VALUE;
    /** Neighbours, counted from the protocol's NeighbourUp and NeighbourDown events. */
    int neighbours;
    /** Messages the dissemination strategy reported as lost. */
    long lostMessages;
    /** This node's last publish sequence number. */
    long sequence;

    private int[] ends = new int[8];
    private int endCount;

    SimNode(Simulation simulation, int index, long id, PeerAddress address) {
        this.simulation = simulation;
        this.index = index;
        this.id = id;
        this.address = address;
        SimConfig config = simulation.config;
        this.protocol = new MeshProtocol(config.settings, id, address, simulation.key,
                new Random(config.seed ^ index), this, config.dissemination);
    }

    boolean running() {
        return status == Status.RUNNING;
    }

    /** Whether the node was up when a message went out at {@code time}. */
    boolean liveAt(long time) {
        return startedAt >= 0 && startedAt <= time && stoppedAt > time;
    }

    /** The protocol's own view of the node: neighbours and counters. */
    NodeState state() {
        return protocol.state(running(), 0, 0, 0);
    }

    // ---- link ends this node holds open -----------------------------------------------------------------------

    void addEnd(int end) {
        if (endCount == ends.length) {
            ends = Arrays.copyOf(ends, endCount * 2);
        }
        ends[endCount++] = end;
    }

    void removeEnd(int end) {
        for (int i = 0; i < endCount; i++) {
            if (ends[i] == end) {
                ends[i] = ends[--endCount];
                return;
            }
        }
    }

    /** A copy of the ends this node still holds: the caller may change them. */
    int[] ends() {
        return Arrays.copyOf(ends, endCount);
    }

    // ---- Actions ----------------------------------------------------------------------------------------------

    @Override
    public void send(long link, Frame frame) {
        if (frame instanceof Frame.Data data) {
            simulation.broadcasts.payloadSent(data);
        }
        simulation.network.send(this, link, frame);
    }

    @Override
    public void deliver(MeshMessage message) {
        simulation.delivered(this, message);
    }

    @Override
    public void close(long link) {
        simulation.network.close(this, link);
    }

    @Override
    public void dial(PeerAddress address) {
        simulation.network.dial(this, address);
    }

    @Override
    public void schedule(Timer timer, long delayMillis) {
        simulation.schedule(this, timer, delayMillis);
    }

    @Override
    public void resolve(int maxAddresses) {
        simulation.resolve(this, maxAddresses);
    }

    @Override
    public void event(MeshEvent event) {
        if (event instanceof MeshEvent.NeighbourUp) {
            neighbours++;
        }
        else if (event instanceof MeshEvent.NeighbourDown) {
            neighbours--;
        }
        else if (event instanceof MeshEvent.MessageLost) {
            lostMessages++;
        }
        simulation.event(this, event);
    }

    @Override
    public String toString() {
        return "node #" + index + " " + NodeId.format(id) + "@" + address + " " + status;
    }
}
