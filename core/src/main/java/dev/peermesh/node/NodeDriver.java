package dev.peermesh.node;

import dev.peermesh.MeshMessage;
import dev.peermesh.MeshNode;
import dev.peermesh.MeshSettings;
import dev.peermesh.Neighbour;
import dev.peermesh.NodeId;
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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

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

    /** Neighbours coming and going, and a node left alone: what an operator reads, under the node's own name. */
    private static final Logger membership = LoggerFactory.getLogger(MeshNode.class);

    /** How often, at most, a node looks whether it has been alone too long. */
    private static final Duration ISOLATION_CHECK = Duration.ofSeconds(1);

    private final PeersTried peersTried = new PeersTried();

    private volatile Isolation isolation;

    private volatile Future<?> isolationCheck;

    /** Resolver requests made, and how the last one ended; for the isolation warning. */
    private long resolves;

    private String lastAnswer = "not asked yet";

    private NettyTransport transport;

    private final PeerResolver resolver;

    private final ExecutorService resolverThread;

    private final Deliveries deliveries;

    private final PublishQueue publishes;

    private final String meshId;

    private MeshProtocol protocol;

    /** Whether links stopped being read because subscribers fell behind ({@link Deliveries#checkBackedUp()}). */
    private boolean readsPaused;

    /** Dissemination timers that fired while reads were paused; bounded by the timers the protocol had set. */
    private final List<DeferredTimer> deferred = new ArrayList<>();

    /** Whether a batch is open: frames written but not flushed, or deliveries not yet handed over. */
    private boolean batchOpen;

    /** The neighbour with the smallest maximum message size, for publishers on any thread; null without any. */
    private volatile NeighborLimit smallestNeighborLimit;

    NodeDriver(PeerResolver resolver, ExecutorService resolverThread, Deliveries deliveries, PublishQueue publishes,
            String meshId) {
        this.resolver = resolver;
        this.publishes = publishes;
        this.resolverThread = resolverThread;
        this.deliveries = deliveries;
        this.meshId = meshId;
    }

    void attach(NettyTransport transport) {
        this.transport = transport;
        this.readsPaused = false;
        deferred.clear();
        deliveries.onCaughtUp(() -> {
            try {
                transport.loop().execute(this::caughtUp);
            }
            catch (RejectedExecutionException ex) {
                // the node is stopping
            }
        });
    }

    void attach(MeshProtocol protocol) {
        this.protocol = protocol;
        this.smallestNeighborLimit = null;
    }

    /** The neighbour with the smallest maximum message size, or {@code null} without neighbours. Any thread. */
    NeighborLimit smallestNeighborLimit() {
        return smallestNeighborLimit;
    }

    // ---- LinkEvents: transport → protocol ---------------------------------------------------------------------

    @Override
    public void onLinkOpened(long link, PeerAddress dialled, String remoteHost) {
        protocol.onLinkOpened(link, dialled, remoteHost);
    }

    @Override
    public void onTlsFailure(long link, String cause) {
        protocol.onTlsFailure(link, cause);
    }

    @Override
    public void onDialFailed(PeerAddress address, String cause) {
        log.debug("Could not dial {}: {}", address, cause);
        peersTried.failed(address, "no TCP connection: " + cause);
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
        publishes.resume();
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
        peersTried.failed(dialled, "handshake failed (" + reason.name().toLowerCase(Locale.ROOT).replace('_', '-')
                + "): " + detail);
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
    public long queuedBytes(long link) {
        return transport.queuedBytes(link);
    }

    @Override
    public void smallestNeighborLimit(NeighborLimit smallest) {
        this.smallestNeighborLimit = smallest;
    }

    @Override
    public void dial(PeerAddress address) {
        peersTried.dialled(address);
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
     * While links are not read, dissemination timers wait and start again with their full delay once reading resumes:
     * a message announced before the pause is not missing, only unread, and pulling it or giving it up as lost would
     * be wrong.
     */
    private void fire(Timer timer, long delayMillis) {
        if (readsPaused && timer.kind() == Timer.Kind.DISSEMINATION) {
            deferred.add(new DeferredTimer(timer, delayMillis));
        }
        else {
            protocol.onTimer(timer);
        }
    }

    private record DeferredTimer(Timer timer, long delayMillis) {
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
                log.warn("Resolver {} failed to resolve mesh '{}': {}; retrying on the next maintenance tick",
                        resolver.getClass().getSimpleName(), meshId, ex.toString());
                found = List.of();
                outcome = "failed: " + ex;
            }
            List<PeerAddress> answer = List.copyOf(found);
            String said = outcome;
            onLoop(() -> {
                answered(said);
                protocol.onResolved(answer);
            });
        });
    }

    @Override
    public void deliver(MeshMessage message) {
        deliveries.deliver(message);
        openBatch();
    }

    private void answered(String answer) {
        resolves++;
        lastAnswer = answer;
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

    /** Neighbours up and down at INFO, and whether the node is alone, for the isolation warning. */
    private void logMembership(MeshEvent event) {
        if (event instanceof MeshEvent.NeighbourUp up) {
            Neighbour neighbour = up.neighbour();
            peersTried.linked(neighbour.address());
            membership.info("Mesh '{}': neighbor {} at {} is up ({})", meshId, NodeId.format(neighbour.nodeId()),
                    PeerText.escape(neighbour.address()), neighbour.outbound() ? "this node dialled it"
                            : "it dialled this node");
        }
        else if (event instanceof MeshEvent.NeighbourDown down) {
            Neighbour neighbour = down.neighbour(); // its detail was escaped where the peer's text entered
            membership.info("Mesh '{}': neighbor {} at {} is down ({}): {}", meshId,
                    NodeId.format(neighbour.nodeId()), PeerText.escape(neighbour.address()),
                    down.reason().name().toLowerCase(Locale.ROOT).replace('_', '-'), down.detail());
        }
        else if (event instanceof MeshEvent.Online && isolation != null) {
            isolation.online();
        }
        else if (event instanceof MeshEvent.Offline && isolation != null) {
            isolation.alone();
        }
    }

    // ---- isolation: a node alone says so ----------------------------------------------------------------------

    /** The node started, alone: warn when it stays so longer than {@code warnAfter}. Call on the loop. */
    void watchIsolation(Duration warnAfter) {
        isolation = new Isolation(warnAfter, Clock.systemUTC());
        isolation.started();
        long period = Math.max(1, Math.min(warnAfter.toMillis(), ISOLATION_CHECK.toMillis()));
        try {
            isolationCheck = transport.loop().scheduleAtFixedRate(this::checkIsolation, period, period,
                    TimeUnit.MILLISECONDS);
        }
        catch (RejectedExecutionException ex) {
            log.trace("Isolation check not scheduled: the node is shutting down");
        }
    }

    /** The node is stopping: it is neither alone nor worth a warning any more. */
    void stopWatching() {
        Future<?> check = isolationCheck;
        if (check != null) {
            check.cancel(false);
        }
        Isolation watched = isolation;
        if (watched != null) {
            watched.stopped();
        }
    }

    /** Since when the running node has had no neighbour, or {@code null}. Any thread. */
    Instant isolatedSince() {
        Isolation watched = isolation;
        return watched == null ? null : watched.since();
    }

    private void checkIsolation() {
        Duration alone = isolation.warningDue();
        if (alone == null) {
            return;
        }
        membership.warn("Mesh '{}': this node has had no neighbor for {} s. Resolver {} was asked {} times, last"
                + " answer: {}. Peers tried: {}. Check that those peers run and are reachable from here, that"
                + " peermesh.mesh-id and peermesh.password are the same on every node, and the resolver settings"
                + " (peermesh.resolver.*); the first node of a mesh is alone until another joins.", meshId,
                String.format(Locale.ROOT, "%.1f", alone.toMillis() / 1000.0), PeerText.escape(resolver), resolves,
                PeerText.escape(lastAnswer, 1024),
                peersTried.describe());
    }

    /** Rejections come from peers, as often as they like: at most a line every few seconds. */
    private void logRejected(MeshEvent.MessageRejected rejected) {
        if (rejected.forged()) {
            rejections.warn("forged-message",
                    "Mesh '{}': dropped a forged message or key from neighbour {} at {} and closed the link: {}",
                    meshId, NodeId.format(rejected.from().nodeId()), rejected.from().address(), rejected.detail());
        }
        else {
            rejections.warn("unknown-origin",
                    "Mesh '{}': dropped a signed message from neighbour {} that could not be checked: {}",
                    meshId, NodeId.format(rejected.from().nodeId()), rejected.detail());
        }
    }

    /** Held back from a neighbour with a smaller limit: as often as such messages come, so a line every few seconds. */
    private void logTooLarge(MeshEvent.MessageTooLargeForNeighbor tooLarge) {
        rejections.warn("too-large-for-neighbor", "Mesh '{}': did not send message {} of {} bytes to neighbour {}"
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
        if (!readsPaused && deliveries.checkBackedUp()) {
            readsPaused = true;
            transport.pauseReading();
            protocol.onReadsPaused(true);
        }
    }

    /** On the loop, once subscribers caught up with a backlog: read the links and take publishes again. */
    private void caughtUp() {
        deliveries.flush(); // what waited on the loop goes first
        if (readsPaused && !deliveries.checkBackedUp()) {
            readsPaused = false;
            transport.resumeReading();
            protocol.onReadsPaused(false);
            publishes.resume();
            List<DeferredTimer> timers = List.copyOf(deferred);
            deferred.clear();
            timers.forEach(t -> schedule(t.timer(), t.delayMillis()));
        }
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
