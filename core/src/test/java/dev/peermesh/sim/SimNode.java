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

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Random;

/**
 * One simulated node: a real {@link MeshProtocol} and the {@link Actions} that hand what it asks for to the
 * {@link Simulation}. Nodes are never reused: a node that crashed or left stays gone, and a node that joins later
 * is a new one with a new index, id and address, so an event still queued for a dead node can never reach another.
 *
 * <p>With a {@link SimConfig#serviceMillis service time}, the node reads what arrives one frame at a time, in arrival
 * order, from an inbox: a frame is handed to the protocol when the node gets to it, and keeps the node busy for the
 * service time after that, so a frame that arrives meanwhile waits. Closes queue behind the frames before them and
 * cost nothing. Timers, dials and publishes do not wait: they model the protocol thread's other work as free.
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
    /** Neighbors, counted from the protocol's NeighborUp and NeighborDown events. */
    int neighbors;
    /** Messages the dissemination strategy reported as lost. */
    long lostMessages;
    /** This node's last publish sequence number. */
    long sequence;

    /** Answers of {@link #congested} that were yes: payloads the protocol may have kept off a link. */
    long congestedAnswers;
    /** Frames read through the inbox, with a service time. */
    long framesRead;
    /** The end of the frame the protocol is reading now, or 0. */
    int reading;

    private int[] ends = new int[8];
    private int endCount;

    /** Frames (and closes, with a null frame) that arrived and wait for the node, with a service time. */
    private final ArrayDeque<Inbound> inbox = new ArrayDeque<>();
    /** The instant (ms, with fractions) the node is done with the frames it read so far. */
    private double busyUntil;
    /** Whether a {@link Simulation#PROCESS} event for this node is queued. */
    private boolean processing;

    private record Inbound(int end, Frame frame) {
    }

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

    /** The protocol's own view of the node: neighbors and counters. */
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

    // ---- reading, with a service time -------------------------------------------------------------------------

    /** A frame, or a close ({@code frame == null}), reached this node's end {@code end}: read it in turn. */
    void arrive(int end, Frame frame) {
        inbox.add(new Inbound(end, frame));
        if (!processing) {
            process();
        }
    }

    /**
     * Reads what waits, one frame at a time, while the node is free within the current millisecond; when it is busy
     * past it, comes back at the millisecond it is free.
     */
    void process() {
        processing = false;
        long now = simulation.now();
        double service = simulation.config.serviceMillis;
        while (!inbox.isEmpty()) {
            if (busyUntil >= now + 1) {
                processing = true;
                simulation.processLater(this, (long) busyUntil);
                return;
            }
            Inbound next = inbox.poll();
            if (next.frame() == null) {
                simulation.network.onClosed(this, next.end());
            }
            else {
                busyUntil = Math.max(busyUntil, now) + service;
                framesRead++;
                simulation.network.onFrame(this, next.end(), next.frame());
            }
        }
    }

    /** Frames waiting for the node to read them. */
    int waiting() {
        return inbox.size();
    }

    // ---- Actions ----------------------------------------------------------------------------------------------

    @Override
    public void send(long link, Frame frame) {
        if (frame instanceof Frame.Data data) {
            simulation.broadcasts.payloadSent(data);
        }
        if (simulation.trace != null) {
            simulation.trace.sent(this, link, frame);
        }
        simulation.network.send(this, link, frame);
    }

    @Override
    public void deliver(MeshMessage message) {
        if (simulation.trace != null) {
            simulation.trace.delivered(this, message, reading);
        }
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
    public long now() {
        return simulation.now();
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
    public long queuedBytes(long link) {
        return simulation.network.queuedBytes(this, link);
    }

    @Override
    public boolean congested(long link) {
        boolean congested = simulation.network.congested(this, link);
        if (congested) {
            congestedAnswers++;
        }
        return congested;
    }

    @Override
    public void event(MeshEvent event) {
        if (event instanceof MeshEvent.NeighborUp) {
            neighbors++;
        }
        else if (event instanceof MeshEvent.NeighborDown) {
            neighbors--;
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
