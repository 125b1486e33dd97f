package dev.peermesh.autoconfigure;

import dev.peermesh.resolver.dns.DnsRecordType;
import dev.peermesh.resolver.multicast.MulticastSettings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * How the node finds peers ({@code peermesh.resolver.*}): which resolvers, in which order, and one group of
 * settings per resolver.
 *
 * <p>{@code peermesh.resolver.type: http, dns} registers with both and resolves from the resolver server first.
 */
public class ResolverProperties {

    /**
     * Which resolvers to use, asked in this order: static, http, dns, multicast or discovery-client. With several,
     * the node registers with each and takes peers from the first, then the next, until it has enough.
     */
    private List<Type> type = new ArrayList<>(List.of(Type.STATIC));

    /** Most addresses asked of the resolver at once. */
    private int batchSize = 5;

    /** How often the node refreshes its registration with the resolver. */
    private Duration refreshInterval = Duration.ofMinutes(5);

    private final Static staticSeeds = new Static();

    private final Http http = new Http();

    private final Dns dns = new Dns();

    private final Multicast multicast = new Multicast();

    private final DiscoveryClient discoveryClient = new DiscoveryClient();

    public List<Type> getType() { return type; }
    public void setType(List<Type> type) { this.type = type; }
    public int getBatchSize() { return batchSize; }
    public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
    public Duration getRefreshInterval() { return refreshInterval; }
    public void setRefreshInterval(Duration refreshInterval) { this.refreshInterval = refreshInterval; }
    public Static getStatic() { return staticSeeds; }
    public Http getHttp() { return http; }
    public Dns getDns() { return dns; }
    public Multicast getMulticast() { return multicast; }
    public DiscoveryClient getDiscoveryClient() { return discoveryClient; }

    /** Resolver implementations. */
    public enum Type {

        /** A fixed list of seeds ({@code peermesh.resolver.static.seeds}). */
        STATIC,

        /** The peermesh resolver server ({@code peermesh.resolver.http.url}). */
        HTTP,

        /** DNS A/AAAA or SRV records ({@code peermesh.resolver.dns.name}). */
        DNS,

        /** Announcements on a LAN multicast group ({@code peermesh.resolver.multicast}). */
        MULTICAST,

        /**
         * Spring Cloud's DiscoveryClient: Consul, Eureka, Kubernetes, … ({@code peermesh.resolver.discovery-client}).
         */
        DISCOVERY_CLIENT
    }

    /** A fixed list of seed nodes. */
    public static class Static {

        /** Seed nodes as host:port; a node needs one reachable seed to join. */
        private List<String> seeds = new ArrayList<>();

        public List<String> getSeeds() { return seeds; }
        public void setSeeds(List<String> seeds) { this.seeds = seeds; }
    }

    /** The peermesh resolver server (docs/resolver-api.md). */
    public static class Http {

        /** Base URL of the resolver server, for example http://resolver:7480. */
        private @Nullable String url;

        /** Bearer token the resolver server expects; leave empty with mutual TLS. */
        private @Nullable String token;

        /**
         * Name of the Spring Boot SSL bundle used to call an https resolver server: the certificates it trusts,
         * and the client certificate when the server requires one.
         */
        private @Nullable String sslBundle;

        /** Longest wait for a connection to the resolver server. */
        private Duration connectTimeout = Duration.ofSeconds(5);

        /** Longest wait for an answer from the resolver server. */
        private Duration requestTimeout = Duration.ofSeconds(5);

        /** Wait before retrying a failed registration, doubled at each failure. */
        private Duration firstRetry = Duration.ofSeconds(1);

        /** Longest wait between retries of a failed registration. */
        private Duration lastRetry = Duration.ofMinutes(1);

        public @Nullable String getUrl() { return url; }
        public void setUrl(@Nullable String url) { this.url = url; }
        public @Nullable String getToken() { return token; }
        public void setToken(@Nullable String token) { this.token = token; }
        public @Nullable String getSslBundle() { return sslBundle; }
        public void setSslBundle(@Nullable String sslBundle) { this.sslBundle = sslBundle; }
        public Duration getConnectTimeout() { return connectTimeout; }
        public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }
        public Duration getRequestTimeout() { return requestTimeout; }
        public void setRequestTimeout(Duration requestTimeout) { this.requestTimeout = requestTimeout; }
        public Duration getFirstRetry() { return firstRetry; }
        public void setFirstRetry(Duration firstRetry) { this.firstRetry = firstRetry; }
        public Duration getLastRetry() { return lastRetry; }
        public void setLastRetry(Duration lastRetry) { this.lastRetry = lastRetry; }
    }

    /** Peers from DNS: every address of a name (a docker-compose service, a Kubernetes headless service) or SRV. */
    public static class Dns {

        /** DNS name to resolve, for example 'orders' or '_peermesh._tcp.orders.default.svc.cluster.local'. */
        private @Nullable String name;

        /** Mesh port of the addresses of A/AAAA records. When 0, this node's own peermesh.port, else 7400. */
        private int port;

        /** Records asked for: auto (SRV when the name starts with '_', else A/AAAA), a or srv. */
        private DnsRecordType recordType = DnsRecordType.AUTO;

        /** Name servers as ip:port; when empty, those of /etc/resolv.conf. */
        private List<String> servers = new ArrayList<>();

        /** Search domains for short names; when unset, those of /etc/resolv.conf. */
        private @Nullable List<String> searchDomains;

        /** Longest wait for one DNS query. */
        private Duration queryTimeout = Duration.ofSeconds(2);

        /** Longest wait for one resolve in all (SRV targets included). */
        private Duration resolveTimeout = Duration.ofSeconds(5);

        public @Nullable String getName() { return name; }
        public void setName(@Nullable String name) { this.name = name; }
        public int getPort() { return port; }
        public void setPort(int port) { this.port = port; }
        public DnsRecordType getRecordType() { return recordType; }
        public void setRecordType(DnsRecordType recordType) { this.recordType = recordType; }
        public List<String> getServers() { return servers; }
        public void setServers(List<String> servers) { this.servers = servers; }
        public @Nullable List<String> getSearchDomains() { return searchDomains; }
        public void setSearchDomains(@Nullable List<String> searchDomains) { this.searchDomains = searchDomains; }
        public Duration getQueryTimeout() { return queryTimeout; }
        public void setQueryTimeout(Duration queryTimeout) { this.queryTimeout = queryTimeout; }
        public Duration getResolveTimeout() { return resolveTimeout; }
        public void setResolveTimeout(Duration resolveTimeout) { this.resolveTimeout = resolveTimeout; }
    }

    /** Zero-configuration discovery on a LAN: announcements and queries on a multicast group. */
    public static class Multicast {

        /** Multicast group. */
        private String group = MulticastSettings.DEFAULT_GROUP;

        /** UDP port of the group. */
        private int port = MulticastSettings.DEFAULT_PORT;

        /** Network interface, by name (eth0) or address; when unset, the first multicast-capable one that is up. */
        private @Nullable String networkInterface;

        /** Routers a datagram may cross: 1 keeps it on the local link, 0 on this host. */
        private int ttl = 1;

        /** How often a node announces itself. */
        private Duration announceInterval = Duration.ofSeconds(5);

        /** How long a resolve that knows no peer waits for answers to its query. */
        private Duration queryTimeout = Duration.ofSeconds(1);

        /** How long a silent peer is remembered; when unset, three announce intervals. */
        private @Nullable Duration peerExpiry;

        /** Most peers remembered per mesh. */
        private int maxPeersPerMesh = 256;

        /** Most meshes remembered. */
        private int maxMeshes = 64;

        public String getGroup() { return group; }
        public void setGroup(String group) { this.group = group; }
        public int getPort() { return port; }
        public void setPort(int port) { this.port = port; }
        public @Nullable String getNetworkInterface() { return networkInterface; }
        public void setNetworkInterface(@Nullable String networkInterface) { this.networkInterface = networkInterface; }
        public int getTtl() { return ttl; }
        public void setTtl(int ttl) { this.ttl = ttl; }
        public Duration getAnnounceInterval() { return announceInterval; }
        public void setAnnounceInterval(Duration announceInterval) { this.announceInterval = announceInterval; }
        public Duration getQueryTimeout() { return queryTimeout; }
        public void setQueryTimeout(Duration queryTimeout) { this.queryTimeout = queryTimeout; }
        public @Nullable Duration getPeerExpiry() { return peerExpiry; }
        public void setPeerExpiry(@Nullable Duration peerExpiry) { this.peerExpiry = peerExpiry; }
        public int getMaxPeersPerMesh() { return maxPeersPerMesh; }
        public void setMaxPeersPerMesh(int maxPeersPerMesh) { this.maxPeersPerMesh = maxPeersPerMesh; }
        public int getMaxMeshes() { return maxMeshes; }
        public void setMaxMeshes(int maxMeshes) { this.maxMeshes = maxMeshes; }
    }

    /** Peers found through Spring Cloud's DiscoveryClient. */
    public static class DiscoveryClient {

        /**
         * Service ids whose instances are members of the mesh. When empty, the application's own
         * spring.application.name.
         */
        private List<String> serviceIds = new ArrayList<>();

        /** Instance metadata key holding an instance's mesh port; instances without it use the port below. */
        private String portMetadataKey = "peermesh-port";

        /**
         * Mesh port of instances whose metadata does not give one. When 0, this node's own peermesh.port (the usual
         * case: every service listens on the same mesh port).
         */
        private int port;

        /**
         * Instance metadata key naming an instance's mesh; instances that name another mesh are skipped, instances
         * without it are taken.
         */
        private String meshIdMetadataKey = "peermesh-mesh-id";

        public List<String> getServiceIds() { return serviceIds; }
        public void setServiceIds(List<String> serviceIds) { this.serviceIds = serviceIds; }
        public String getPortMetadataKey() { return portMetadataKey; }
        public void setPortMetadataKey(String portMetadataKey) { this.portMetadataKey = portMetadataKey; }
        public int getPort() { return port; }
        public void setPort(int port) { this.port = port; }
        public String getMeshIdMetadataKey() { return meshIdMetadataKey; }
        public void setMeshIdMetadataKey(String meshIdMetadataKey) { this.meshIdMetadataKey = meshIdMetadataKey; }
    }
}
