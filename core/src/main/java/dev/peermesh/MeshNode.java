package dev.peermesh;

import dev.peermesh.dissemination.Disseminations;
import dev.peermesh.protocol.link.MeshKey;
import dev.peermesh.protocol.MeshProtocol;
import dev.peermesh.resolver.PeerRegistration;
import dev.peermesh.resolver.PeerResolver;
import dev.peermesh.resolver.StaticPeerResolver;
import dev.peermesh.security.OriginIdentity;
import dev.peermesh.security.OriginKeys;
import dev.peermesh.security.SigningKey;
import dev.peermesh.security.TrustPolicy;
import dev.peermesh.transport.NettyTransport;
import dev.peermesh.wire.FrameLimits;
import dev.peermesh.wire.FrameWriter;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node of a peer-to-peer mesh: it listens for and dials neighbours, authenticates them with the mesh password,
 * keeps between {@code min} and {@code max} of them, and floods the messages it publishes or receives so every
 * member gets each one exactly once.
 *
 * <pre>{@code
 * MeshNode node = MeshNode.builder(MeshSettings.builder("chat").password("s3cret!Pass").build())
 *         .resolver(StaticPeerResolver.of("10.0.0.5:7400"))
 *         .build()
 *         .start();
 * node.subscribe("news", message -> System.out.println(message.text()));
 * node.publish("news", "hello".getBytes(UTF_8), Map.of());
 * node.stop();
 * }</pre>
 *
 * <p>Thread-safe. Subscribers and listeners are called on the node's delivery thread, one at a time.
 */
public final class MeshNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MeshNode.class);

    private static final long STATE_TIMEOUT_MILLIS = 5_000;

    private enum Status {
        NEW, RUNNING, STOPPED
    }

    private final MeshSettings settings;
    private final PeerResolver resolver;
    private final PropagationFilter filter;
    private final MeshTls tls;
    private final OriginIdentity identity;
    private final TrustPolicy trust;
    private final java.util.function.Consumer<io.netty.channel.Channel> linkExtension;
    private final long nodeId;
    private final Deliveries deliveries;
    private final PublishQueue publishes;

    private volatile Status status = Status.NEW;
    private volatile PeerAddress address;
    private volatile NodeState finalState;

    private NettyTransport transport;
    private MeshProtocol protocol;
    private NodeDriver driver;
    private ScheduledExecutorService resolverThread;
    private PeerRegistration registration;

    private MeshNode(Builder builder) {
        this.settings = builder.settings;
        this.resolver = builder.resolver;
        this.filter = builder.filter;
        this.tls = builder.tls;
        this.trust = builder.trust;
        this.linkExtension = builder.linkExtension;
        if (trust.verifiesMessages() && builder.signingKey == null) {
            throw new IllegalStateException("A node that verifies its peers' signatures (" + trust
                    + ") must sign its own messages too, or its peers refuse them: give it a signing key");
        }
        this.identity = builder.signingKey == null ? null
                : OriginIdentity.create(builder.signingKey, new SecureRandom());
        this.nodeId = identity != null ? identity.nodeId() : NodeId.random(new SecureRandom());
        this.deliveries = new Deliveries(NodeId.format(nodeId), settings.maxPendingDeliveries());
        this.publishes = new PublishQueue(NodeId.format(nodeId), settings.maxPendingPublishes(), signer());
        publishes.holdWhile(deliveries::isBackedUp);
    }

    /** Signs each publish of a signing node as it is numbered; nothing for the others. */
    private PublishQueue.Signer signer() {
        if (identity == null) {
            return PublishQueue.UNSIGNED;
        }
        String meshId = settings.meshId();
        return (sequence, topic, headers, payload, hopLimit) -> identity.sign(meshId, sequence, hopLimit, topic,
                headers, payload);
    }

    /** Starts building a node with these settings. */
    public static Builder builder(MeshSettings settings) {
        return new Builder(settings);
    }

    // ---- lifecycle --------------------------------------------------------------------------------------------

    /**
     * Binds the listening port, registers with the resolver and starts looking for neighbours. Returns once the node
     * listens; it goes online when its first neighbour is linked. A stopped node can start again: it keeps its id,
     * subscriptions and listeners, and numbers its messages on from where it stopped, so peers never take a new
     * message for an old one.
     *
     * @throws IllegalStateException when the port cannot be bound
     */
    public synchronized MeshNode start() {
        if (status == Status.RUNNING) {
            return this;
        }
        deliveries.restart();
        MeshKey key = MeshKey.derive(settings.meshId(), settings.password());
        String name = NodeId.format(nodeId).substring(0, 8);
        resolverThread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "peermesh-resolver-" + name);
            thread.setDaemon(true);
            return thread;
        });
        driver = new NodeDriver(resolver, resolverThread, deliveries, publishes, settings.meshId());
        try {
            transport = new NettyTransport(name, settings.frameLimits(), new NettyTransport.Options(
                    settings.handshakeTimeout(), settings.maxLinkBacklogBytes(), settings.linkHighWaterBytes(),
                    settings.leaveTimeout()), driver, tls);
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
        protocol = new MeshProtocol(settings, nodeId, address, key, new SecureRandom(), driver,
                Disseminations.of(settings, filter),
                new OriginKeys(settings.meshId(), trust, settings.duplicateCacheOrigins(), identity));
        driver.attach(protocol);
        publishes.attach(transport, protocol);
        onLoop(() -> {
            driver.watchIsolation(settings.isolationWarning());
            protocol.start();
            transport.accept();
            return null;
        });
        finalState = null;
        status = Status.RUNNING;
        registration = new PeerRegistration(settings.meshId(), nodeId, address);
        driver.register(registration);
        long refresh = settings.resolverRefreshInterval().toMillis();
        resolverThread.scheduleWithFixedDelay(() -> driver.refresh(registration), refresh, refresh,
                TimeUnit.MILLISECONDS);
        log.info("Mesh node {} of mesh '{}' listening on {}, advertising {}", NodeId.format(nodeId),
                settings.meshId(), bound, address);
        return this;
    }

    /**
     * Leaves the mesh gracefully: tells every neighbour (with referrals, so they repair at once), unregisters from
     * the resolver, lets queued deliveries finish and releases the port. Idempotent.
     */
    public synchronized void stop() {
        if (status != Status.RUNNING) {
            status = Status.STOPPED;
            return;
        }
        long timeout = settings.leaveTimeout().toMillis();
        driver.stopWatching();
        try {
            onLoop(() -> {
                protocol.leave();
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
        log.info("Mesh node {} left mesh '{}'", NodeId.format(nodeId), settings.meshId());
    }

    /** Stops at once: closes every link and the port without telling anyone, like a crash. Idempotent. */
    public synchronized void abort() {
        if (status != Status.RUNNING) {
            status = Status.STOPPED;
            return;
        }
        driver.stopWatching();
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

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private void halt(long timeout) {
        NodeState last;
        try {
            last = onLoop(() -> protocol.state(false, deliveries.overflows(), transport.bytesIn(), transport.bytesOut()));
        }
        catch (RuntimeException ex) {
            last = NodeState.stopped(nodeId, settings.meshId(), address);
        }
        finalState = last;
        status = Status.STOPPED;
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
            log.debug("Resolver of node {} could not abandon its registration: {}", NodeId.format(nodeId), ex.toString());
        }
        transport.shutdown();
        deliveries.shutdown(timeout);
    }

    /** Whether the node is started and not stopped. */
    public boolean isRunning() {
        return status == Status.RUNNING;
    }

    // ---- messages ---------------------------------------------------------------------------------------------

    /** Publishes a message with no hop limit. See {@link #publish(String, byte[], Map, int)}. */
    public MessageId publish(String topic, byte[] payload, Map<String, String> headers) {
        return publish(topic, payload, headers, 0);
    }

    /**
     * Publishes a message to the mesh: it is accepted, or this method throws at once.
     *
     * @param topic the topic, at most {@code maxTopicLength} UTF-8 bytes
     * @param payload the bytes to send (copied)
     * @param headers application headers (copied)
     * @param hopLimit most links the message may cross, 1 to 65535; 0 for no limit
     * @return the message's mesh-wide id
     * @throws PublishRejectedException when the message is too large or invalid, too many publishes are waiting, or
     *         the node is not running
     */
    public MessageId publish(String topic, byte[] payload, Map<String, String> headers, int hopLimit) {
        Objects.requireNonNull(payload, "payload");
        Map<String, String> copiedHeaders = stamped(Objects.requireNonNull(headers, "headers"));
        int signatureLength = identity == null ? 0 : identity.key().maxSignatureLength();
        PublishCheck.check(topic, copiedHeaders, payload.length, hopLimit, settings.frameLimits(), signatureLength);
        if (status != Status.RUNNING) {
            throw new PublishRejectedException(PublishRejectedException.Cause.NOT_RUNNING,
                    "Node " + NodeId.format(nodeId) + " is not running; start it before publishing");
        }
        // A neighbour that joins after this check does not get it either: the loop checks each link again.
        PublishCheck.checkNeighbors(topic, copiedHeaders, payload.length, signatureLength, settings.maxMessageSize(),
                driver.smallestNeighborLimit());
        long sequence = publishes.offer(topic, copiedHeaders, payload.clone(), hopLimit);
        return new MessageId(nodeId, sequence);
    }

    /** Publishes text with no hop limit. See {@link #publish(String, String, Map, int)}. */
    public MessageId publish(String topic, String text, Map<String, String> headers) {
        return publish(topic, text, headers, 0);
    }

    /**
     * Publishes text as UTF-8 with the content type {@value MeshMessage#TEXT_CONTENT_TYPE} (unless the headers
     * name another in {@link MeshMessage#CONTENT_TYPE_HEADER}), so Spring nodes receive it as a {@code String}.
     *
     * @throws PublishRejectedException as {@link #publish(String, byte[], Map, int)}
     */
    public MessageId publish(String topic, String text, Map<String, String> headers, int hopLimit) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(headers, "headers");
        Map<String, String> typed = headers;
        if (!headers.containsKey(MeshMessage.CONTENT_TYPE_HEADER)) {
            typed = new HashMap<>(headers);
            typed.put(MeshMessage.CONTENT_TYPE_HEADER, MeshMessage.TEXT_CONTENT_TYPE);
        }
        return publish(topic, text.getBytes(StandardCharsets.UTF_8), typed, hopLimit);
    }

    private Map<String, String> stamped(Map<String, String> headers) {
        if (!settings.stampSendTime()) {
            return Map.copyOf(headers);
        }
        Map<String, String> copy = new HashMap<>(headers);
        copy.put(MeshMessage.SENT_AT_HEADER, Long.toString(System.currentTimeMillis()));
        return Map.copyOf(copy);
    }

    /**
     * Subscribes to messages whose topic matches the pattern: an exact topic, a prefix ending in {@code *}, or
     * {@code *}. Messages this node publishes are delivered to its own subscribers too, unless a propagation filter
     * says otherwise.
     */
    public Subscription subscribe(String topicPattern, Consumer<MeshMessage> handler) {
        return deliveries.subscribe(TopicFilter.of(topicPattern), Objects.requireNonNull(handler, "handler"));
    }

    /** Adds a listener for online/offline and neighbour changes. */
    public void addListener(MeshListener listener) {
        deliveries.addListener(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener. */
    public void removeListener(MeshListener listener) {
        deliveries.removeListener(listener);
    }

    // ---- state ------------------------------------------------------------------------------------------------

    /** This node's id. */
    public long nodeId() {
        return nodeId;
    }

    /** The address this node advertises, or {@code null} before it started. */
    public PeerAddress address() {
        return address;
    }

    /** The key this node signs its messages with, or {@code null} when it does not sign. */
    public SigningKey signingKey() {
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

    /**
     * Since when this running node has had no neighbour, or {@code null} while it has one or is not running. A node
     * alone longer than {@link MeshSettings#isolationWarning()} logs a warning naming its resolver and the peers it
     * tried; the first node of a mesh is legitimately alone until another joins.
     */
    public Instant isolatedSince() {
        NodeDriver current = driver;
        return status != Status.RUNNING || current == null ? null : current.isolatedSince();
    }

    /** A snapshot of this node: neighbours and counters. */
    public NodeState state() {
        if (status != Status.RUNNING) {
            NodeState last = finalState;
            return last != null ? last : NodeState.stopped(nodeId, settings.meshId(), address);
        }
        try {
            return onLoop(() -> protocol.state(true, deliveries.overflows(), transport.bytesIn(), transport.bytesOut()));
        }
        catch (RuntimeException ex) {
            NodeState last = finalState;
            if (last != null) {
                return last;
            }
            throw ex;
        }
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

    /** Builds a {@link MeshNode}. */
    public static final class Builder {

        private final MeshSettings settings;

        private PeerResolver resolver = new StaticPeerResolver(List.of());

        private PropagationFilter filter = PropagationFilter.ALL;

        private MeshTls tls;

        private SigningKey signingKey;

        private TrustPolicy trust = TrustPolicy.none();

        private java.util.function.Consumer<io.netty.channel.Channel> linkExtension;

        private Builder(MeshSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
        }

        /** Where the node finds peers; by default nowhere (it waits to be dialled). */
        public Builder resolver(PeerResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /** Decides per message where it goes; by default everywhere. */
        public Builder propagationFilter(PropagationFilter filter) {
            this.filter = Objects.requireNonNull(filter, "filter");
            return this;
        }

        /** Runs every link over mutually authenticated TLS; by default links are plain TCP. */
        public Builder tls(MeshTls tls) {
            this.tls = tls;
            return this;
        }

        /**
         * Signs every message this node publishes with this key; by default messages are not signed. The node's id is
         * then derived from the key, so no other key can sign as this node (see {@code docs/security.md}).
         */
        public Builder signingKey(SigningKey signingKey) {
            this.signingKey = signingKey;
            return this;
        }

        /**
         * Which origins' messages this node accepts: every message is verified before it is delivered or forwarded,
         * and one that fails is dropped and closes the link it came on. By default ({@link TrustPolicy#none()})
         * nothing is verified. A node that verifies must also have a {@link #signingKey}.
         */
        public Builder trust(TrustPolicy trust) {
            this.trust = Objects.requireNonNull(trust, "trust");
            return this;
        }

        /** For tests: has the transport call {@code extension} with every new link's channel. */
        Builder linkExtension(java.util.function.Consumer<io.netty.channel.Channel> extension) {
            this.linkExtension = extension;
            return this;
        }

        /**
         * The node, not yet started.
         *
         * @throws IllegalStateException when the node verifies signatures but has no key to sign its own
         */
        public MeshNode build() {
            return new MeshNode(this);
        }
    }
}
