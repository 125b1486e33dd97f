package dev.peermesh;

import dev.peermesh.wire.Frame;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Everything a node can be told: identity, addresses, neighbor bounds, password, limits and timers. Immutable;
 * made by {@link #builder(String)}, which checks every value and says what is allowed.
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
    private final int minNeighbors;
    private final int idealNeighbors;
    private final int maxNeighbors;
    private final @Nullable String password;
    private final FrameLimits frameLimits;
    private final Duration handshakeTimeout;
    private final Duration keepaliveInterval;
    private final int keepaliveMisses;
    private final Duration maintenanceInterval;
    private final int passiveViewSize;
    private final int resolveBatch;
    private final int duplicateCacheOrigins;
    private final Duration duplicateCacheMaxIdle;
    private final int maxPendingHandshakes;
    private final int maxPendingHandshakesPerAddress;
    private final int linkFrameRate;
    private final int linkFrameBurst;
    private final int referralRate;
    private final int referralBurst;
    private final int passiveViewPeersPerNeighbor;
    private final int maxPendingPublishes;
    private final int maxPendingDeliveries;
    private final int maxLinkBacklogBytes;
    private final int linkHighWaterBytes;
    private final int payloadBacklogCapBytes;
    private final boolean adaptiveGraftWait;
    private final NewOrigins newOrigins;
    private final Duration resolverRefreshInterval;
    private final Duration leaveTimeout;
    private final boolean stampSendTime;
    private final DisseminationMode dissemination;
    private final Duration graftTimeout;
    private final Duration graftRetry;
    private final Duration announceInterval;
    private final int maxGraftAttempts;
    private final int messageCacheCount;
    private final long messageCacheBytes;
    private final Duration messageCacheMaxAge;
    private final Duration repairWindow;
    private final Duration shuffleInterval;
    private final int joinWalkLength;
    private final Duration dialBackoffInitial;
    private final Duration dialBackoffMax;
    private final Duration isolationWarning;

    private MeshSettings(Builder b) {
        this.meshId = b.meshId;
        this.bindAddress = b.bindAddress;
        this.port = b.port;
        this.advertisedHost = b.advertisedHost;
        this.advertisedPort = b.advertisedPort;
        this.minNeighbors = b.minNeighbors;
        this.idealNeighbors = b.idealNeighbors;
        this.maxNeighbors = b.maxNeighbors;
        this.password = b.password;
        this.frameLimits = b.frameLimits;
        this.handshakeTimeout = b.handshakeTimeout;
        this.keepaliveInterval = b.keepaliveInterval;
        this.keepaliveMisses = b.keepaliveMisses;
        this.maintenanceInterval = b.maintenanceInterval;
        this.passiveViewSize = b.passiveViewSize;
        this.resolveBatch = b.resolveBatch;
        this.duplicateCacheOrigins = b.duplicateCacheOrigins;
        this.duplicateCacheMaxIdle = b.duplicateCacheMaxIdle;
        this.maxPendingHandshakes = b.maxPendingHandshakes;
        this.maxPendingHandshakesPerAddress = Math.min(b.maxPendingHandshakesPerAddress, b.maxPendingHandshakes);
        this.linkFrameRate = b.linkFrameRate;
        this.linkFrameBurst = b.linkFrameBurst;
        this.referralRate = b.referralRate;
        this.referralBurst = b.referralBurst;
        this.passiveViewPeersPerNeighbor = Math.min(b.passiveViewPeersPerNeighbor, b.passiveViewSize);
        this.maxPendingPublishes = b.maxPendingPublishes;
        this.maxPendingDeliveries = b.maxPendingDeliveries;
        this.maxLinkBacklogBytes = b.maxLinkBacklogBytes;
        this.linkHighWaterBytes = b.linkHighWaterBytes;
        this.payloadBacklogCapBytes = b.payloadBacklogCapBytes();
        this.adaptiveGraftWait = b.adaptiveGraftWait;
        this.newOrigins = b.newOrigins;
        this.resolverRefreshInterval = b.resolverRefreshInterval;
        this.leaveTimeout = b.leaveTimeout;
        this.stampSendTime = b.stampSendTime;
        this.dissemination = b.dissemination;
        this.graftTimeout = b.graftTimeout;
        this.graftRetry = b.graftRetry;
        this.announceInterval = b.announceInterval;
        this.maxGraftAttempts = b.maxGraftAttempts;
        this.messageCacheCount = b.messageCacheCount;
        this.messageCacheBytes = b.messageCacheBytes;
        this.messageCacheMaxAge = b.messageCacheMaxAge;
        this.repairWindow = b.repairWindow;
        this.shuffleInterval = b.shuffleInterval;
        this.joinWalkLength = b.joinWalkLength;
        this.dialBackoffInitial = b.dialBackoffInitial;
        this.dialBackoffMax = b.dialBackoffMax;
        this.isolationWarning = b.isolationWarning;
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

    /** Below this many neighbors the node repairs at once. */
    public int minNeighbors() { return minNeighbors; }

    /** The node dials until it has this many neighbors. */
    public int idealNeighbors() { return idealNeighbors; }

    /** The node refuses links beyond this many neighbors. */
    public int maxNeighbors() { return maxNeighbors; }

    /** The mesh password, or {@code null} for an open mesh. */
    public @Nullable String password() { return password; }

    /** Limits on frames from peers; its frame length is the maximum message size. */
    public FrameLimits frameLimits() { return frameLimits; }

    /** Largest DATA frame, in bytes, a node sends or accepts. */
    public int maxMessageSize() { return frameLimits.maxFrameLength(); }

    /** How long a link may take to authenticate. */
    public Duration handshakeTimeout() { return handshakeTimeout; }

    /** How often neighbors are pinged. */
    public Duration keepaliveInterval() { return keepaliveInterval; }

    /** Keepalive intervals without a frame after which a neighbor is taken for dead. */
    public int keepaliveMisses() { return keepaliveMisses; }

    /** How often the node checks its neighbor count and ages its caches. */
    public Duration maintenanceInterval() { return maintenanceInterval; }

    /** Most peers remembered from referrals and the resolver. */
    public int passiveViewSize() { return passiveViewSize; }

    /** Most addresses asked of the resolver at once. */
    public int resolveBatch() { return resolveBatch; }

    /** Most publishers whose sequence numbers the duplicate cache tracks. */
    public int duplicateCacheOrigins() { return duplicateCacheOrigins; }

    /** How long a silent publisher stays in the duplicate cache. */
    public Duration duplicateCacheMaxIdle() { return duplicateCacheMaxIdle; }

    /** Most inbound links that may be authenticating at once. */
    public int maxPendingHandshakes() { return maxPendingHandshakes; }

    /**
     * Most inbound links from one IP address that may be authenticating at once; never more than
     * {@link #maxPendingHandshakes()}.
     */
    public int maxPendingHandshakesPerAddress() { return maxPendingHandshakesPerAddress; }

    /**
     * Frames per second a neighbor may send on average; a neighbor that sends faster, beyond
     * {@link #linkFrameBurst()}, is disconnected. Counted over maintenance intervals.
     */
    public int linkFrameRate() { return linkFrameRate; }

    /** Frames a neighbor may send at once beyond its {@link #linkFrameRate()}. */
    public int linkFrameBurst() { return linkFrameBurst; }

    /**
     * Peers per second a neighbor may offer on average in shuffles and join walks; what it offers beyond that and
     * {@link #referralBurst()} is ignored.
     */
    public int referralRate() { return referralRate; }

    /** Peers a neighbor may offer at once beyond its {@link #referralRate()}. */
    public int referralBurst() { return referralBurst; }

    /**
     * Most passive-view entries that only one neighbor vouches for; never more than {@link #passiveViewSize()}. A
     * neighbor that offers more replaces its own oldest ones, so no single neighbor fills the view with fake peers.
     */
    public int passiveViewPeersPerNeighbor() { return passiveViewPeersPerNeighbor; }

    /** Most publishes waiting for the node's protocol thread before publish fails with back-pressure. */
    public int maxPendingPublishes() { return maxPendingPublishes; }

    /**
     * Messages and events waiting for subscribers: at half, the node stops reading and publishing until a quarter is
     * left; beyond four times (at least 16,384), they are dropped and counted.
     */
    public int maxPendingDeliveries() { return maxPendingDeliveries; }

    /** Most bytes queued for one neighbor before it is disconnected as too slow. */
    public int maxLinkBacklogBytes() { return maxLinkBacklogBytes; }

    /**
     * Bytes queued for one neighbor past which the link is congested: publishes wait, and new ones are turned away
     * with back-pressure, until it drains below half of it.
     */
    public int linkHighWaterBytes() { return linkHighWaterBytes; }

    /**
     * Bytes queued for one neighbor below which a tree relay always pushes a payload to a child on it, however
     * congested the link; above it the link counts as lossy, the relay only announces the message (the child pulls
     * it) and counts the diverted payload. At most {@link #maxLinkBacklogBytes()}.
     */
    public int payloadBacklogCapBytes() { return payloadBacklogCapBytes; }

    /**
     * Whether a tree-mode node waits for a missing payload as long as that origin's payloads lately trailed their
     * announcements (a smoothed lag plus four deviations, at most {@link #graftTimeout()}) instead of the whole
     * {@link #graftTimeout()} before pulling it. Off by default: in the simulator's 1,000-node mesh with many random
     * senders it pulled payloads that were on their way on longer tree paths, and the pulls reshaped the trees
     * (RMR 0.000 with the fixed wait, 0.14 adaptive; docs/engine.md).
     */
    public boolean adaptiveGraftWait() { return adaptiveGraftWait; }

    /** How a tree-mode node sends the first messages of an origin it has no tree for; see {@link NewOrigins}. */
    public NewOrigins newOrigins() { return newOrigins; }

    /** How the first messages of an origin a node has no tree for yet travel (tree mode). */
    public enum NewOrigins {

        /**
         * To every link; the duplicates they cause prune the origin's tree down to its shortest paths. Costs almost
         * a flood per new origin (1,000 random senders in a 1,000-node mesh: RMR 1.9; 2.8 under churn), but spreads
         * busy origins' trees over more links (docs/engine.md). For meshes with a few busy publishers that run
         * near their links' bandwidth.
         */
        FLOOD,

        /**
         * Along the tree the node already has: each link's last PRUNE or GRAFT, for any origin; new links join it
         * only where a node is cut off from it (RMR 0.000 in the same stable mesh, 0.07 under churn). Every
         * origin's tree then starts as that one tree and keeps most of its links, so busy origins share the same
         * links (docs/engine.md). The default.
         */
        FOLLOW_TREE
    }

    /** How often the node refreshes its resolver registration. */
    public Duration resolverRefreshInterval() { return resolverRefreshInterval; }

    /** How long a graceful stop waits for the leave notices to be written. */
    public Duration leaveTimeout() { return leaveTimeout; }

    /**
     * Whether published messages carry the publisher's wall-clock time in the {@link MeshMessage#SENT_AT_HEADER}
     * header, for delivery-latency metrics.
     */
    public boolean stampSendTime() { return stampSendTime; }

    /** How messages spread: broadcast trees (the default) or flooding. */
    public DisseminationMode dissemination() { return dissemination; }

    /**
     * Tree mode: how long a node waits for a payload after hearing of it before pulling it; with
     * {@link #adaptiveGraftWait()} the longest it waits.
     */
    public Duration graftTimeout() { return graftTimeout; }

    /** Tree mode: how long a node waits after each pull before trying another announcer. */
    public Duration graftRetry() { return graftRetry; }

    /** Tree mode: how long announcements to off-tree neighbors are batched. */
    public Duration announceInterval() { return announceInterval; }

    /** Tree mode: pulls tried for one message before it is reported lost. */
    public int maxGraftAttempts() { return maxGraftAttempts; }

    /** Tree mode: most messages kept to answer pulls. */
    public int messageCacheCount() { return messageCacheCount; }

    /** Tree mode: most payload bytes kept to answer pulls. */
    public long messageCacheBytes() { return messageCacheBytes; }

    /** Tree mode: how long a message is kept to answer pulls. */
    public Duration messageCacheMaxAge() { return messageCacheMaxAge; }

    /** How long a gap in a publisher's sequence may stay open before the missing messages are reported lost. */
    public Duration repairWindow() { return repairWindow; }

    /** How often the node swaps a sample of its views with a random neighbor, to keep its passive view fresh. */
    public Duration shuffleInterval() { return shuffleInterval; }

    /**
     * Hops a join walk travels before its last node links to the joiner (HyParView's active random walk length);
     * nodes halfway along remember the joiner in their passive views. 0 sends no join walks.
     */
    public int joinWalkLength() { return joinWalkLength; }

    /**
     * How long an address is not dialled again after a link to it failed or was refused (whichever side found the
     * fault: wrong password, wrong mesh, TLS, timeout, no answer). Each further failure in a row doubles the wait,
     * up to {@link #dialBackoffMax()}; a link to the address that is established resets it.
     */
    public Duration dialBackoffInitial() { return dialBackoffInitial; }

    /** The longest wait before an address that keeps failing is dialled again. */
    public Duration dialBackoffMax() { return dialBackoffMax; }

    /**
     * How long the node may run without any neighbor before it logs a warning naming its resolver, the peers it
     * tried and why each failed (repeated, at most once a minute, while it lasts).
     */
    public Duration isolationWarning() { return isolationWarning; }

    /** How messages spread through the mesh. */
    public enum DisseminationMode {

        /** Epidemic broadcast trees (Plumtree): payloads along a tree, ids to the rest, pulls to repair. */
        TREE,
        /** Every node sends every new message to all its neighbors but the sender (WCF's behaviour). */
        FLOOD
    }

    /** Builds {@link MeshSettings}; every setter checks its value at {@link #build()}. */
    public static final class Builder {

        private static final int DEFAULT_PAYLOAD_BACKLOG_CAP = 4 << 20;

        private final String meshId;
        private String bindAddress = "0.0.0.0";
        private int port;
        private @Nullable String advertisedHost;
        private int advertisedPort;
        private int minNeighbors = 2;
        private int idealNeighbors = 3;
        private int maxNeighbors = 7;
        private @Nullable String password;
        private FrameLimits frameLimits = FrameLimits.defaults();
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration keepaliveInterval = Duration.ofSeconds(5);
        private int keepaliveMisses = 3;
        private Duration maintenanceInterval = Duration.ofSeconds(2);
        private int passiveViewSize = 30;
        private int resolveBatch = 5;
        private int duplicateCacheOrigins = 10_000;
        private Duration duplicateCacheMaxIdle = Duration.ofMinutes(10);
        private int maxPendingHandshakes = 32;
        private int maxPendingHandshakesPerAddress = 8;
        private int linkFrameRate = 500_000;
        private int linkFrameBurst = 1_000_000;
        private int referralRate = 2;
        private int referralBurst = 60;
        private int passiveViewPeersPerNeighbor = 8;
        private int maxPendingPublishes = 10_000;
        private int maxPendingDeliveries = 10_000;
        private int maxLinkBacklogBytes = 16 << 20;
        private int linkHighWaterBytes = 256 << 10;
        /** Not set: {@link #DEFAULT_PAYLOAD_BACKLOG_CAP}, or the link backlog limit when that is smaller. */
        private int payloadBacklogCapBytes = -1;
        private boolean adaptiveGraftWait;
        private NewOrigins newOrigins = NewOrigins.FOLLOW_TREE;
        private Duration resolverRefreshInterval = Duration.ofMinutes(5);
        private Duration leaveTimeout = Duration.ofSeconds(2);
        private boolean stampSendTime = true;
        private DisseminationMode dissemination = DisseminationMode.TREE;
        private Duration graftTimeout = Duration.ofMillis(120);
        private Duration graftRetry = Duration.ofMillis(100);
        private Duration announceInterval = Duration.ofMillis(20);
        private int maxGraftAttempts = 7;
        private int messageCacheCount = 50_000;
        private long messageCacheBytes = 64L << 20;
        private Duration messageCacheMaxAge = Duration.ofSeconds(60);
        private Duration repairWindow = Duration.ofSeconds(10);
        private Duration shuffleInterval = Duration.ofSeconds(10);
        private int joinWalkLength = 6;
        private Duration dialBackoffInitial = Duration.ofSeconds(6);
        private Duration dialBackoffMax = Duration.ofMinutes(2);
        private Duration isolationWarning = Duration.ofSeconds(10);

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

        public Builder maxLinkBacklogBytes(int bytes) { this.maxLinkBacklogBytes = bytes; return this; }

        public Builder linkHighWaterBytes(int bytes) { this.linkHighWaterBytes = bytes; return this; }

        /**
         * See {@link MeshSettings#payloadBacklogCapBytes()}; when not set, 4 MiB, or {@link #maxLinkBacklogBytes} when
         * that is smaller.
         */
        public Builder payloadBacklogCapBytes(int bytes) { this.payloadBacklogCapBytes = bytes; return this; }

        /** See {@link MeshSettings#adaptiveGraftWait()}. */
        public Builder adaptiveGraftWait(boolean adaptive) { this.adaptiveGraftWait = adaptive; return this; }

        /** See {@link MeshSettings#newOrigins()}. */
        public Builder newOrigins(NewOrigins newOrigins) {
            this.newOrigins = java.util.Objects.requireNonNull(newOrigins, "newOrigins");
            return this;
        }

        private int payloadBacklogCapBytes() {
            return payloadBacklogCapBytes < 0 ? Math.min(DEFAULT_PAYLOAD_BACKLOG_CAP, maxLinkBacklogBytes)
                    : payloadBacklogCapBytes;
        }

        public Builder resolverRefreshInterval(Duration interval) {
            this.resolverRefreshInterval = interval;
            return this;
        }

        public Builder leaveTimeout(Duration timeout) { this.leaveTimeout = timeout; return this; }

        public Builder stampSendTime(boolean stamp) { this.stampSendTime = stamp; return this; }

        public Builder dissemination(DisseminationMode mode) { this.dissemination = mode; return this; }

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
        public Builder dialBackoff(Duration initial, Duration max) {
            this.dialBackoffInitial = initial;
            this.dialBackoffMax = max;
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
            range("neighbors.min", minNeighbors, 1, 64);
            range("neighbors.ideal", idealNeighbors, minNeighbors, 64);
            range("neighbors.max", maxNeighbors, idealNeighbors, 64);
            Objects.requireNonNull(frameLimits, "frameLimits");
            positive("handshake-timeout", handshakeTimeout);
            positive("keepalive.interval", keepaliveInterval);
            range("keepalive.misses", keepaliveMisses, 1, 100);
            positive("maintenance-interval", maintenanceInterval);
            range("passive-view-size", passiveViewSize, 1, 10_000);
            range("resolver.batch-size", resolveBatch, 1, 100);
            range("duplicate-cache.origins", duplicateCacheOrigins, 16, 10_000_000);
            positive("duplicate-cache.max-idle", duplicateCacheMaxIdle);
            range("limits.max-pending-handshakes", maxPendingHandshakes, 1, 100_000);
            range("limits.max-pending-handshakes-per-address", maxPendingHandshakesPerAddress, 1, 100_000);
            range("limits.link-frame-rate", linkFrameRate, 10, 100_000_000);
            range("limits.link-frame-burst", linkFrameBurst, 10, 1_000_000_000);
            range("limits.referral-rate", referralRate, 1, 100_000);
            if (referralBurst < Frame.MAX_REFERRALS || referralBurst > 1_000_000) {
                throw new InvalidSettingException("limits.referral-burst", referralBurst, "allowed: "
                        + Frame.MAX_REFERRALS + " (the referrals one frame may carry) to 1000000");
            }
            range("limits.passive-view-peers-per-neighbor", passiveViewPeersPerNeighbor, 1, 10_000);
            range("limits.max-pending-publishes", maxPendingPublishes, 1, 10_000_000);
            range("limits.max-pending-deliveries", maxPendingDeliveries, 1, 10_000_000);
            range("limits.max-link-backlog", maxLinkBacklogBytes, frameLimits.maxFrameLength(), Integer.MAX_VALUE);
            range("limits.link-high-water", linkHighWaterBytes, 1024, maxLinkBacklogBytes / 2);
            int cap = payloadBacklogCapBytes();
            if (cap < 1024 || cap > maxLinkBacklogBytes) {
                throw new InvalidSettingException("tree.payload-backlog-cap", cap, "allowed: 1024 "
                        + "to limits.max-link-backlog (" + maxLinkBacklogBytes + " bytes): a link is closed past "
                        + "that backlog anyway (MeshSettings.Builder.payloadBacklogCapBytes)");
            }
            positive("resolver.refresh-interval", resolverRefreshInterval);
            positive("leave-timeout", leaveTimeout);
            java.util.Objects.requireNonNull(dissemination, "dissemination");
            positive("tree.graft-timeout", graftTimeout);
            positive("tree.graft-retry", graftRetry);
            positive("tree.announce-interval", announceInterval);
            range("tree.max-graft-attempts", maxGraftAttempts, 1, 100);
            range("message-cache.count", messageCacheCount, 1, 10_000_000);
            if (messageCacheBytes < frameLimits.maxFrameLength()) {
                throw new InvalidSettingException("message-cache.bytes", messageCacheBytes,
                        "at least the maximum message size (" + frameLimits.maxFrameLength() + " bytes)");
            }
            positive("message-cache.max-age", messageCacheMaxAge);
            positive("repair-window", repairWindow);
            positive("shuffle-interval", shuffleInterval);
            range("join-walk-length", joinWalkLength, 0, 255);
            positive("dial-backoff.initial", dialBackoffInitial);
            positive("dial-backoff.max", dialBackoffMax);
            if (dialBackoffMax.compareTo(dialBackoffInitial) < 0 || dialBackoffMax.compareTo(Duration.ofDays(1)) > 0) {
                throw new InvalidSettingException("dial-backoff.max", dialBackoffMax, "at least dial-backoff.initial ("
                        + dialBackoffInitial + ") and at most 1 day (MeshSettings.Builder.dialBackoff)");
            }
            positive("isolation-warning", isolationWarning);
            return new MeshSettings(this);
        }

        private static void range(String name, int value, int min, int max) {
            if (value < min || value > max) {
                throw new InvalidSettingException(name, value, "allowed: " + min + " to " + max);
            }
        }

        private static void positive(String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new InvalidSettingException(name, value, "give a positive duration");
            }
        }
    }
}
