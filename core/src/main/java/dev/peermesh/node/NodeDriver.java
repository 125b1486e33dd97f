package dev.peermesh.node;

import dev.peermesh.MeshMessage;
import dev.peermesh.MeshNode;
import dev.peermesh.Neighbor;
import dev.peermesh.NodeId;
import dev.peermesh.NodeState;
import dev.peermesh.PeerAddress;
import dev.peermesh.Rejection;
import dev.peermesh.log.PeerText;
import dev.peermesh.log.RateLimitedLog;
import dev.peermesh.protocol.Actions;
import dev.peermesh.protocol.MeshEvent;
import dev.peermesh.protocol.MeshProtocol;
import dev.peermesh.protocol.NeighborLimit;
import dev.peermesh.protocol.Timer;
import dev.peermesh.resolver.PeerRegistration;
import dev.peermesh.resolver.PeerResolver;
import dev.peermesh.transport.LinkEvents;
import dev.peermesh.transport.NettyTransport;
import dev.peermesh.wire.DecodeFailure;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.Reason;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one node's {@link MeshProtocol} with real I/O: link events from the Netty transport go in, the protocol's
 * actions go out to the transport, the resolver (on its own thread) and the delivery thread. Everything that touches
 * the protocol runs on the transport's event loop.
 */
final class NodeDriver implements Actions, LinkEvents {

    private static final Logger log = LoggerFactory.getLogger(NodeDriver.class);

    /** How often one kind of rejection may be logged. */
    private static final Duration REJECTION_LOG_INTERVAL = Duration.ofSeconds(10);

    private final RateLimitedLog rejections = new RateLimitedLog(LoggerFactory.getLogger(Rejection.class),
            REJECTION_LOG_INTERVAL);

    /** Neighbors coming and going, and a node left alone: what an operator reads, under the node's own name. */
    private static final Logger membership = LoggerFactory.getLogger(MeshNode.class);

    private final PeerResolver resolver;
    private final ExecutorService resolverThread;
    private final Deliveries deliveries;
    private final PublishQueue publishes;
    private final String meshId;
    private final FlowControl flow;
    private final IsolationWatch isolation;

    /**
     * A node short of neighbors asks its resolver every maintenance tick: one that keeps failing is logged at most
     * once a minute, with how many failed meanwhile.
     */
    private final RateLimitedLog resolveFailures = new RateLimitedLog(log, Duration.ofMinutes(1));

    /** Neighbors up minus neighbors down, as {@link #logMembership} sees them. */
    private volatile int neighborCount;

    /** Callers waiting for a first neighbor; the runtime's, kept across restarts. */
    private final NeighborWaits neighborWaits;

    private NettyTransport transport;
    private MeshProtocol protocol;

    /** Whether a batch is open: frames written but not flushed, or deliveries not yet handed over. */
    private boolean batchOpen;

    /** The neighbor with the smallest maximum message size, for publishers on any thread; null without any. */
    private volatile @Nullable NeighborLimit smallestNeighborLimit;

    NodeDriver(PeerResolver resolver, ExecutorService resolverThread, Deliveries deliveries, PublishQueue publishes,
            String meshId, NeighborWaits neighborWaits) {
        this.neighborWaits = neighborWaits;
        this.resolver = resolver;
        this.publishes = publishes;
        this.resolverThread = resolverThread;
        this.deliveries = deliveries;
        this.meshId = meshId;
        this.flow = new FlowControl(deliveries, publishes, this::schedule, paused -> protocol.onReadsPaused(paused));
        this.isolation = new IsolationWatch(meshId, resolver, membership);
    }

    void attach(NettyTransport transport) {
        this.transport = transport;
        flow.attach(transport);
    }

    /** Drives {@code protocol} from now on, and hands it the publishes queued from now on. */
    void attach(MeshProtocol protocol) {
        this.protocol = protocol;
        this.smallestNeighborLimit = null;
        publishes.attach(transport.loop(), flow, (sequence, topic, headers, payload, hopLimit, signature) ->
                protocol.publish(sequence, topic, headers, payload, hopLimit, signature));
    }

    /** On the loop: the node starts looking for neighbors. */
    void start() {
        protocol.start();
    }

    /** On the loop: the node leaves, telling its neighbors. */
    void leave() {
        protocol.leave();
    }

    /** On the loop: a snapshot of the node. */
    NodeState state(boolean running, long deliveryOverflows, long bytesIn, long bytesOut) {
        return protocol.state(running, deliveryOverflows, bytesIn, bytesOut);
    }

    /** The neighbor with the smallest maximum message size, or {@code null} without neighbors. Any thread. */
    @Nullable NeighborLimit smallestNeighborLimit() {
        return smallestNeighborLimit;
    }

    // ---- LinkEvents: transport → protocol ---------------------------------------------------------------------

    @Override
    public void onLinkOpened(long link, @Nullable PeerAddress dialled, @Nullable String remoteHost) {
        protocol.onLinkOpened(link, dialled, remoteHost);
    }

    @Override
    public void onTlsFailure(long link, String cause) {
        protocol.onTlsFailure(link, cause);
    }

    @Override
    public void onDialFailed(PeerAddress address, String cause) {
        log.debug("Could not dial {}: {}", address, cause);
        isolation.peers().failed(address, "no TCP connection: " + cause);
        protocol.onDialFailed(address, cause);
    }

    @Override
    public void onFrame(long link, Frame frame) {
        protocol.onFrame(link, frame);
    }

    @Override
    public void onDecodeFailure(long link, DecodeFailure failure) {
        protocol.onDecodeFailure(link, failure);
    }

    @Override
    public void onBacklogOverflow(long link) {
        protocol.onBacklogOverflow(link);
    }

    @Override
    public void onLinkClosed(long link) {
        protocol.onLinkClosed(link);
    }

    @Override
    public void onCongestionCleared() {
        flow.congestionCleared();
    }

    // ---- Actions: protocol → world ----------------------------------------------------------------------------

    @Override
    public void send(long link, Frame frame) {
        transport.send(link, frame);
        openBatch();
    }

    @Override
    public void close(long link) {
        transport.close(link);
    }

    @Override
    public void handshakeFailed(PeerAddress dialled, Reason reason, String detail) {
        String why = reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
        isolation.peers().failed(dialled, "handshake failed (" + why + "): " + detail);
    }

    @Override
    public void rejected(long link, Rejection reason, String detail) {
        rejections.warn(reason.tag(), "Mesh '{}' rejected input from {}: {}", meshId, transport.remoteAddress(link),
                detail); // peer text in a detail was escaped where it entered (LinkHandshake, FrameReader, ...)
    }

    @Override
    public boolean congested(long link) {
        return transport.congested(link);
    }

    @Override
    public void holdPublishes(boolean held) {
        flow.treeHeld(held);
    }

    @Override
    public long queuedBytes(long link) {
        return transport.queuedBytes(link);
    }

    @Override
    public void smallestNeighborLimit(@Nullable NeighborLimit smallest) {
        this.smallestNeighborLimit = smallest;
    }

    @Override
    public void dial(PeerAddress address) {
        isolation.peers().dialled(address);
        transport.dial(address);
    }

    @Override
    public long now() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime()); // monotonic: a wall-clock step must not skew a delay
    }

    @Override
    public void schedule(Timer timer, long delayMillis) {
        try {
            transport.loop().schedule(() -> fire(timer, delayMillis), delayMillis, TimeUnit.MILLISECONDS);
        }
        catch (RejectedExecutionException ex) {
            log.trace("Timer {} not scheduled: the node is shutting down", timer);
        }
    }

    /**
     * While links are not read, dissemination timers wait and start again with their full delay once reading resumes
     * ({@link FlowControl}): a message announced before the pause is not missing, only unread, and pulling it or giving
     * it up as lost would be wrong.
     */
    private void fire(Timer timer, long delayMillis) {
        if (flow.mayFire(timer, delayMillis)) {
            protocol.onTimer(timer);
        }
    }

    @Override
    public void resolve(int maxAddresses) {
        offLoop(() -> {
            List<PeerAddress> found;
            String outcome;
            try {
                found = resolver.resolve(meshId, maxAddresses);
                outcome = found.isEmpty() ? "no peers" : found.size() + (found.size() == 1 ? " peer " : " peers ")
                        + found;
            }
            catch (RuntimeException ex) {
                resolveFailures.warn("resolve", "Resolver {} failed to resolve mesh '{}': {}; retrying on each "
                        + "maintenance tick", resolver.getClass().getSimpleName(), meshId, ex.toString());
                found = List.of();
                outcome = "failed: " + ex;
            }
            List<PeerAddress> answer = List.copyOf(found);
            String said = outcome;
            onLoop(() -> {
                isolation.answered(said);
                protocol.onResolved(answer);
            });
        });
    }

    @Override
    public void deliver(MeshMessage message) {
        deliveries.deliver(message);
        openBatch();
    }

    @Override
    public void event(MeshEvent event) {
        if (event instanceof MeshEvent.MessageRejected rejected) {
            logRejected(rejected);
            return;
        }
        if (event instanceof MeshEvent.MessageTooLargeForNeighbor tooLarge) {
            logTooLarge(tooLarge);
            return;
        }
        logMembership(event);
        deliveries.event(event);
        openBatch();
    }

    /** Neighbors up and down at INFO, and whether the node is alone, for the isolation warning. */
    private void logMembership(MeshEvent event) {
        if (event instanceof MeshEvent.NeighborUp up) {
            neighborCount++; // only this thread writes it
            neighborWaits.arrived();
            Neighbor neighbor = up.neighbor();
            isolation.peers().linked(neighbor.address());
            membership.info("Mesh '{}': neighbor {} at {} is up ({})", meshId, NodeId.format(neighbor.nodeId()),
                    PeerText.escape(neighbor.address()), neighbor.outbound() ? "this node dialled it"
                            : "it dialled this node");
        }
        else if (event instanceof MeshEvent.NeighborDown down) {
            neighborCount--;
            Neighbor neighbor = down.neighbor(); // its detail was escaped where the peer's text entered
            membership.info("Mesh '{}': neighbor {} at {} is down ({}): {}", meshId,
                    NodeId.format(neighbor.nodeId()), PeerText.escape(neighbor.address()),
                    down.reason().name().toLowerCase(Locale.ROOT).replace('_', '-'), down.detail());
        }
        else if (event instanceof MeshEvent.Online) {
            isolation.online();
        }
        else if (event instanceof MeshEvent.Offline) {
            isolation.offline();
        }
    }

    /** How many neighbors the node has now, read from any thread without a hop to the protocol thread. */
    int neighborCount() {
        return neighborCount;
    }

    /** Whether the node has been alone too long, and what it tried meanwhile. */
    IsolationWatch isolation() {
        return isolation;
    }

    /** Rejections come from peers, as often as they like: at most a line every few seconds. */
    private void logRejected(MeshEvent.MessageRejected rejected) {
        if (rejected.forged()) {
            rejections.warn("forged-message",
                    "Mesh '{}': dropped a forged message or key from neighbor {} at {} and closed the link: {}",
                    meshId, NodeId.format(rejected.from().nodeId()), rejected.from().address(), rejected.detail());
        }
        else {
            rejections.warn("unknown-origin",
                    "Mesh '{}': dropped a signed message from neighbor {} that could not be checked: {}",
                    meshId, NodeId.format(rejected.from().nodeId()), rejected.detail());
        }
    }

    /** Held back from a neighbor with a smaller limit: as often as such messages come, so a line every few seconds. */
    private void logTooLarge(MeshEvent.MessageTooLargeForNeighbor tooLarge) {
        rejections.warn("too-large-for-neighbor", "Mesh '{}': did not send message {} of {} bytes to neighbor {}"
                + " at {}, whose maximum message size is {} bytes (this node's is {}); set the same"
                + " peermesh.max-message-size on every node (MeshSettings.Builder.maxMessageSize)", meshId,
                tooLarge.id(), tooLarge.size(),
                NodeId.format(tooLarge.to().nodeId()), PeerText.escape(tooLarge.to().address()),
                tooLarge.neighborLimit(), tooLarge.ownLimit());
    }

    // ---- batching: whatever one turn of the loop produced goes out together ------------------------------------

    /**
     * Called on the loop whenever work is left for the end of the batch. The batch closes in a task queued behind
     * what the loop is doing now — the frames read from every ready link, or a run of publishes — so one flush per
     * link and one hand-over to the delivery thread serve all of it.
     */
    private void openBatch() {
        if (batchOpen) {
            return;
        }
        batchOpen = true;
        try {
            transport.loop().execute(this::closeBatch);
        }
        catch (RejectedExecutionException ex) {
            closeBatch(); // shutting down: do it now
        }
    }

    private void closeBatch() {
        batchOpen = false;
        transport.flush();
        deliveries.flush();
        flow.afterBatch();
    }

    // ---- resolver registration --------------------------------------------------------------------------------

    void register(PeerRegistration registration) {
        offLoop(() -> guarded("register", () -> resolver.register(registration)));
    }

    void refresh(PeerRegistration registration) {
        offLoop(() -> guarded("refresh", () -> resolver.refresh(registration)));
    }

    void unregister(PeerRegistration registration) {
        offLoop(() -> guarded("unregister", () -> resolver.unregister(registration)));
    }

    private void guarded(String what, Runnable call) {
        try {
            call.run();
        }
        catch (RuntimeException ex) {
            log.warn("Resolver {} failed to {} this node in mesh '{}': {}", resolver.getClass().getSimpleName(), what,
                    meshId, ex.toString());
        }
    }

    private void offLoop(Runnable task) {
        try {
            resolverThread.execute(task);
        }
        catch (RejectedExecutionException ex) {
            log.trace("Resolver call skipped: the node is shutting down");
        }
    }

    private void onLoop(Runnable task) {
        try {
            transport.loop().execute(task);
        }
        catch (RejectedExecutionException ex) {
            log.trace("Task skipped: the node is shutting down");
        }
    }
}
