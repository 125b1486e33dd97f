package dev.peermesh.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the application's mesh node, under {@code peermesh}.
 *
 * <p>{@code peermesh.mesh-id=orders} is all a node needs; the rest have safe defaults.
 */
@ConfigurationProperties(prefix = "peermesh", ignoreUnknownFields = false)
public class PeermeshProperties {

    /** Whether to create and start a mesh node. */
    private boolean enabled = true;

    /** Name of the mesh to join: letters, digits, '.', '-' and '_', like a DNS host name. Required. */
    private @Nullable String meshId;

    /** TCP port to listen on for neighbors; 0 lets the system choose. */
    private int port = 0;

    /** Local address to listen on; 0.0.0.0 for all interfaces. */
    private String bindAddress = "0.0.0.0";

    /**
     * Host, or host:port, that other nodes should dial; by default the bind address, or the first non-loopback IPv4
     * address when binding to all interfaces.
     */
    private @Nullable String advertisedAddress;

    /** Mesh password: only nodes that know it can join. Unset for an open mesh. */
    private @Nullable String password;

    /** How messages spread through the mesh: broadcast trees, or WCF-style flooding. */
    private Dissemination dissemination = Dissemination.TREE;

    /**
     * In which order another node's messages are delivered: each origin's in the order it published them (fifo, the
     * default: a gap holds that origin's later messages until it is repaired or reported lost), or as they arrive
     * (none).
     */
    private Ordering ordering = Ordering.FIFO;

    /**
     * How long a gap in a publisher's sequence may stay open before the missing messages are reported lost; with
     * ordering fifo, also about the longest the messages behind a gap wait for it.
     */
    private Duration repairWindow = Duration.ofSeconds(10);

    /** How often the node swaps a sample of its views with a random neighbor (HyParView shuffle). */
    private Duration shuffleInterval = Duration.ofSeconds(10);

    /** Hops a join walk travels before its last node links to the joiner; 0 sends no join walks. */
    private int joinWalkLength = 6;

    /**
     * Largest message (topic, headers, signature and payload, encoded) a node sends or accepts; at least 32KB. Nodes
     * tell it to their neighbors, and a publish larger than a neighbor's fails: set the same on every node.
     */
    private DataSize maxMessageSize = DataSize.ofMegabytes(1);

    /** Most links a message may cross by default (the outbound adapter's hop limit); 0 for no limit. */
    private int hopLimit = 0;

    /** How long a link may take to authenticate. */
    private Duration handshakeTimeout = Duration.ofSeconds(10);

    /**
     * How long a dial's TCP connect may take before it fails (at most handshake-timeout): short, so a peer reachable
     * again (a healed network cut) is dialled with a fresh connect soon. Raise it for links with long round trips.
     */
    private Duration connectTimeout = Duration.ofSeconds(2);

    /** How often the node checks its neighbor count and ages its caches. */
    private Duration maintenanceInterval = Duration.ofSeconds(2);

    /** How long a graceful stop waits for its leave notices to be written. */
    private Duration leaveTimeout = Duration.ofSeconds(2);

    /**
     * How long a publish waits while the node holds publishes back (a neighbor link over limits.link-high-water,
     * subscribers behind, limits.max-pending-publishes waiting) before it fails with back-pressure; also the
     * outbound adapter's wait and how long a publishAsync may wait. 0 fails at once.
     */
    private Duration publishTimeout = Duration.ofSeconds(5);

    /** Most peers kept in the passive view (known, not linked), from which lost neighbors are replaced at once. */
    private int passiveViewSize = 30;

    /** Whether published messages carry the publisher's clock, for the delivery-latency metric. */
    private boolean stampSendTime = true;

    /**
     * How long the node may run without any neighbor before it logs a warning naming its resolver, the peers it
     * tried and how each failed; repeated at most once a minute while it lasts.
     */
    private Duration isolationWarning = Duration.ofSeconds(10);

    private final DialBackoff dialBackoff = new DialBackoff();

    private final Neighbors neighbors = new Neighbors();

    private final Keepalive keepalive = new Keepalive();

    private final DuplicateCache duplicateCache = new DuplicateCache();

    private final Limits limits = new Limits();

    private final Ssl ssl = new Ssl();

    private final Security security = new Security();

    /** How the node finds peers. */
    @NestedConfigurationProperty
    private final ResolverProperties resolver = new ResolverProperties();

    private final Integration integration = new Integration();

    private final Health health = new Health();

    private final Tree tree = new Tree();

    private final MessageCache messageCache = new MessageCache();

    /** Late-joiner catch-up: what a starting or rejoining node asks its neighbors to replay. */
    @NestedConfigurationProperty
    private final CatchUpProperties catchUp = new CatchUpProperties();

    /** The PeermeshTemplate. */
    @NestedConfigurationProperty
    private final TemplateProperties template = new TemplateProperties();

    /** @PeermeshListener methods. */
    @NestedConfigurationProperty
    private final ListenerProperties listener = new ListenerProperties();

    /** Observations of the template and the listeners. */
    @NestedConfigurationProperty
    private final ObservationProperties observation = new ObservationProperties();

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public @Nullable String getMeshId() { return meshId; }
    public void setMeshId(@Nullable String meshId) { this.meshId = meshId; }
    public int getPort() { return port; }
    public void setPort(int port) { this.port = port; }
    public String getBindAddress() { return bindAddress; }
    public void setBindAddress(String bindAddress) { this.bindAddress = bindAddress; }
    public @Nullable String getAdvertisedAddress() { return advertisedAddress; }
    public void setAdvertisedAddress(@Nullable String advertisedAddress) { this.advertisedAddress = advertisedAddress; }
    public @Nullable String getPassword() { return password; }
    public void setPassword(@Nullable String password) { this.password = password; }
    public Dissemination getDissemination() { return dissemination; }
    public void setDissemination(Dissemination dissemination) { this.dissemination = dissemination; }
    public Ordering getOrdering() { return ordering; }
    public void setOrdering(Ordering ordering) { this.ordering = ordering; }
    public DataSize getMaxMessageSize() { return maxMessageSize; }
    public void setMaxMessageSize(DataSize maxMessageSize) { this.maxMessageSize = maxMessageSize; }
    public int getHopLimit() { return hopLimit; }
    public void setHopLimit(int hopLimit) { this.hopLimit = hopLimit; }
    public Duration getConnectTimeout() { return connectTimeout; }
    public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }
    public Duration getHandshakeTimeout() { return handshakeTimeout; }
    public void setHandshakeTimeout(Duration handshakeTimeout) { this.handshakeTimeout = handshakeTimeout; }
    public Duration getMaintenanceInterval() { return maintenanceInterval; }
    public void setMaintenanceInterval(Duration maintenanceInterval) { this.maintenanceInterval = maintenanceInterval; }
    public Duration getLeaveTimeout() { return leaveTimeout; }
    public void setLeaveTimeout(Duration leaveTimeout) { this.leaveTimeout = leaveTimeout; }
    public Duration getPublishTimeout() { return publishTimeout; }
    public void setPublishTimeout(Duration publishTimeout) { this.publishTimeout = publishTimeout; }
    public int getPassiveViewSize() { return passiveViewSize; }
    public void setPassiveViewSize(int passiveViewSize) { this.passiveViewSize = passiveViewSize; }
    public boolean isStampSendTime() { return stampSendTime; }
    public void setStampSendTime(boolean stampSendTime) { this.stampSendTime = stampSendTime; }
    public Neighbors getNeighbors() { return neighbors; }
    public Keepalive getKeepalive() { return keepalive; }
    public DuplicateCache getDuplicateCache() { return duplicateCache; }
    public Limits getLimits() { return limits; }
    public Ssl getSsl() { return ssl; }
    public Security getSecurity() { return security; }
    public ResolverProperties getResolver() { return resolver; }
    public Integration getIntegration() { return integration; }
    public Health getHealth() { return health; }
    public Tree getTree() { return tree; }
    public MessageCache getMessageCache() { return messageCache; }
    public CatchUpProperties getCatchUp() { return catchUp; }
    public TemplateProperties getTemplate() { return template; }
    public ListenerProperties getListener() { return listener; }
    public ObservationProperties getObservation() { return observation; }
    public Duration getRepairWindow() { return repairWindow; }
    public void setRepairWindow(Duration repairWindow) { this.repairWindow = repairWindow; }
    public Duration getShuffleInterval() { return shuffleInterval; }
    public void setShuffleInterval(Duration shuffleInterval) { this.shuffleInterval = shuffleInterval; }
    public int getJoinWalkLength() { return joinWalkLength; }
    public void setJoinWalkLength(int joinWalkLength) { this.joinWalkLength = joinWalkLength; }
    public Duration getIsolationWarning() { return isolationWarning; }
    public void setIsolationWarning(Duration isolationWarning) { this.isolationWarning = isolationWarning; }
    public DialBackoff getDialBackoff() { return dialBackoff; }

    /**
     * How long a peer that failed is left alone before it is dialled again: a failed dial or handshake (wrong
     * password, wrong mesh, TLS, timeout, refused), whichever side found it, holds the address for {@code initial},
     * doubling while failures repeat up to {@code max}; a link established with it resets the wait.
     */
    public static class DialBackoff {

        /** How long an address that failed once is not dialled again. */
        private Duration initial = Duration.ofSeconds(6);

        /** The longest wait before an address that keeps failing is dialled again. */
        private Duration max = Duration.ofMinutes(2);

        /**
         * Most neighbors lost without a word (a link that broke or went silent) kept for dialling again whatever the
         * neighbor count, so the halves of a mesh cut in two find each other again without the resolver; 0 for none.
         */
        private int lostPeers = 16;

        /** The longest wait between two dials of a lost neighbor (the wait doubles from one maintenance tick). */
        private Duration lostPeerRetry = Duration.ofSeconds(2);

        /** How long a lost neighbor is dialled again before it is forgotten. */
        private Duration lostPeerRetention = Duration.ofMinutes(10);

        public Duration getInitial() { return initial; }
        public void setInitial(Duration initial) { this.initial = initial; }
        public Duration getMax() { return max; }
        public void setMax(Duration max) { this.max = max; }
        public int getLostPeers() { return lostPeers; }
        public void setLostPeers(int lostPeers) { this.lostPeers = lostPeers; }
        public Duration getLostPeerRetry() { return lostPeerRetry; }
        public void setLostPeerRetry(Duration lostPeerRetry) { this.lostPeerRetry = lostPeerRetry; }
        public Duration getLostPeerRetention() { return lostPeerRetention; }
        public void setLostPeerRetention(Duration lostPeerRetention) { this.lostPeerRetention = lostPeerRetention; }
    }

    /** How messages spread. */
    /** How the first messages of an origin a node has no tree for yet travel; see peermesh.tree.new-origins. */
    public enum NewOrigins {
        /** To every link; the duplicates prune the origin's own tree. */
        FLOOD,
        /** Along the tree the node already has. */
        FOLLOW_TREE
    }

    /** How a node spreads messages ({@code peermesh.dissemination}). */
    public enum Dissemination {

        /** Epidemic broadcast trees (Plumtree): payloads along a tree, ids to the rest, pulls to repair. */
        TREE,
        /** Every node sends every new message to all its neighbors but the sender (WCF's behaviour). */
        FLOOD
    }

    /** In which order a node delivers another node's messages ({@code peermesh.ordering}). */
    public enum Ordering {

        /** Each origin's messages in the order it published them. */
        FIFO,
        /** Each message as soon as it arrives. */
        NONE
    }

    /** Repair timing of broadcast trees. */
    public static class Tree {

        /**
         * How long a node waits for a payload after hearing of it before pulling it from an announcer; with
         * adaptive-graft-wait the longest it waits.
         */
        private Duration graftTimeout = Duration.ofMillis(120);

        /** How long it waits after the first pull before trying another announcer; each further wait doubles. */
        private Duration graftRetry = Duration.ofMillis(100);

        /** How long announcements to off-tree neighbors are batched. */
        private Duration announceInterval = Duration.ofMillis(20);

        /** Pulls tried for one message before it is reported lost. */
        private int maxGraftAttempts = 7;

        /**
         * Bytes queued for one neighbor below which a relay always pushes a payload to a child on it, however
         * congested; above it the link counts as lossy, the payload is only announced (the child pulls it) and
         * counted (peermesh.messages.payloads-over-cap). At most limits.max-link-backlog; when not set, 4MB or
         * limits.max-link-backlog if that is smaller.
         */
        private @Nullable DataSize payloadBacklogCap;

        /**
         * Whether the wait before a pull follows how late each origin's payloads lately trailed their announcements
         * (from the announce interval up to graft-timeout) instead of always being graft-timeout. Off by default:
         * with many senders it pulled payloads still on their way on longer tree paths (docs/engine.md).
         */
        private boolean adaptiveGraftWait;

        /**
         * How the first messages of an origin a node has no tree for yet travel: follow-tree (the default: along
         * the tree the node already has; far fewer copies with many publishers and under churn, but busy
         * publishers share the same links) or flood (to every link; its duplicates prune the origin's own
         * shortest-path tree: about a flood per new origin).
         */
        private NewOrigins newOrigins = NewOrigins.FOLLOW_TREE;

        public Duration getGraftTimeout() { return graftTimeout; }
        public void setGraftTimeout(Duration graftTimeout) { this.graftTimeout = graftTimeout; }
        public Duration getGraftRetry() { return graftRetry; }
        public void setGraftRetry(Duration graftRetry) { this.graftRetry = graftRetry; }
        public Duration getAnnounceInterval() { return announceInterval; }
        public void setAnnounceInterval(Duration announceInterval) { this.announceInterval = announceInterval; }
        public int getMaxGraftAttempts() { return maxGraftAttempts; }
        public void setMaxGraftAttempts(int maxGraftAttempts) { this.maxGraftAttempts = maxGraftAttempts; }
        public @Nullable DataSize getPayloadBacklogCap() { return payloadBacklogCap; }
        public void setPayloadBacklogCap(@Nullable DataSize payloadBacklogCap) {
            this.payloadBacklogCap = payloadBacklogCap;
        }
        public boolean isAdaptiveGraftWait() { return adaptiveGraftWait; }
        public void setAdaptiveGraftWait(boolean adaptiveGraftWait) { this.adaptiveGraftWait = adaptiveGraftWait; }
        public NewOrigins getNewOrigins() { return newOrigins; }
        public void setNewOrigins(NewOrigins newOrigins) { this.newOrigins = newOrigins; }
    }

    /** Recent messages kept to answer pulls from neighbors that missed them (tree mode). */
    public static class MessageCache {

        /** Most messages kept. */
        private int count = 50_000;

        /** Most payload bytes kept. */
        private DataSize bytes = DataSize.ofMegabytes(64);

        /** How long a message is kept. */
        private Duration maxAge = Duration.ofSeconds(60);

        public int getCount() { return count; }
        public void setCount(int count) { this.count = count; }
        public DataSize getBytes() { return bytes; }
        public void setBytes(DataSize bytes) { this.bytes = bytes; }
        public Duration getMaxAge() { return maxAge; }
        public void setMaxAge(Duration maxAge) { this.maxAge = maxAge; }
    }

    /** Bounds on a node's neighbor count. */
    public static class Neighbors {

        /** Below this many neighbors the node repairs at once. */
        private int min = 2;

        /** The node dials until it has this many neighbors. */
        private int ideal = 3;

        /** The node refuses links beyond this many neighbors. */
        private int max = 7;

        public int getMin() { return min; }
        public void setMin(int min) { this.min = min; }
        public int getIdeal() { return ideal; }
        public void setIdeal(int ideal) { this.ideal = ideal; }
        public int getMax() { return max; }
        public void setMax(int max) { this.max = max; }
    }

    /** Detection of dead neighbors. */
    public static class Keepalive {

        /** How often neighbors are pinged. */
        private Duration interval = Duration.ofSeconds(5);

        /** Silent intervals after which a neighbor is taken for dead. */
        private int misses = 3;

        public Duration getInterval() { return interval; }
        public void setInterval(Duration interval) { this.interval = interval; }
        public int getMisses() { return misses; }
        public void setMisses(int misses) { this.misses = misses; }
    }

    /** Memory of messages already seen. */
    public static class DuplicateCache {

        /** Most publishers whose sequence numbers are tracked. */
        private int origins = 10_000;

        /** How long a silent publisher stays tracked. */
        private Duration maxIdle = Duration.ofMinutes(10);

        public int getOrigins() { return origins; }
        public void setOrigins(int origins) { this.origins = origins; }
        public Duration getMaxIdle() { return maxIdle; }
        public void setMaxIdle(Duration maxIdle) { this.maxIdle = maxIdle; }
    }

    /** Limits on what peers and publishers may send, and on queues. */
    public static class Limits {

        /** Longest topic, in UTF-8 bytes. */
        private int topicLength = 256;

        /** Most headers on one message. */
        private int headers = 64;

        /** Longest header name, in UTF-8 bytes. */
        private int headerNameLength = 256;

        /** Longest header value, in UTF-8 bytes. */
        private int headerValueLength = 4096;

        /** Most inbound links authenticating at once. */
        private int maxPendingHandshakes = 32;

        /** Most inbound links from one IP address authenticating at once (never more than max-pending-handshakes). */
        private int maxPendingHandshakesPerAddress = 8;

        /**
         * Frames per second a neighbor may send on average, counted over maintenance intervals; a neighbor that
         * sends faster, beyond the burst, is disconnected (reason rate-limited).
         */
        private int linkFrameRate = 500_000;

        /** Frames a neighbor may send at once beyond its average rate. */
        private int linkFrameBurst = 1_000_000;

        /**
         * Peers per second a neighbor may offer on average in shuffles and join walks; what it offers beyond that
         * and the burst is ignored.
         */
        private int referralRate = 2;

        /** Peers a neighbor may offer at once beyond its average rate; at least 10 (one full frame). */
        private int referralBurst = 60;

        /**
         * Most passive-view peers that only one neighbor vouches for (never more than passive-view-size): a
         * neighbor offering more replaces its own oldest, so no neighbor can fill the view with fake peers.
         */
        private int passiveViewPeersPerNeighbor = 8;

        /**
         * Most publishes waiting for the node's protocol thread; past it, publishers wait (up to publish-timeout)
         * and then fail with back-pressure.
         */
        private int maxPendingPublishes = 10_000;

        /**
         * Most payload bytes of the publishes waiting for the node's protocol thread, beside max-pending-publishes:
         * past it, publishers wait as for a full queue. At least max-message-size.
         */
        private DataSize maxPendingPublishBytes = DataSize.ofMegabytes(16);

        /**
         * Most bytes of messages held back because an earlier message of their origin is missing (ordering fifo),
         * all origins together, each counting its payload and 128 bytes: past it, the oldest gap is reported lost
         * and the messages behind it are delivered. At least max-message-size.
         */
        private DataSize maxReorderBytes = DataSize.ofMegabytes(16);

        /**
         * Most requests and sends to one node waiting for their replies or receipts at once; one more fails at once
         * with back-pressure.
         */
        private int maxPendingRequests = 10_000;

        /**
         * Most bytes of seals (signatures over runs of an origin's messages) a node keeps, its own and its peers', to
         * check sealed messages and to send each seal before the messages it covers; the oldest go first, and a
         * message whose seal went is neither checked nor sent sealed from this node. A full seal of 512 messages
         * takes about 16.6 KiB.
         */
        private DataSize maxSealBytes = DataSize.ofMegabytes(8);

        /**
         * Most direct links (a message for one node sent straight to it when it is no neighbor), dialled and accepted
         * together; one more is refused, or not dialled (the message goes through the mesh). 0 sends nothing straight
         * but to neighbors.
         */
        private int maxDirectLinks = 16;

        /**
         * Most publishAsync calls waiting for the node while it holds publishes back; one more fails its future with
         * back-pressure at once.
         */
        private int maxPendingAsyncPublishes = 10_000;

        /** Messages waiting for subscribers: at half, the node stops reading and publishing until a quarter is left. */
        private int maxPendingDeliveries = 10_000;

        /** Bytes queued for one neighbor before it is disconnected as too slow. */
        private DataSize maxLinkBacklog = DataSize.ofMegabytes(16);

        /**
         * Bytes queued for one neighbor past which the link is congested: publishes are held and publishers wait
         * (up to publish-timeout), until it drains below half of it. Tree relays keep pushing onto it up to
         * tree.payload-backlog-cap.
         */
        private DataSize linkHighWater = DataSize.ofKilobytes(256);

        /**
         * Kernel send buffer of each link's socket (SO_SNDBUF); 0 leaves it to the operating system. Kept small,
         * what a busy link cannot send yet waits in the node, where it counts towards link-high-water and holds
         * publishes back, instead of in the kernel where it delays everything behind it unseen. A link carries at
         * most about this many bytes per round trip: raise both buffers (or set 0) for links with long round trips.
         */
        private DataSize socketSendBuffer = DataSize.ofKilobytes(128);

        /** Kernel receive buffer of each link's socket (SO_RCVBUF); 0 leaves it to the operating system. */
        private DataSize socketReceiveBuffer = DataSize.ofKilobytes(256);

        public int getTopicLength() { return topicLength; }
        public void setTopicLength(int topicLength) { this.topicLength = topicLength; }
        public int getHeaders() { return headers; }
        public void setHeaders(int headers) { this.headers = headers; }
        public int getHeaderNameLength() { return headerNameLength; }
        public void setHeaderNameLength(int headerNameLength) { this.headerNameLength = headerNameLength; }
        public int getHeaderValueLength() { return headerValueLength; }
        public void setHeaderValueLength(int headerValueLength) { this.headerValueLength = headerValueLength; }
        public int getMaxPendingHandshakes() { return maxPendingHandshakes; }
        public void setMaxPendingHandshakes(int maxPendingHandshakes) {
            this.maxPendingHandshakes = maxPendingHandshakes;
        }
        public int getMaxPendingHandshakesPerAddress() { return maxPendingHandshakesPerAddress; }
        public void setMaxPendingHandshakesPerAddress(int maxPendingHandshakesPerAddress) {
            this.maxPendingHandshakesPerAddress = maxPendingHandshakesPerAddress;
        }
        public int getLinkFrameRate() { return linkFrameRate; }
        public void setLinkFrameRate(int linkFrameRate) { this.linkFrameRate = linkFrameRate; }
        public int getLinkFrameBurst() { return linkFrameBurst; }
        public void setLinkFrameBurst(int linkFrameBurst) { this.linkFrameBurst = linkFrameBurst; }
        public int getReferralRate() { return referralRate; }
        public void setReferralRate(int referralRate) { this.referralRate = referralRate; }
        public int getReferralBurst() { return referralBurst; }
        public void setReferralBurst(int referralBurst) { this.referralBurst = referralBurst; }
        public int getPassiveViewPeersPerNeighbor() { return passiveViewPeersPerNeighbor; }
        public void setPassiveViewPeersPerNeighbor(int passiveViewPeersPerNeighbor) {
            this.passiveViewPeersPerNeighbor = passiveViewPeersPerNeighbor;
        }
        public int getMaxPendingPublishes() { return maxPendingPublishes; }
        public void setMaxPendingPublishes(int maxPendingPublishes) { this.maxPendingPublishes = maxPendingPublishes; }
        public DataSize getMaxSealBytes() { return maxSealBytes; }
        public void setMaxSealBytes(DataSize maxSealBytes) { this.maxSealBytes = maxSealBytes; }
        public int getMaxPendingRequests() { return maxPendingRequests; }
        public void setMaxPendingRequests(int maxPendingRequests) { this.maxPendingRequests = maxPendingRequests; }
        public int getMaxDirectLinks() { return maxDirectLinks; }
        public DataSize getSocketSendBuffer() { return socketSendBuffer; }
        public void setSocketSendBuffer(DataSize socketSendBuffer) { this.socketSendBuffer = socketSendBuffer; }
        public DataSize getSocketReceiveBuffer() { return socketReceiveBuffer; }
        public void setSocketReceiveBuffer(DataSize socketReceiveBuffer) {
            this.socketReceiveBuffer = socketReceiveBuffer;
        }
        public void setMaxDirectLinks(int maxDirectLinks) { this.maxDirectLinks = maxDirectLinks; }
        public DataSize getMaxReorderBytes() { return maxReorderBytes; }
        public void setMaxReorderBytes(DataSize maxReorderBytes) { this.maxReorderBytes = maxReorderBytes; }
        public DataSize getMaxPendingPublishBytes() { return maxPendingPublishBytes; }
        public void setMaxPendingPublishBytes(DataSize maxPendingPublishBytes) {
            this.maxPendingPublishBytes = maxPendingPublishBytes;
        }
        public int getMaxPendingAsyncPublishes() { return maxPendingAsyncPublishes; }
        public void setMaxPendingAsyncPublishes(int maxPendingAsyncPublishes) {
            this.maxPendingAsyncPublishes = maxPendingAsyncPublishes;
        }
        public int getMaxPendingDeliveries() { return maxPendingDeliveries; }
        public void setMaxPendingDeliveries(int maxPendingDeliveries) {
            this.maxPendingDeliveries = maxPendingDeliveries;
        }
        public DataSize getMaxLinkBacklog() { return maxLinkBacklog; }
        public void setMaxLinkBacklog(DataSize maxLinkBacklog) { this.maxLinkBacklog = maxLinkBacklog; }
        public DataSize getLinkHighWater() { return linkHighWater; }
        public void setLinkHighWater(DataSize linkHighWater) { this.linkHighWater = linkHighWater; }
    }

    /** TLS for neighbor links. */
    public static class Ssl {

        /**
         * Name of the Spring Boot SSL bundle (spring.ssl.bundle.*) holding the node's certificate and the
         * certificates it trusts. Links then run over TLS with certificates required both ways.
         */
        private @Nullable String bundle;

        public @Nullable String getBundle() { return bundle; }
        public void setBundle(@Nullable String bundle) { this.bundle = bundle; }
    }

    /** Security of the mesh beyond the password and TLS. */
    public static class Security {

        /** Origin signatures: whether this node signs its messages, and whose it accepts. */
        @NestedConfigurationProperty
        private final SignatureProperties signatures = new SignatureProperties();

        public SignatureProperties getSignatures() { return signatures; }
    }

    /** The Spring Integration channels. */
    public static class Integration {

        /** Whether to create the peermeshInbound and peermeshOutbound channels and their adapters. */
        private boolean enabled = true;

        /** Topic patterns the inbound adapter takes: exact topics, prefixes ending in '*', or '*' for all. */
        private List<String> inboundTopics = new ArrayList<>(List.of("*"));

        /** Topic for outbound messages without a peermesh_topic header. */
        private String defaultTopic = "events";

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public List<String> getInboundTopics() { return inboundTopics; }
        public void setInboundTopics(List<String> inboundTopics) { this.inboundTopics = inboundTopics; }
        public String getDefaultTopic() { return defaultTopic; }
        public void setDefaultTopic(String defaultTopic) { this.defaultTopic = defaultTopic; }
    }

    /** The actuator health contributor. */
    public static class Health {

        /**
         * Whether a running node without neighbors reports OUT_OF_SERVICE rather than UP. Leave off for liveness
         * (the first node of a mesh has no neighbors); turn on for a readiness group that should wait for the mesh.
         */
        private boolean requireNeighbors = false;

        public boolean isRequireNeighbors() { return requireNeighbors; }
        public void setRequireNeighbors(boolean requireNeighbors) { this.requireNeighbors = requireNeighbors; }
    }
}
