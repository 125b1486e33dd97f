package dev.peermesh.node;

import dev.peermesh.MeshListener;
import dev.peermesh.MeshMessage;
import dev.peermesh.MeshNode;
import dev.peermesh.MeshSettings;
import dev.peermesh.MeshTls;
import dev.peermesh.MessageId;
import dev.peermesh.NodeId;
import dev.peermesh.NodeState;
import dev.peermesh.PeerAddress;
import dev.peermesh.PropagationFilter;
import dev.peermesh.PublishResult;
import dev.peermesh.Subscription;
import dev.peermesh.TopicFilter;
import dev.peermesh.dissemination.Disseminations;
import dev.peermesh.log.PeerText;
import dev.peermesh.protocol.MeshProtocol;
import dev.peermesh.protocol.link.MeshKey;
import dev.peermesh.resolver.PeerRegistration;
import dev.peermesh.resolver.PeerResolver;
import dev.peermesh.security.OriginIdentity;
import dev.peermesh.security.OriginKeys;
import dev.peermesh.security.SigningKey;
import dev.peermesh.security.TrustPolicy;
import dev.peermesh.transport.NettyTransport;
import dev.peermesh.wire.Frame;
import io.netty.channel.Channel;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What runs a {@link MeshNode}: its threads (the transport's event loop, the resolver thread, the delivery thread),
 * the protocol they drive, and the lifecycle that starts and stops them. {@code MeshNode} is the API over it; this
 * class is internal, with no compatibility promise.
 */
public final class NodeRuntime {

    private static final Logger log = LoggerFactory.getLogger(MeshNode.class);

    private static final long STATE_TIMEOUT_MILLIS = 5_000;

    private enum Status {
        NEW, RUNNING, STOPPED
    }

    private final MeshSettings settings;
    private final long nodeId;
    private final PeerResolver resolver;
    private final PropagationFilter filter;
    private final @Nullable MeshTls tls;
    private final @Nullable OriginIdentity identity;

    /** The verifier of the running node, which keeps its seals; set at each start, used on the loop. */
    private volatile OriginKeys originKeys;
    private final TrustPolicy trust;
    private final @Nullable Consumer<Channel> linkExtension;
    private final Deliveries deliveries;
    private final PublishQueue publishes;
    private final Publisher publisher;

    private volatile Status status = Status.NEW;
    private volatile @Nullable PeerAddress address;
    private volatile @Nullable NodeState finalState;

    private final Requests requests;

    private final NeighborWaits neighborWaits = new NeighborWaits();

    private NettyTransport transport;
    private NodeDriver driver;
    private ScheduledExecutorService resolverThread;
    private PeerRegistration registration;

    /**
     * A runtime for a new node, not yet started; its id is random, or derived from {@code signingKey}.
     *
     * @param tls the links' TLS, or {@code null} for plain TCP
     * @param signingKey the key the node signs its messages with, or {@code null} when it does not sign
     * @param linkExtension called with every new link's channel (tests), or {@code null}
     * @throws IllegalStateException when the node verifies signatures but has no key to sign its own
     */
    public NodeRuntime(MeshSettings settings, PeerResolver resolver, PropagationFilter filter, @Nullable MeshTls tls,
            @Nullable SigningKey signingKey, TrustPolicy trust, @Nullable Consumer<Channel> linkExtension) {
        if (trust.verifiesMessages() && signingKey == null) {
            throw new IllegalStateException("A node that verifies its peers' signatures (" + trust
                    + ") must sign its own messages too, or its peers refuse them: give it a signing key");
        }
        this.settings = settings;
        this.identity = signingKey == null ? null : OriginIdentity.create(signingKey, new SecureRandom());
        this.nodeId = identity != null ? identity.nodeId() : NodeId.random(new SecureRandom());
        this.resolver = resolver;
        this.filter = filter;
        this.tls = tls;
        this.trust = trust;
        this.linkExtension = linkExtension;
        this.requests = new Requests(nodeId, settings.limits().maxPendingRequests(), new SecureRandom().nextLong(),
                this::publishAsync, this::address);
        this.deliveries = new Deliveries(NodeId.format(nodeId), settings.limits().maxPendingDeliveries(),
                requests::replyArrived, requests::beforeSubscribers);
        this.publishes = new PublishQueue(NodeId.format(nodeId), settings.limits().maxPendingPublishes(),
                settings.limits().maxPendingPublishBytes(), signer(), sealer(), settings.seals());
        this.publisher = new Publisher(NodeId.format(nodeId), nodeId, settings, publishes,
                identity == null ? 0 : identity.key().maxSignatureLength(), this::isRunning,
                () -> driver.smallestNeighborLimit());
    }

    /**
     * Digests each publish of a signing node as it is numbered, for the seal of its run (or signs it, when seals are
     * off); nothing for the others.
     */
    private PublishQueue.Signer signer() {
        if (identity == null) {
            return PublishQueue.UNSIGNED;
        }
        String meshId = settings.meshId();
        if (settings.seals().enabled()) {
            return (sequence, topic, headers, payload, hopLimit) -> identity.digest(meshId, sequence, hopLimit, topic,
                    headers, payload);
        }
        return (sequence, topic, headers, payload, hopLimit) -> identity.sign(meshId, sequence, hopLimit, topic,
                headers, payload);
    }

    /**
     * Seals each run of a signing node's publishes, or a group of runs at once, on the loop; none when it does not
     * sign or seal.
     */
    private PublishQueue.@Nullable Sealer sealer() {
        if (identity == null || !settings.seals().enabled()) {
            return null;
        }
        String meshId = settings.meshId();
        return new PublishQueue.Sealer() {
            @Override
            public void seal(long first, byte[]... runs) {
                for (Frame.Seal seal : identity.seal(meshId, first, runs)) {
                    originKeys.sealed(seal);
                }
            }

            @Override
            public int sealersHeard() {
                return originKeys.sealersHeard();
            }
        };
    }

    /** Starts the node; see {@link MeshNode#start()}. */
    public synchronized void start() {
        if (status == Status.RUNNING) {
            return;
        }
        deliveries.restart();
        MeshKey key = MeshKey.derive(settings.meshId(), settings.password());
        String name = NodeId.format(nodeId).substring(0, 8);
        resolverThread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "peermesh-resolver-" + name);
            thread.setDaemon(true);
            return thread;
        });
        driver = new NodeDriver(resolver, resolverThread, deliveries, publishes, settings.meshId(), neighborWaits);
        try {
            transport = new NettyTransport(name, settings.frameLimits(), new NettyTransport.Options(
                    settings.connectTimeout().compareTo(settings.handshakeTimeout()) < 0 ? settings.connectTimeout()
                            : settings.handshakeTimeout(), settings.limits().maxLinkBacklogBytes(),
                    settings.limits().linkHighWaterBytes(), settings.leaveTimeout(),
                    settings.limits().socketSendBufferBytes(), settings.limits().socketReceiveBufferBytes()), driver,
                    tls);
        }
        catch (RuntimeException ex) {
            resolverThread.shutdownNow();
            throw ex;
        }
        driver.attach(transport);
        if (linkExtension != null) {
            transport.extendLinks(linkExtension);
        }
        InetSocketAddress bound;
        try {
            bound = transport.bind(settings.bindAddress(), settings.port());
        }
        catch (Exception ex) {
            transport.shutdown();
            resolverThread.shutdownNow();
            throw new IllegalStateException("Node could not listen on " + settings.bindAddress() + ":" + settings.port()
                    + " (" + ex.getMessage() + "); choose another peermesh.port or peermesh.bind-address "
                    + "(MeshSettings.Builder.port, bindAddress)", ex);
        }
        address = new PeerAddress(AdvertisedAddress.host(settings, bound.getAddress()),
                settings.advertisedPort() != 0 ? settings.advertisedPort() : bound.getPort());
        // Every node keeps and passes on origins' keys, so signed messages can cross nodes that do not verify.
        originKeys = new OriginKeys(settings.meshId(), trust, settings.duplicateCache().origins(), identity,
                settings.limits().maxSealBytes());
        driver.attach(new MeshProtocol(settings, nodeId, address, key, new SecureRandom(), driver,
                Disseminations.of(settings, filter), originKeys));
        onLoop(() -> {
            driver.isolation().watch(transport.loop(), settings.isolationWarning());
            driver.start();
            transport.accept();
            return null;
        });
        finalState = null;
        status = Status.RUNNING;
        registration = new PeerRegistration(settings.meshId(), nodeId, address);
        driver.register(registration);
        long refresh = settings.resolver().refreshInterval().toMillis();
        resolverThread.scheduleWithFixedDelay(() -> driver.refresh(registration), refresh, refresh,
                TimeUnit.MILLISECONDS);
        log.info("Mesh node {} of mesh '{}' listening on {}, advertising {}", NodeId.format(nodeId),
                PeerText.escape(settings.meshId()), bound, PeerText.escape(address));
    }

    /** Leaves the mesh gracefully; see {@link MeshNode#stop()}. */
    public synchronized void stop() {
        if (status != Status.RUNNING) {
            status = Status.STOPPED;
            return;
        }
        long timeout = settings.leaveTimeout().toMillis();
        driver.isolation().stop();
        try {
            onLoop(() -> {
                driver.leave();
                return null;
            });
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
            while (!onLoop(transport::idle) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            driver.unregister(registration);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        catch (RuntimeException ex) {
            log.warn("Node {} did not leave cleanly: {}", NodeId.format(nodeId), ex.toString());
        }
        halt(timeout);
        log.info("Mesh node {} left mesh '{}'", NodeId.format(nodeId), PeerText.escape(settings.meshId()));
    }

    /** Stops at once: closes every link and the port without telling anyone, like a crash. Idempotent. */
    public synchronized void abort() {
        if (status != Status.RUNNING) {
            status = Status.STOPPED;
            return;
        }
        driver.isolation().stop();
        try {
            onLoop(() -> {
                transport.abort();
                return null;
            });
        }
        catch (RuntimeException ex) {
            log.debug("Abort of node {}: {}", NodeId.format(nodeId), ex.toString());
        }
        halt(0);
    }

    private void halt(long timeout) {
        requests.stopped();
        neighborWaits.stopped("Node " + NodeId.format(nodeId) + " stopped");
        NodeState last;
        try {
            last = onLoop(() -> snapshot(false));
        }
        catch (RuntimeException ex) {
            last = NodeState.stopped(nodeId, settings.meshId(), address);
        }
        finalState = last;
        status = Status.STOPPED;
        publishes.close(); // publishers waiting for the node give up
        resolverThread.shutdown();
        try {
            resolverThread.awaitTermination(timeout, TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        resolverThread.shutdownNow();
        try {
            // after abort(), or a graceful unregister that could not finish: let the registration lapse
            resolver.abandon(registration);
        }
        catch (RuntimeException ex) {
            log.debug("Resolver of node {} could not abandon its registration: {}", NodeId.format(nodeId),
                    ex.toString());
        }
        transport.shutdown();
        deliveries.shutdown(timeout);
    }

    /** Whether the node is started and not stopped. */
    public boolean isRunning() {
        return status == Status.RUNNING;
    }

    /** Publishes, waiting at most {@code timeout} while publishes are held; see {@link MeshNode#publish}. */
    public long publish(Outgoing message, Duration timeout) {
        return publisher.publish(message, timeout);
    }

    /** Publishes if the node takes the message now; see {@link MeshNode#tryPublish}. */
    public PublishResult tryPublish(Outgoing message) {
        return publisher.tryPublish(message);
    }

    /** Publishes without blocking; see {@link MeshNode#publishAsync}. */
    public CompletableFuture<MessageId> publishAsync(Outgoing message) {
        return publisher.publishAsync(message);
    }

    /** The requests this node waits on; see {@link MeshNode#request}. */
    public Requests requests() {
        return requests;
    }

    /** Subscribes {@code handler} to the topics {@code filter} matches. */
    public Subscription subscribe(TopicFilter filter, Consumer<MeshMessage> handler) {
        return deliveries.subscribe(filter, handler);
    }

    /** Adds a listener for online/offline and neighbor changes. */
    public void addListener(MeshListener listener) {
        deliveries.addListener(listener);
    }

    /** Removes a listener. */
    public void removeListener(MeshListener listener) {
        deliveries.removeListener(listener);
    }

    /** This node's id. */
    public long nodeId() {
        return nodeId;
    }

    /** The key this node signs its messages with, or {@code null} when it does not sign. */
    public @Nullable SigningKey signingKey() {
        return identity == null ? null : identity.key();
    }

    /** Whose messages this node accepts. */
    public TrustPolicy trust() {
        return trust;
    }

    /** The settings this node was built with. */
    public MeshSettings settings() {
        return settings;
    }

    /** The address this node advertises, or {@code null} before it started. */
    public @Nullable PeerAddress address() {
        return address;
    }

    /** Since when this running node has had no neighbor, or {@code null}; see {@link MeshNode#isolatedSince()}. */
    public @Nullable Instant isolatedSince() {
        NodeDriver current = driver;
        return status != Status.RUNNING || current == null ? null : current.isolation().since();
    }

    /** A wait for a first neighbor; see {@link dev.peermesh.MeshNode#whenOnline()}. */
    public CompletableFuture<Void> whenOnline() {
        if (status != Status.RUNNING) {
            return CompletableFuture.failedFuture(new IllegalStateException("Node " + NodeId.format(nodeId)
                    + " is not running"));
        }
        CompletableFuture<Void> wait = neighborWaits.await(this::neighborCount);
        if (status != Status.RUNNING) { // it stopped meanwhile, maybe before halt() ended the waits
            wait.completeExceptionally(new IllegalStateException("Node " + NodeId.format(nodeId) + " stopped"));
        }
        return wait;
    }

    /** How many neighbors this running node has now (0 when it is not running); cheap, from any thread. */
    public int neighborCount() {
        NodeDriver current = driver;
        return status != Status.RUNNING || current == null ? 0 : current.neighborCount();
    }

    /** A snapshot of this node: neighbors and counters. */
    public NodeState state() {
        if (status != Status.RUNNING) {
            NodeState last = finalState;
            return last != null ? last : NodeState.stopped(nodeId, settings.meshId(), address);
        }
        try {
            return onLoop(() -> snapshot(true));
        }
        catch (RuntimeException ex) {
            NodeState last = finalState;
            if (last != null) {
                return last;
            }
            throw ex;
        }
    }

    private NodeState snapshot(boolean running) {
        NodeState state = driver.state(running, deliveries.overflows(), transport.bytesIn(), transport.bytesOut());
        return new NodeState(state.nodeId(), state.meshId(), state.address(), state.running(), state.neighbors(),
                state.counters().withRequests(requests.counters()));
    }

    private <T> T onLoop(Callable<T> task) {
        if (transport.loop().inEventLoop()) {
            try {
                return task.call();
            }
            catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        }
        try {
            return transport.loop().submit(task).get(STATE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for node " + NodeId.format(nodeId), ex);
        }
        catch (ExecutionException | TimeoutException | RejectedExecutionException ex) {
            throw new IllegalStateException("Node " + NodeId.format(nodeId) + " did not answer: " + ex, ex);
        }
    }
}
