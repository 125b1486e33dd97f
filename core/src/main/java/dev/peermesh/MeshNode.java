package dev.peermesh;

import dev.peermesh.node.NodeRuntime;
import dev.peermesh.node.Outgoing;
import dev.peermesh.resolver.PeerResolver;
import dev.peermesh.resolver.StaticPeerResolver;
import dev.peermesh.security.SigningKey;
import dev.peermesh.security.TrustPolicy;
import io.netty.channel.Channel;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * A node of a peer-to-peer mesh: it listens for and dials neighbors, authenticates them with the mesh password,
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

    private final NodeRuntime runtime;

    private MeshNode(NodeRuntime runtime) {
        this.runtime = runtime;
    }

    /** Starts building a node with these settings. */
    public static Builder builder(MeshSettings settings) {
        return new Builder(settings);
    }

    /**
     * Binds the listening port, registers with the resolver and starts looking for neighbors. Returns once the node
     * listens; it goes online when its first neighbor is linked. A stopped node can start again: it keeps its id,
     * subscriptions and listeners, and numbers its messages on from where it stopped, so peers never take a new
     * message for an old one.
     *
     * @throws IllegalStateException when the port cannot be bound
     */
    public MeshNode start() {
        runtime.start();
        return this;
    }

    /**
     * Leaves the mesh gracefully: tells every neighbor (with referrals, so they repair at once), unregisters from
     * the resolver, lets queued deliveries finish and releases the port. Idempotent.
     */
    public void stop() {
        runtime.stop();
    }

    /** Stops at once: closes every link and the port without telling anyone, like a crash. Idempotent. */
    public void abort() {
        runtime.abort();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** Whether the node is started and not stopped. */
    public boolean isRunning() {
        return runtime.isRunning();
    }

    /** Publishes a message with no hop limit. See {@link #publish(String, byte[], Map, int)}. */
    public MessageId publish(String topic, byte[] payload, Map<String, String> headers) {
        return publish(topic, payload, headers, 0);
    }

    /**
     * Publishes a message to the mesh. While the node holds publishes back (a neighbor link has more than
     * {@code limits.link-high-water} bytes to send, its subscribers are behind, or {@code limits.max-pending-publishes}
     * already wait) this call waits, at most {@link MeshSettings#publishTimeout()} ({@code peermesh.publish-timeout},
     * 5 s unless set), and goes on as soon as the node takes publishes again. The payload and headers are copied
     * once the message is accepted, not before; do not change them during the call.
     *
     * @param topic the topic, at most {@code maxTopicLength} UTF-8 bytes
     * @param payload the bytes to send (copied once accepted)
     * @param headers application headers (copied once accepted)
     * @param hopLimit most links the message may cross, 1 to 65535; 0 for no limit
     * @return the message's mesh-wide id
     * @throws PublishRejectedException when the message is too large or invalid, or the node is not running (at
     *         once), or with {@link PublishRejectedException.Cause#BACKPRESSURE} when the node still held publishes
     *         back after the publish timeout (at once with a timeout of zero), or the waiting thread was interrupted
     *         (its interrupt flag stays set)
     */
    public MessageId publish(String topic, byte[] payload, Map<String, String> headers, int hopLimit) {
        return publish(topic, payload, headers, hopLimit, runtime.settings().publishTimeout());
    }

    /**
     * Publishes a message, waiting at most {@code timeout} (instead of {@link MeshSettings#publishTimeout()}) while
     * the node holds publishes back. See {@link #publish(String, byte[], Map, int)}.
     *
     * @param timeout how long to wait for the node to take the message; zero fails at once when it would wait
     */
    public MessageId publish(String topic, byte[] payload, Map<String, String> headers, int hopLimit,
            Duration timeout) {
        long sequence = runtime.publish(outgoing(topic, payload, headers, hopLimit), timeout);
        return new MessageId(runtime.nodeId(), sequence);
    }

    /** Publishes text with no hop limit. See {@link #publish(String, String, Map, int)}. */
    public MessageId publish(String topic, String text, Map<String, String> headers) {
        return publish(topic, text, headers, 0);
    }

    /**
     * Publishes text as UTF-8 with the content type {@value MeshMessage#TEXT_CONTENT_TYPE} (unless the headers
     * name another in {@link MeshMessage#CONTENT_TYPE_HEADER}), so Spring nodes receive it as a {@code String}.
     * Waits as {@link #publish(String, byte[], Map, int)} does.
     *
     * @throws PublishRejectedException as {@link #publish(String, byte[], Map, int)}
     */
    public MessageId publish(String topic, String text, Map<String, String> headers, int hopLimit) {
        long sequence = runtime.publish(text(topic, text, headers, hopLimit), runtime.settings().publishTimeout());
        return new MessageId(runtime.nodeId(), sequence);
    }

    /** Tries to publish a message with no hop limit. See {@link #tryPublish(String, byte[], Map, int)}. */
    public PublishResult tryPublish(String topic, byte[] payload, Map<String, String> headers) {
        return tryPublish(topic, payload, headers, 0);
    }

    /**
     * Publishes a message if the node takes it now, and never waits: while the node holds publishes back the
     * result says why ({@link PublishResult#status()}) and nothing is copied.
     *
     * @return the accepted message's id, or the back-pressure that held it back
     * @throws PublishRejectedException when the message is too large or invalid, or the node is not running
     */
    public PublishResult tryPublish(String topic, byte[] payload, Map<String, String> headers, int hopLimit) {
        return runtime.tryPublish(outgoing(topic, payload, headers, hopLimit));
    }

    /** Tries to publish text; see {@link #publish(String, String, Map, int)} and {@link #tryPublish}. */
    public PublishResult tryPublish(String topic, String text, Map<String, String> headers) {
        return runtime.tryPublish(text(topic, text, headers, 0));
    }

    /** Publishes a message with no hop limit without waiting. See {@link #publishAsync(String, byte[], Map, int)}. */
    public CompletableFuture<MessageId> publishAsync(String topic, byte[] payload, Map<String, String> headers) {
        return publishAsync(topic, payload, headers, 0);
    }

    /**
     * Publishes a message without blocking the caller: the future completes with the message's id once the node
     * accepted it, at once when it takes publishes now, else when it takes them again (in the order of the
     * {@code publishAsync} calls; completed on {@link java.util.concurrent.ForkJoinPool#commonPool()}, never on
     * the node's own threads: run slow work in an {@code ...Async} stage). It fails with a
     * {@link PublishRejectedException}: at once for what {@code publish} refuses at once, and when more than
     * {@code limits.max-pending-async-publishes} would wait; with {@code BACKPRESSURE} after
     * {@link MeshSettings#publishTimeout()}; with {@code NOT_RUNNING} when the node stops meanwhile. The payload and
     * headers are copied once accepted: do not change them before the future completes.
     */
    public CompletableFuture<MessageId> publishAsync(String topic, byte[] payload, Map<String, String> headers,
            int hopLimit) {
        return runtime.publishAsync(outgoing(topic, payload, headers, hopLimit));
    }

    /** Publishes text without waiting; see {@link #publish(String, String, Map, int)} and {@link #publishAsync}. */
    public CompletableFuture<MessageId> publishAsync(String topic, String text, Map<String, String> headers) {
        return runtime.publishAsync(text(topic, text, headers, 0));
    }

    /**
     * Sends a message to one node only ({@link MeshMessage#TARGET_HEADER}), confirmed by that node: the future
     * completes with the message's id once the target handed it to its subscribers (it answers with a receipt), or
     * fails with a {@link java.util.concurrent.TimeoutException} after twice the repair window
     * ({@link MeshSettings#repairWindow()}: the message, and then its receipt, may each wait that long for a repair)
     * when no confirmation came — no node with that id is in the mesh, it is gone or cut off, or the confirmation
     * was lost — never silently. The message travels the mesh like a broadcast (so it is repaired, and
     * delivered in order with this node's other messages), but only the target delivers it; see
     * {@code docs/messaging.md} for what it costs. Fails at once as {@link #publishAsync} does, and with
     * back-pressure past {@code limits.max-pending-requests} waiting sends and requests.
     */
    public CompletableFuture<MessageId> send(long target, String topic, byte[] payload, Map<String, String> headers) {
        return send(target, topic, payload, headers, runtime.settings().repairWindow().multipliedBy(2));
    }

    /**
     * Sends to one node, waiting at most {@code timeout} for its confirmation; see
     * {@link #send(long, String, byte[], Map)}.
     */
    public CompletableFuture<MessageId> send(long target, String topic, byte[] payload, Map<String, String> headers,
            Duration timeout) {
        return runtime.requests().receipt(target, outgoing(topic, payload, headers, 0), timeout);
    }

    /**
     * Asks every node subscribed to the topic and completes with the first reply ({@link #reply}); fails with a
     * {@link java.util.concurrent.TimeoutException} when none came within {@code timeout}. Replies after the first,
     * or after the timeout, are counted ({@code NodeState.Requests#lateReplies}) and dropped. Futures complete on
     * {@link java.util.concurrent.ForkJoinPool#commonPool()}. The request itself is published as {@link #publishAsync}
     * does; at most {@code limits.max-pending-requests} wait at once (one more fails at once with back-pressure).
     */
    public CompletableFuture<MeshMessage> request(String topic, byte[] payload, Map<String, String> headers,
            Duration timeout) {
        return runtime.requests().first(0, outgoing(topic, payload, headers, 0), timeout);
    }

    /** Asks one node and completes with its reply; see {@link #request(String, byte[], Map, Duration)}. */
    public CompletableFuture<MeshMessage> request(long target, String topic, byte[] payload,
            Map<String, String> headers, Duration timeout) {
        return runtime.requests().first(target, outgoing(topic, payload, headers, 0), timeout);
    }

    /**
     * Asks every node subscribed to the topic and completes, when {@code window} ends, with every reply that came
     * within it (none is an empty list, not a failure); replies after the window are counted and dropped. See
     * {@link #request(String, byte[], Map, Duration)}.
     */
    public CompletableFuture<List<MeshMessage>> requestAll(String topic, byte[] payload, Map<String, String> headers,
            Duration window) {
        return runtime.requests().all(outgoing(topic, payload, headers, 0), window);
    }

    /**
     * Answers a request ({@link MeshMessage#isRequest()}): the reply goes to the requesting node only, on the
     * request's topic, published without blocking (so a subscriber may call it on the delivery thread).
     *
     * @throws IllegalArgumentException when the message is not a request
     */
    public CompletableFuture<MessageId> reply(MeshMessage request, byte[] payload, Map<String, String> headers) {
        return runtime.requests().reply(request, outgoing(request.topic(), payload, headers, 0));
    }

    private static Outgoing outgoing(String topic, byte[] payload, Map<String, String> headers, int hopLimit) {
        return new Outgoing(topic, Objects.requireNonNull(headers, "headers"), null,
                Objects.requireNonNull(payload, "payload"), false, hopLimit);
    }

    private static Outgoing text(String topic, String text, Map<String, String> headers, int hopLimit) {
        // the bytes are made for this publish: the node keeps them without a copy
        return new Outgoing(topic, Objects.requireNonNull(headers, "headers"), MeshMessage.TEXT_CONTENT_TYPE,
                Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8), true, hopLimit);
    }

    /**
     * Subscribes to messages whose topic matches the pattern: an exact topic, a prefix ending in {@code *}, or
     * {@code *}. Messages this node publishes are delivered to its own subscribers too, unless a propagation filter
     * says otherwise.
     */
    public Subscription subscribe(String topicPattern, Consumer<MeshMessage> handler) {
        return runtime.subscribe(TopicFilter.of(topicPattern), Objects.requireNonNull(handler, "handler"));
    }

    /** Adds a listener for online/offline and neighbor changes. */
    public void addListener(MeshListener listener) {
        runtime.addListener(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener. */
    public void removeListener(MeshListener listener) {
        runtime.removeListener(listener);
    }

    /** This node's id. */
    public long nodeId() {
        return runtime.nodeId();
    }

    /** The address this node advertises, or {@code null} before it started. */
    public @Nullable PeerAddress address() {
        return runtime.address();
    }

    /** The key this node signs its messages with, or {@code null} when it does not sign. */
    public @Nullable SigningKey signingKey() {
        return runtime.signingKey();
    }

    /** Whose messages this node accepts. */
    public TrustPolicy trust() {
        return runtime.trust();
    }

    /** The settings this node was built with. */
    public MeshSettings settings() {
        return runtime.settings();
    }

    /**
     * Since when this running node has had no neighbor, or {@code null} while it has one or is not running. A node
     * alone longer than {@link MeshSettings#isolationWarning()} logs a warning naming its resolver and the peers it
     * tried; the first node of a mesh is legitimately alone until another joins.
     */
    public @Nullable Instant isolatedSince() {
        return runtime.isolatedSince();
    }

    /**
     * How many neighbors this node has now; 0 while it is alone or not running. Cheap, unlike {@link #state()}: a
     * publisher may ask before each publish whether anyone would hear it.
     */
    public int neighborCount() {
        return runtime.neighborCount();
    }

    /**
     * A future that completes once this node has a neighbor: at once when it has one, else when the first comes up
     * — on {@link java.util.concurrent.ForkJoinPool#commonPool()}, never on the node's own threads, so a subscriber
     * may wait for it. It fails with an {@link IllegalStateException} when the node is not running or stops
     * meanwhile. Cancel it, or give it a timeout ({@code orTimeout}), to stop waiting; an ended wait leaves nothing
     * behind in the node.
     */
    public CompletableFuture<Void> whenOnline() {
        return runtime.whenOnline();
    }

    /** A snapshot of this node: neighbors and counters. */
    public NodeState state() {
        return runtime.state();
    }

    /** Builds a {@link MeshNode}. */
    public static final class Builder {

        private final MeshSettings settings;
        private PeerResolver resolver = StaticPeerResolver.of();
        private PropagationFilter filter = PropagationFilter.ALL;
        private @Nullable MeshTls tls;
        private @Nullable SigningKey signingKey;
        private TrustPolicy trust = TrustPolicy.none();
        private @Nullable Consumer<Channel> linkExtension;

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
        public Builder tls(@Nullable MeshTls tls) {
            this.tls = tls;
            return this;
        }

        /**
         * Signs every message this node publishes with this key; by default messages are not signed. The node's id is
         * then derived from the key, so no other key can sign as this node (see {@code docs/security.md}).
         */
        public Builder signingKey(@Nullable SigningKey signingKey) {
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
        Builder linkExtension(Consumer<Channel> extension) {
            this.linkExtension = extension;
            return this;
        }

        /**
         * The node, not yet started.
         *
         * @throws IllegalStateException when the node verifies signatures but has no key to sign its own
         */
        public MeshNode build() {
            return new MeshNode(new NodeRuntime(settings, resolver, filter, tls, signingKey, trust, linkExtension));
        }
    }
}
