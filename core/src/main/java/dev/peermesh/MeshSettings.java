package dev.peermesh;

import static dev.peermesh.SettingChecks.notNegative;
import static dev.peermesh.SettingChecks.positive;
import static dev.peermesh.SettingChecks.range;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Everything a node can be told: identity, addresses, neighbor bounds, password, limits and timers. Immutable;
 * made by {@link #builder(String)}, which checks every value and says what is allowed. Related settings come in
 * groups named like their properties: {@link #neighbors()}, {@link #keepalive()}, {@link #limits()},
 * {@link #resolver()}, {@link #duplicateCache()}, {@link #messageCache()}, {@link #tree()}, {@link #dialBackoff()},
 * {@link #catchUp()}, {@link #seals()}.
 *
 * <p>{@code MeshSettings settings = MeshSettings.builder("chat").port(7400).password("s3cret!Pass").build();}
 */
public final class MeshSettings {

    private static final Pattern MESH_ID = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,253}[A-Za-z0-9])?");

    private final String meshId;
    private final String bindAddress;
    private final int port;
    private final @Nullable String advertisedHost;
    private final int advertisedPort;
    private final @Nullable String password;
    private final FrameLimits frameLimits;
    private final Duration handshakeTimeout;
    private final Duration connectTimeout;
    private final Duration maintenanceInterval;
    private final int passiveViewSize;
    private final Duration leaveTimeout;
    private final Duration publishTimeout;
    private final boolean stampSendTime;
    private final DisseminationMode dissemination;
    private final DeliveryOrder ordering;
    private final Duration repairWindow;
    private final Duration shuffleInterval;
    private final int joinWalkLength;
    private final Duration isolationWarning;
    private final SealSettings seals;
    private final NeighborSettings neighbors;
    private final KeepaliveSettings keepalive;
    private final LimitSettings limits;
    private final ResolverSettings resolver;
    private final DuplicateCacheSettings duplicateCache;
    private final MessageCacheSettings messageCache;
    private final TreeSettings tree;
    private final DialBackoffSettings dialBackoff;
    private final CatchUpSettings catchUp;

    private MeshSettings(Builder b, NeighborSettings neighbors, KeepaliveSettings keepalive, LimitSettings limits,
            ResolverSettings resolver, DuplicateCacheSettings duplicateCache, MessageCacheSettings messageCache,
            TreeSettings tree, DialBackoffSettings dialBackoff) {
        this.meshId = b.meshId;
        this.bindAddress = b.bindAddress;
        this.port = b.port;
        this.advertisedHost = b.advertisedHost;
        this.advertisedPort = b.advertisedPort;
        this.password = b.password;
        this.frameLimits = b.frameLimits;
        this.handshakeTimeout = b.handshakeTimeout;
        this.connectTimeout = b.connectTimeout;
        this.maintenanceInterval = b.maintenanceInterval;
        this.passiveViewSize = b.passiveViewSize;
        this.leaveTimeout = b.leaveTimeout;
        this.publishTimeout = b.publishTimeout;
        this.stampSendTime = b.stampSendTime;
        this.dissemination = b.dissemination;
        this.ordering = b.ordering;
        this.repairWindow = b.repairWindow;
        this.shuffleInterval = b.shuffleInterval;
        this.joinWalkLength = b.joinWalkLength;
        this.isolationWarning = b.isolationWarning;
        this.seals = new SealSettings(b.sealMessages, b.sealInterval, b.sealCheckRate);
        this.neighbors = neighbors;
        this.keepalive = keepalive;
        this.limits = limits;
        this.resolver = resolver;
        this.duplicateCache = duplicateCache;
        this.messageCache = messageCache;
        this.tree = tree;
        this.dialBackoff = dialBackoff;
        this.catchUp = b.catchUp;
    }

    /** Starts settings for the mesh with this id. */
    public static Builder builder(String meshId) {
        return new Builder(meshId);
    }

    /** The mesh's name: letters, digits, '.', '-' and '_', as in a DNS host name. */
    public String meshId() { return meshId; }
    /** The local address to listen on; {@code 0.0.0.0} for all. */
    public String bindAddress() { return bindAddress; }
    /** The TCP port to listen on; 0 lets the system choose. */
    public int port() { return port; }
    /** The host others should dial, or {@code null} to work it out from the bind address. */
    public @Nullable String advertisedHost() { return advertisedHost; }
    /** The port others should dial, or 0 for the port actually bound. */
    public int advertisedPort() { return advertisedPort; }
    /** The mesh password, or {@code null} for an open mesh. */
    public @Nullable String password() { return password; }
    /** Limits on frames from peers; its frame length is the maximum message size. */
    public FrameLimits frameLimits() { return frameLimits; }
    /** Largest DATA frame, in bytes, a node sends or accepts. */
    public int maxMessageSize() { return frameLimits.maxFrameLength(); }
    /** How long a link may take to authenticate. */
    public Duration handshakeTimeout() { return handshakeTimeout; }
    /**
     * How long a dial's TCP connect may take before it fails (at most the handshake timeout): short, so a peer
     * that became reachable again is dialled with a fresh connect soon instead of waiting for the kernel's
     * ever slower retries of an old one.
     */
    public Duration connectTimeout() { return connectTimeout; }
    /** How often the node checks its neighbor count and ages its caches. */
    public Duration maintenanceInterval() { return maintenanceInterval; }
    /** Most peers remembered from referrals and the resolver. */
    public int passiveViewSize() { return passiveViewSize; }
    /** How long a graceful stop waits for the leave notices to be written. */
    public Duration leaveTimeout() { return leaveTimeout; }

    /**
     * How long {@link MeshNode#publish(String, byte[], java.util.Map)} waits while the node holds publishes back (a
     * congested link, subscribers behind, a full publish queue) before it fails with back-pressure; zero fails at
     * once. Also how long a {@link MeshNode#publishAsync(String, byte[], java.util.Map) publishAsync} may wait.
     */
    public Duration publishTimeout() { return publishTimeout; }

    /**
     * Whether published messages carry the publisher's wall-clock time in the {@link MeshMessage#SENT_AT_HEADER}
     * header, for delivery-latency metrics.
     */
    public boolean stampSendTime() { return stampSendTime; }
    /** How messages spread: broadcast trees (the default) or flooding. */
    public DisseminationMode dissemination() { return dissemination; }
    /**
     * In which order another node's messages are delivered here: each origin's in sequence ({@link DeliveryOrder#FIFO},
     * the default), or as they arrive ({@link DeliveryOrder#NONE}); docs/messaging.md.
     */
    public DeliveryOrder ordering() { return ordering; }
    /**
     * How long a gap in a publisher's sequence may stay open before the missing messages are reported lost; with
     * {@link DeliveryOrder#FIFO}, also about the longest the messages behind a gap wait for it.
     */
    public Duration repairWindow() { return repairWindow; }
    /** How often the node swaps a sample of its views with a random neighbor, to keep its passive view fresh. */
    public Duration shuffleInterval() { return shuffleInterval; }

    /**
     * Hops a join walk travels before its last node links to the joiner (HyParView's active random walk length);
     * nodes halfway along remember the joiner in their passive views. 0 sends no join walks.
     */
    public int joinWalkLength() { return joinWalkLength; }

    /**
     * How long the node may run without any neighbor before it logs a warning naming its resolver, the peers it
     * tried and why each failed (repeated, at most once a minute, while it lasts).
     */
    public Duration isolationWarning() { return isolationWarning; }

    /** How a node that signs its messages seals them: {@code security.signatures.seal*}. */
    public SealSettings seals() { return seals; }
    /** How many neighbors the node keeps: {@code neighbors.*}. */
    public NeighborSettings neighbors() { return neighbors; }
    /** How neighbors are pinged and when a silent one is dead: {@code keepalive.*}. */
    public KeepaliveSettings keepalive() { return keepalive; }
    /** What one peer or one burst may ask of the node: {@code limits.*}. */
    public LimitSettings limits() { return limits; }
    /** How the node uses its peer resolver: {@code resolver.refresh-interval} and {@code resolver.batch-size}. */
    public ResolverSettings resolver() { return resolver; }
    /** Bounds of the cache that recognises messages seen: {@code duplicate-cache.*}. */
    public DuplicateCacheSettings duplicateCache() { return duplicateCache; }
    /** Tree mode: bounds of the cache of messages kept to answer pulls: {@code message-cache.*}. */
    public MessageCacheSettings messageCache() { return messageCache; }
    /** Tree mode's timers and choices: {@code tree.*}. */
    public TreeSettings tree() { return tree; }
    /** How long a failing address waits before it is dialled again: {@code dial-backoff.*}. */
    public DialBackoffSettings dialBackoff() { return dialBackoff; }
    /** Whether and what a starting or rejoining node asks its neighbors to replay: {@code catch-up.*}. */
    public CatchUpSettings catchUp() { return catchUp; }

    /** Builds {@link MeshSettings}; every setter checks its value at {@link #build()}. */
    public static final class Builder {

        private static final int DEFAULT_PAYLOAD_BACKLOG_CAP = 4 << 20;

        /** Kernel buffers of a link's socket: see {@link LimitSettings#socketSendBufferBytes()}. */
        private static final int DEFAULT_SOCKET_SEND_BUFFER = 128 << 10, DEFAULT_SOCKET_RECEIVE_BUFFER = 256 << 10;

        private final String meshId;
        private String bindAddress = "0.0.0.0";
        private int port;
        private @Nullable String advertisedHost;
        private int advertisedPort;
        private @Nullable String password;
        private FrameLimits frameLimits = FrameLimits.defaults();
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration maintenanceInterval = Duration.ofSeconds(2);
        private int passiveViewSize = 30;
        private Duration leaveTimeout = Duration.ofSeconds(2);
        private Duration publishTimeout = Duration.ofSeconds(5);
        private boolean stampSendTime = true;
        private DisseminationMode dissemination = DisseminationMode.TREE;
        private DeliveryOrder ordering = DeliveryOrder.FIFO;
        private Duration repairWindow = Duration.ofSeconds(10);
        private Duration shuffleInterval = Duration.ofSeconds(10);
        private int joinWalkLength = 6;
        private Duration isolationWarning = Duration.ofSeconds(10);
        private int minNeighbors = 2, idealNeighbors = 3, maxNeighbors = 7;
        private Duration keepaliveInterval = Duration.ofSeconds(5);
        private int keepaliveMisses = 3;
        private int maxPendingHandshakes = 32, maxPendingHandshakesPerAddress = 8;
        private int linkFrameRate = 500_000, linkFrameBurst = 1_000_000, referralRate = 2, referralBurst = 60;
        private int passiveViewPeersPerNeighbor = 8, maxPendingPublishes = 10_000, maxPendingDeliveries = 10_000;
        private int maxLinkBacklogBytes = 16 << 20, linkHighWaterBytes = 256 << 10;
        private int maxPendingAsyncPublishes = 10_000;
        private long maxPendingPublishBytes = 16L << 20;
        private long maxReorderBytes = 16L << 20;
        private int maxPendingRequests = 10_000;
        private long maxSealBytes = 8L << 20;
        private boolean sealMessages = true;
        private Duration sealInterval = Duration.ofMillis(3);
        private int sealCheckRate = 700;
        private int maxDirectLinks = 16;
        private int socketSendBufferBytes = DEFAULT_SOCKET_SEND_BUFFER, socketReceiveBufferBytes =
                DEFAULT_SOCKET_RECEIVE_BUFFER;
        private Duration resolverRefreshInterval = Duration.ofMinutes(5);
        private int resolveBatch = 5;
        private int duplicateCacheOrigins = 10_000;
        private Duration duplicateCacheMaxIdle = Duration.ofMinutes(10);
        private Duration graftTimeout = Duration.ofMillis(120), graftRetry = Duration.ofMillis(100);
        private Duration announceInterval = Duration.ofMillis(20);
        private int maxGraftAttempts = 7;
        /** Not set: {@link #DEFAULT_PAYLOAD_BACKLOG_CAP}, or the link backlog limit when that is smaller. */
        private int payloadBacklogCapBytes = -1;
        private boolean adaptiveGraftWait;
        private TreeSettings.NewOrigins newOrigins = TreeSettings.NewOrigins.FOLLOW_TREE;
        private int messageCacheCount = 50_000;
        private long messageCacheBytes = 64L << 20;
        private Duration messageCacheMaxAge = Duration.ofSeconds(60);
        private Duration dialBackoffInitial = Duration.ofSeconds(6), dialBackoffMax = Duration.ofMinutes(2);
        private int lostPeers = DialBackoffSettings.DEFAULT_LOST_PEERS;
        private Duration lostPeerRetry = DialBackoffSettings.DEFAULT_LOST_PEER_RETRY;
        private Duration lostPeerRetention = DialBackoffSettings.DEFAULT_LOST_PEER_RETENTION;
        private CatchUpSettings catchUp = CatchUpSettings.OFF;

        private Builder(String meshId) {
            this.meshId = meshId;
        }

        public Builder bindAddress(String bindAddress) { this.bindAddress = bindAddress; return this; }
        public Builder port(int port) { this.port = port; return this; }

        /** The host, or {@code host:port}, that other nodes should dial (for NAT or container port mapping). */
        public Builder advertisedAddress(@Nullable String hostOrHostPort) {
            if (hostOrHostPort == null || hostOrHostPort.isBlank()) {
                this.advertisedHost = null;
                this.advertisedPort = 0;
            }
            else if (hostOrHostPort.matches(".*:\\d+")
                    && (hostOrHostPort.indexOf(':') == hostOrHostPort.lastIndexOf(':')
                            || hostOrHostPort.startsWith("["))) {
                PeerAddress parsed = PeerAddress.parse(hostOrHostPort);
                this.advertisedHost = parsed.host();
                this.advertisedPort = parsed.port();
            }
            else {
                this.advertisedHost = hostOrHostPort.trim();
                this.advertisedPort = 0;
            }
            return this;
        }

        public Builder neighbors(int min, int ideal, int max) {
            this.minNeighbors = min;
            this.idealNeighbors = ideal;
            this.maxNeighbors = max;
            return this;
        }

        public Builder password(@Nullable String password) { this.password = password; return this; }
        public Builder frameLimits(FrameLimits frameLimits) { this.frameLimits = frameLimits; return this; }

        public Builder maxMessageSize(int bytes) {
            this.frameLimits = frameLimits.withMaxFrameLength(bytes);
            return this;
        }

        public Builder handshakeTimeout(Duration timeout) { this.handshakeTimeout = timeout; return this; }
        public Builder connectTimeout(Duration timeout) { this.connectTimeout = timeout; return this; }

        public Builder keepalive(Duration interval, int misses) {
            this.keepaliveInterval = interval;
            this.keepaliveMisses = misses;
            return this;
        }

        public Builder maintenanceInterval(Duration interval) { this.maintenanceInterval = interval; return this; }
        public Builder passiveViewSize(int size) { this.passiveViewSize = size; return this; }
        public Builder resolveBatch(int addresses) { this.resolveBatch = addresses; return this; }

        public Builder duplicateCache(int origins, Duration maxIdle) {
            this.duplicateCacheOrigins = origins;
            this.duplicateCacheMaxIdle = maxIdle;
            return this;
        }

        public Builder maxPendingHandshakes(int count) { this.maxPendingHandshakes = count; return this; }

        public Builder maxPendingHandshakesPerAddress(int count) {
            this.maxPendingHandshakesPerAddress = count;
            return this;
        }

        /** Average frames per second and burst a neighbor may send before its link is closed. */
        public Builder linkFrameRate(int perSecond, int burst) {
            this.linkFrameRate = perSecond;
            this.linkFrameBurst = burst;
            return this;
        }

        /** Average peers per second and burst a neighbor may offer in shuffles and join walks. */
        public Builder referralRate(int perSecond, int burst) {
            this.referralRate = perSecond;
            this.referralBurst = burst;
            return this;
        }

        public Builder passiveViewPeersPerNeighbor(int count) {
            this.passiveViewPeersPerNeighbor = count;
            return this;
        }

        public Builder maxPendingPublishes(int count) { this.maxPendingPublishes = count; return this; }
        public Builder maxPendingDeliveries(int count) { this.maxPendingDeliveries = count; return this; }

        /** See {@link LimitSettings#maxPendingAsyncPublishes()}; property limits.max-pending-async-publishes. */
        public Builder maxPendingAsyncPublishes(int count) { this.maxPendingAsyncPublishes = count; return this; }
        public Builder maxLinkBacklogBytes(int bytes) { this.maxLinkBacklogBytes = bytes; return this; }

        /** See {@link LimitSettings#maxPendingPublishBytes()}; property limits.max-pending-publish-bytes. */
        public Builder maxPendingPublishBytes(long bytes) { this.maxPendingPublishBytes = bytes; return this; }
        /** See {@link LimitSettings#maxSealBytes()}; property limits.max-seal-bytes. */
        public Builder maxSealBytes(long bytes) { this.maxSealBytes = bytes; return this; }

        /** See {@link SealSettings#enabled()}; property security.signatures.seal. */
        public Builder sealMessages(boolean seal) { this.sealMessages = seal; return this; }

        /** See {@link SealSettings#interval()}; property security.signatures.seal-interval. */
        public Builder sealInterval(Duration interval) { this.sealInterval = interval; return this; }

        /** See {@link SealSettings#checkRate()}; property security.signatures.seal-check-rate. */
        public Builder sealCheckRate(int sealsPerSecond) { this.sealCheckRate = sealsPerSecond; return this; }

        /** See {@link LimitSettings#maxPendingRequests()}; property limits.max-pending-requests. */
        public Builder maxPendingRequests(int count) { this.maxPendingRequests = count; return this; }
        /** See {@link LimitSettings#maxDirectLinks()}; limits.max-direct-links. 0: straight to neighbors only. */
        public Builder maxDirectLinks(int count) { this.maxDirectLinks = count; return this; }

        /**
         * See {@link LimitSettings#socketSendBufferBytes()} and {@link LimitSettings#socketReceiveBufferBytes()};
         * limits.socket-send-buffer and limits.socket-receive-buffer. 0: the operating system's own.
         */
        public Builder socketBuffers(int sendBytes, int receiveBytes) {
            this.socketSendBufferBytes = sendBytes;
            this.socketReceiveBufferBytes = receiveBytes;
            return this;
        }

        /** See {@link LimitSettings#maxReorderBytes()}; property limits.max-reorder-bytes. */
        public Builder maxReorderBytes(long bytes) { this.maxReorderBytes = bytes; return this; }
        public Builder linkHighWaterBytes(int bytes) { this.linkHighWaterBytes = bytes; return this; }

        /**
         * See {@link TreeSettings#payloadBacklogCapBytes()}; when not set, 4 MiB, or {@link #maxLinkBacklogBytes} when
         * that is smaller.
         */
        public Builder payloadBacklogCapBytes(int bytes) { this.payloadBacklogCapBytes = bytes; return this; }

        /** See {@link TreeSettings#adaptiveGraftWait()}. */
        public Builder adaptiveGraftWait(boolean adaptive) { this.adaptiveGraftWait = adaptive; return this; }

        /** See {@link TreeSettings#newOrigins()}. */
        public Builder newOrigins(TreeSettings.NewOrigins newOrigins) {
            this.newOrigins = Objects.requireNonNull(newOrigins, "newOrigins");
            return this;
        }

        public Builder resolverRefreshInterval(Duration interval) {
            this.resolverRefreshInterval = interval;
            return this;
        }

        public Builder leaveTimeout(Duration timeout) { this.leaveTimeout = timeout; return this; }

        /** See {@link MeshSettings#publishTimeout()}; property publish-timeout, zero to never wait. */
        public Builder publishTimeout(Duration timeout) { this.publishTimeout = timeout; return this; }
        public Builder stampSendTime(boolean stamp) { this.stampSendTime = stamp; return this; }
        public Builder dissemination(DisseminationMode mode) { this.dissemination = mode; return this; }
        /** See {@link MeshSettings#ordering()}; property {@code ordering}, {@code fifo} or {@code none}. */
        public Builder ordering(DeliveryOrder order) { this.ordering = order; return this; }

        /** Tree-mode repair timing: first pull, between pulls, announcement batching, pulls before a loss. */
        public Builder tree(Duration graftTimeout, Duration graftRetry, Duration announceInterval,
                int maxGraftAttempts) {
            this.graftTimeout = graftTimeout;
            this.graftRetry = graftRetry;
            this.announceInterval = announceInterval;
            this.maxGraftAttempts = maxGraftAttempts;
            return this;
        }

        public Builder messageCache(int count, long bytes, Duration maxAge) {
            this.messageCacheCount = count;
            this.messageCacheBytes = bytes;
            this.messageCacheMaxAge = maxAge;
            return this;
        }

        public Builder repairWindow(Duration window) { this.repairWindow = window; return this; }
        public Builder shuffleInterval(Duration interval) { this.shuffleInterval = interval; return this; }
        public Builder joinWalkLength(int hops) { this.joinWalkLength = hops; return this; }

        /**
         * How long a failed address waits before it is dialled again ({@code initial}), doubling while failures
         * repeat up to {@code max}; properties {@code dial-backoff.initial} and {@code dial-backoff.max}.
         */
        /** Lost peers dialled again; see {@link DialBackoffSettings}. */
        public Builder lostPeers(int count, Duration retry, Duration retention) {
            this.lostPeers = count;
            this.lostPeerRetry = retry;
            this.lostPeerRetention = retention;
            return this;
        }

        public Builder dialBackoff(Duration initial, Duration max) {
            this.dialBackoffInitial = initial;
            this.dialBackoffMax = max;
            return this;
        }

        /** Late-joiner catch-up; properties {@code catch-up.*}. Off by default. */
        public Builder catchUp(CatchUpSettings catchUp) {
            this.catchUp = Objects.requireNonNull(catchUp, "catchUp");
            return this;
        }

        /** How long the node may have no neighbor before it warns; property {@code isolation-warning}. */
        public Builder isolationWarning(Duration after) { this.isolationWarning = after; return this; }

        /**
         * Checks every value and builds the settings.
         *
         * @throws IllegalArgumentException naming the setting, its value and what is allowed
         */
        public MeshSettings build() {
            if (meshId == null || !MESH_ID.matcher(meshId).matches()) {
                throw new InvalidSettingException("mesh-id", meshId == null ? null : "'" + meshId + "'",
                        "use 1 to 255 letters, digits, '.', '-' or '_', starting and ending with a letter or digit "
                        + "(for example 'orders-eu.prod')");
            }
            Objects.requireNonNull(bindAddress, "bindAddress");
            range("port", port, 0, 65535);
            range("advertised-address", advertisedPort, 0, 65535);
            NeighborSettings neighbors = new NeighborSettings(minNeighbors, idealNeighbors, maxNeighbors);
            Objects.requireNonNull(frameLimits, "frameLimits");
            positive("handshake-timeout", handshakeTimeout);
            positive("connect-timeout", connectTimeout);
            KeepaliveSettings keepalive = new KeepaliveSettings(keepaliveInterval, keepaliveMisses);
            positive("maintenance-interval", maintenanceInterval);
            range("passive-view-size", passiveViewSize, 1, 10_000);
            ResolverSettings resolver = new ResolverSettings(resolverRefreshInterval, resolveBatch);
            DuplicateCacheSettings duplicateCache = new DuplicateCacheSettings(duplicateCacheOrigins,
                    duplicateCacheMaxIdle);
            range("limits.max-link-backlog", maxLinkBacklogBytes, frameLimits.maxFrameLength(), Integer.MAX_VALUE);
            range("limits.passive-view-peers-per-neighbor", passiveViewPeersPerNeighbor, 1, 10_000);
            if (maxPendingPublishBytes < frameLimits.maxFrameLength()) {
                throw new InvalidSettingException("limits.max-pending-publish-bytes", maxPendingPublishBytes,
                        "at least max-message-size (" + frameLimits.maxFrameLength() + " bytes): a message that fits "
                        + "only into an empty publish queue waits behind every other publisher; raise it, or lower "
                        + "max-message-size (MeshSettings.Builder.maxPendingPublishBytes, maxMessageSize)");
            }
            if (maxReorderBytes < frameLimits.maxFrameLength()) {
                throw new InvalidSettingException("limits.max-reorder-bytes", maxReorderBytes,
                        "at least max-message-size (" + frameLimits.maxFrameLength() + " bytes): one message held "
                        + "behind a gap would overflow it; raise it, or lower max-message-size "
                        + "(MeshSettings.Builder.maxReorderBytes, maxMessageSize)");
            }
            LimitSettings limits = new LimitSettings(maxPendingHandshakes, maxPendingHandshakesPerAddress,
                    linkFrameRate, linkFrameBurst, referralRate, referralBurst,
                    Math.min(passiveViewPeersPerNeighbor, passiveViewSize), maxPendingPublishes, maxPendingDeliveries,
                    maxLinkBacklogBytes, linkHighWaterBytes, maxPendingAsyncPublishes, maxPendingPublishBytes,
                    maxReorderBytes, maxPendingRequests, maxDirectLinks, socketSendBufferBytes,
                    socketReceiveBufferBytes, maxSealBytes);
            int cap = payloadBacklogCapBytes < 0 ? Math.min(DEFAULT_PAYLOAD_BACKLOG_CAP, maxLinkBacklogBytes)
                    : payloadBacklogCapBytes;
            if (cap < 1024 || cap > maxLinkBacklogBytes) {
                throw new InvalidSettingException("tree.payload-backlog-cap", cap, "allowed: 1024 "
                        + "to limits.max-link-backlog (" + maxLinkBacklogBytes + " bytes): a link is closed past "
                        + "that backlog anyway (MeshSettings.Builder.payloadBacklogCapBytes)");
            }
            positive("leave-timeout", leaveTimeout);
            notNegative("publish-timeout", publishTimeout);
            Objects.requireNonNull(dissemination, "dissemination");
            Objects.requireNonNull(ordering, "ordering");
            TreeSettings tree = new TreeSettings(graftTimeout, graftRetry, announceInterval, maxGraftAttempts, cap,
                    adaptiveGraftWait, newOrigins);
            MessageCacheSettings messageCache = new MessageCacheSettings(messageCacheCount, messageCacheBytes,
                    messageCacheMaxAge);
            if (messageCacheBytes < frameLimits.maxFrameLength()) {
                throw new InvalidSettingException("message-cache.bytes", messageCacheBytes,
                        "at least the maximum message size (" + frameLimits.maxFrameLength() + " bytes)");
            }
            positive("repair-window", repairWindow);
            positive("shuffle-interval", shuffleInterval);
            range("join-walk-length", joinWalkLength, 0, 255);
            DialBackoffSettings dialBackoff = new DialBackoffSettings(dialBackoffInitial, dialBackoffMax, lostPeers,
                    lostPeerRetry, lostPeerRetention);
            positive("isolation-warning", isolationWarning);
            return new MeshSettings(this, neighbors, keepalive, limits, resolver, duplicateCache, messageCache, tree,
                    dialBackoff);
        }
    }
}
