package dev.peermesh.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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

    private final DiscoveryClient discoveryClient = new DiscoveryClient();

    public List<Type> getType() { return type; }
    public void setType(List<Type> type) { this.type = type; }
    public int getBatchSize() { return batchSize; }
    public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
    public Duration getRefreshInterval() { return refreshInterval; }
    public void setRefreshInterval(Duration refreshInterval) { this.refreshInterval = refreshInterval; }
    public Static getStatic() { return staticSeeds; }
    public Http getHttp() { return http; }
    public DiscoveryClient getDiscoveryClient() { return discoveryClient; }

    /** Resolver implementations. */
    public enum Type {

        /** A fixed list of seeds ({@code peermesh.resolver.static.seeds}). */
        STATIC,

        /** The peermesh resolver server ({@code peermesh.resolver.http.url}). */
        HTTP,

        /** Spring Cloud's DiscoveryClient: Consul, Eureka, Kubernetes, … ({@code peermesh.resolver.discovery-client}). */
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
        private String url;

        /** Bearer token the resolver server expects; leave empty with mutual TLS. */
        private String token;

        /**
         * Name of the Spring Boot SSL bundle used to call an https resolver server: the certificates it trusts,
         * and the client certificate when the server requires one.
         */
        private String sslBundle;

        /** Longest wait for a connection to the resolver server. */
        private Duration connectTimeout = Duration.ofSeconds(5);

        /** Longest wait for an answer from the resolver server. */
        private Duration requestTimeout = Duration.ofSeconds(5);

        /** Wait before retrying a failed registration, doubled at each failure. */
        private Duration firstRetry = Duration.ofSeconds(1);

        /** Longest wait between retries of a failed registration. */
        private Duration lastRetry = Duration.ofMinutes(1);

        public String getUrl() { return url; }
        public void setUrl(String url) { this.url = url; }
        public String getToken() { return token; }
        public void setToken(String token) { this.token = token; }
        public String getSslBundle() { return sslBundle; }
        public void setSslBundle(String sslBundle) { this.sslBundle = sslBundle; }
        public Duration getConnectTimeout() { return connectTimeout; }
        public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }
        public Duration getRequestTimeout() { return requestTimeout; }
        public void setRequestTimeout(Duration requestTimeout) { this.requestTimeout = requestTimeout; }
        public Duration getFirstRetry() { return firstRetry; }
        public void setFirstRetry(Duration firstRetry) { this.firstRetry = firstRetry; }
        public Duration getLastRetry() { return lastRetry; }
        public void setLastRetry(Duration lastRetry) { this.lastRetry = lastRetry; }
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
