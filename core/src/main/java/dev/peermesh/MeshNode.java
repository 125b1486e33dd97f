package dev.peermesh;

import dev.peermesh.node.NodeRuntime;
import dev.peermesh.resolver.PeerResolver;
import dev.peermesh.resolver.StaticPeerResolver;
import dev.peermesh.security.SigningKey;
import dev.peermesh.security.TrustPolicy;
import io.netty.channel.Channel;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
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
        long sequence = runtime.publish(topic, Objects.requireNonNull(headers, "headers"),
                Objects.requireNonNull(payload, "payload"), hopLimit);
        return new MessageId(runtime.nodeId(), sequence);
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
        Map<String, String> typed = new HashMap<>(Objects.requireNonNull(headers, "headers"));
        typed.putIfAbsent(MeshMessage.CONTENT_TYPE_HEADER, MeshMessage.TEXT_CONTENT_TYPE);
        return publish(topic, Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8), typed, hopLimit);
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
