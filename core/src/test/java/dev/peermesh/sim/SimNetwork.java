package dev.peermesh.sim;

import dev.peermesh.PeerAddress;
import dev.peermesh.wire.Frame;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The simulated TCP network: dials, links and frames between {@link SimNode}s, with a latency per dial, frame and
 * close. A link has two ends, {@code 2k} and {@code 2k + 1}, and an end's id is the link id its node's protocol sees;
 * per-end state lives in arrays indexed by end id, so a frame costs one queued event and no map look-up. An end's
 * owner, state and last arrival sit side by side with its peer end's in one array ({@link #ends}): a frame sent
 * reads and writes one place in memory, not three (at 10,000 nodes each is a cache miss).
 *
 * <p>What it promises, as TCP does: frames on one link direction arrive in the order sent (a frame is due no earlier
 * than the one before it on the same direction); a close reaches the peer after every frame sent before it; a node
 * that closed or lost a link reads nothing more from it; a dial to an address where no node runs fails.
 *
 * <p>With a finite {@link SimConfig#bandwidthBytesPerMilli bandwidth}, each link direction is a send queue drained at
 * that rate: a frame of {@code n} bytes (its encoded length, {@link FrameSizes}) starts when the frames before it
 * are sent, takes {@code n / bandwidth} ms, then the latency. The queue is kept as the instant its last byte is sent,
 * so the bytes still queued are {@code (that instant − now) × bandwidth}, and a link with more queued than the
 * high-water mark is {@link #congested}. Event times are whole milliseconds: a frame arrives at the millisecond its
 * last byte was sent, rounded down, plus the latency; the queue itself keeps fractions.
 *
 * <p>{@code network.dial(node, address); ... network.send(node, link, frame);}
 */
final class SimNetwork {

    private static final int OPEN = 0;
    /** This end's node closed it (or crashed): it reads nothing more, and is told {@code onLinkClosed} soon. */
    private static final int CLOSING = 1;
    /** This end's node was told the link closed, or is dead. */
    private static final int NOTIFIED = 2;

    private final Simulation simulation;
    private final EventQueue queue;
    private final SplittableRandom random;
    private final SimConfig config;
    private final Map<PeerAddress, SimNode> byAddress = new HashMap<>();
    private final FrameSizes sizes = new FrameSizes();

    /**
     * Two longs per end, by end id: the owner's node index with the end's state above it ({@code index | state <<
     * 32}), then the instant the last frame or close sent to it arrives.
     */
    private long[] ends = new long[2 << 12];
    /** Per sending end, with a finite bandwidth: the instant (ms) its send queue will be empty. */
    private double[] sentBy = new double[1 << 12];
    /** Per sending end, with a finite bandwidth: bytes sent on it so far. */
    private long[] bytesSent = new long[1 << 12];
    private int nextEnd = 2;

    private long framesDropped;
    private long framesLost;
    private long dialsFailed;
    private long maxBacklogBytes;

    SimNetwork(Simulation simulation, EventQueue queue, SplittableRandom random) {
        this.simulation = simulation;
        this.queue = queue;
        this.random = random;
        this.config = simulation.config;
    }

    /** Makes a node reachable at its address (once it runs). */
    void attach(SimNode node) {
        byAddress.put(node.address, node);
    }

    /** A one-way latency drawn from the configured range. */
    int latency() {
        int min = config.minLatencyMillis;
        int max = config.maxLatencyMillis;
        return min == max ? min : min + random.nextInt(max - min + 1);
    }

    // ---- what nodes ask for -----------------------------------------------------------------------------------

    void dial(SimNode from, PeerAddress address) {
        queue.add(queue.now() + latency(), Simulation.CONNECT, from.index, 0, address);
    }

    void send(SimNode from, long link, Frame frame) {
        int end = (int) link;
        simulation.traffic.sent(frame);
        if (owner(end) != from.index || state(end) != OPEN) {
            framesDropped++; // written to a link this node already closed: the socket is gone
            return;
        }
        if (config.lossProbability > 0 && config.lossy.test(frame) && random.nextDouble() < config.lossProbability) {
            framesLost++;
            return;
        }
        long sent = config.limitsBandwidth() ? transmit(end, sizes.length(frame)) : queue.now();
        int peer = end ^ 1;
        queue.add(arrival(peer, sent), Simulation.FRAME, owner(peer), peer, frame);
    }

    /**
     * Whether more than the high-water mark is queued on this node's end of the link: what the production transport
     * answers when the channel is not writable.
     */
    boolean congested(SimNode from, long link) {
        int end = (int) link;
        return owner(end) == from.index && backlogBytes(end) > config.highWaterBytes;
    }

    /** Bytes queued on this node's end of the link, not yet sent; 0 with infinite bandwidth. */
    long queuedBytes(SimNode from, long link) {
        int end = (int) link;
        return owner(end) == from.index ? (long) backlogBytes(end) : 0;
    }

    /** Bytes queued on this end's send queue, not yet sent; 0 with infinite bandwidth. */
    double backlogBytes(int end) {
        if (!config.limitsBandwidth()) {
            return 0;
        }
        return Math.max(0, sentBy[end] - queue.now()) * config.bandwidthBytesPerMilli;
    }

    void close(SimNode from, long link) {
        int end = (int) link;
        if (owner(end) != from.index || state(end) != OPEN) {
            return;
        }
        setState(end, CLOSING);
        queue.add(queue.now(), Simulation.CLOSED, from.index, end, null);
        int peer = end ^ 1;
        if (state(peer) != NOTIFIED) { // the close is flushed: it follows what is queued
            long flushed = config.limitsBandwidth() ? transmit(end, 0) : queue.now();
            queue.add(arrival(peer, flushed), Simulation.CLOSED, owner(peer), peer, null);
        }
    }

    /** A dead node's links: each peer end learns of it after a latency, like a TCP reset, after frames in flight. */
    void drop(SimNode node) {
        for (int end : node.ends()) {
            int was = state(end);
            setState(end, NOTIFIED);
            node.removeEnd(end);
            int peer = end ^ 1;
            if (was == OPEN && state(peer) != NOTIFIED) { // a CLOSING end has told its peer already
                queue.add(arrival(peer, queue.now()), Simulation.CLOSED, owner(peer), peer, null);
            }
        }
    }

    // ---- events due -------------------------------------------------------------------------------------------

    void onConnect(SimNode from, PeerAddress address) {
        SimNode target = byAddress.get(address);
        if (target == null || !target.running()) {
            dialsFailed++;
            from.protocol.onDialFailed(address, "connection refused");
            return;
        }
        int out = open(from);
        int in = open(target);
        target.protocol.onLinkOpened(in, null);
        from.protocol.onLinkOpened(out, address);
    }

    void onFrame(SimNode node, int end, Frame frame) {
        if (state(end) == OPEN) {
            node.reading = end;
            node.protocol.onFrame(end, frame);
            node.reading = 0;
        }
    }

    void onClosed(SimNode node, int end) {
        if (state(end) == NOTIFIED) {
            return;
        }
        setState(end, NOTIFIED);
        node.removeEnd(end);
        node.protocol.onLinkClosed(end);
    }

    // ---- counters ---------------------------------------------------------------------------------------------

    /** Frames written to a link their sender had already closed. */
    long framesDropped() {
        return framesDropped;
    }

    /** Frames dropped by the configured loss. */
    long framesLost() {
        return framesLost;
    }

    /** Dials that found no running node. */
    long dialsFailed() {
        return dialsFailed;
    }

    /** The most bytes any send queue held, with a finite bandwidth. */
    long maxBacklogBytes() {
        return maxBacklogBytes;
    }

    /** Bytes sent so far on each end, indexed by end id, with a finite bandwidth. */
    long[] bytesSentByEnd() {
        return Arrays.copyOf(bytesSent, nextEnd);
    }

    /** Link ends made so far. */
    int endsOpened() {
        return nextEnd - 2;
    }

    // ---- internals --------------------------------------------------------------------------------------------

    /**
     * When a frame or close whose last byte left at {@code sent} reaches {@code end}: a latency later, never before
     * what was sent earlier.
     */
    private long arrival(int end, long sent) {
        long at = Math.max(sent + latency(), ends[2 * end + 1]);
        ends[2 * end + 1] = at;
        return at;
    }

    private int owner(int end) {
        return (int) ends[2 * end];
    }

    private int state(int end) {
        return (int) (ends[2 * end] >>> 32);
    }

    private void setState(int end, int state) {
        ends[2 * end] = (ends[2 * end] & 0xFFFF_FFFFL) | (long) state << 32;
    }

    /** Queues {@code bytes} on {@code end}'s send queue; answers the millisecond the last of them is sent. */
    private long transmit(int end, int bytes) {
        double now = queue.now();
        double done = Math.max(sentBy[end], now) + bytes / config.bandwidthBytesPerMilli;
        sentBy[end] = done;
        bytesSent[end] += bytes;
        maxBacklogBytes = Math.max(maxBacklogBytes, (long) ((done - now) * config.bandwidthBytesPerMilli));
        return (long) done;
    }

    private int open(SimNode node) {
        if (nextEnd == sentBy.length) {
            int size = sentBy.length * 2;
            ends = Arrays.copyOf(ends, 2 * size);
            sentBy = Arrays.copyOf(sentBy, size);
            bytesSent = Arrays.copyOf(bytesSent, size);
        }
        int end = nextEnd++;
        ends[2 * end] = node.index; // OPEN
        node.addEnd(end);
        return end;
    }
}
