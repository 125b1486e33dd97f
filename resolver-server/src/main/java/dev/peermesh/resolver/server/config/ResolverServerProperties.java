package dev.peermesh.resolver.server.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the resolver server, under {@code peermesh.resolver-server}; checked when the server starts.
 *
 * <p>{@code peermesh.resolver-server.lease=5m}
 */
@ConfigurationProperties(ResolverServerProperties.PREFIX)
public class ResolverServerProperties implements InitializingBean {

    /** Prefix of every property of this class. */
    public static final String PREFIX = "peermesh.resolver-server";

    /** How long a registration lives without a refresh; at least 1s. */
    private Duration lease = Duration.ofMinutes(10);

    /**
     * How long the owner of a node id (the hash of the registration secret it was registered with) is remembered
     * after its registration ended: meanwhile only that client may register the node id again.
     */
    private Duration ownerRetention = Duration.ofHours(24);

    /** How often expired registrations are removed (they are hidden from answers as soon as they expire). */
    private Duration sweepInterval = Duration.ofSeconds(30);

    /** Most addresses one registration may list. */
    private int maxAddresses = 8;

    /** Largest number of peers one resolve may ask for (its 'max' query parameter). */
    private int maxResolve = 100;

    /** Most live registrations one mesh may hold; a registration beyond it is refused with 409. */
    private int maxRegistrationsPerMesh = 10_000;

    /** Most meshes with live registrations; a registration in a new mesh beyond it is refused with 409. */
    private int maxMeshes = 10_000;

    /** Where registrations live: in this server's memory, or in Redis shared by several servers. */
    private StoreType store = StoreType.MEMORY;

    /** How clients prove they may use the API. */
    private final Auth auth = new Auth();

    /** How many requests one client address may make. */
    private final RateLimit rateLimit = new RateLimit();

    public Duration getOwnerRetention() {
        return ownerRetention;
    }

    public void setOwnerRetention(Duration ownerRetention) {
        this.ownerRetention = ownerRetention;
    }

    public Duration getLease() {
        return lease;
    }

    public void setLease(Duration lease) {
        this.lease = lease;
    }

    public Duration getSweepInterval() {
        return sweepInterval;
    }

    public void setSweepInterval(Duration sweepInterval) {
        this.sweepInterval = sweepInterval;
    }

    public int getMaxAddresses() {
        return maxAddresses;
    }

    public void setMaxAddresses(int maxAddresses) {
        this.maxAddresses = maxAddresses;
    }

    public int getMaxResolve() {
        return maxResolve;
    }

    public void setMaxResolve(int maxResolve) {
        this.maxResolve = maxResolve;
    }

    public int getMaxRegistrationsPerMesh() {
        return maxRegistrationsPerMesh;
    }

    public void setMaxRegistrationsPerMesh(int maxRegistrationsPerMesh) {
        this.maxRegistrationsPerMesh = maxRegistrationsPerMesh;
    }

    public int getMaxMeshes() {
        return maxMeshes;
    }

    public void setMaxMeshes(int maxMeshes) {
        this.maxMeshes = maxMeshes;
    }

    public StoreType getStore() {
        return store;
    }

    public void setStore(StoreType store) {
        this.store = store;
    }

    public Auth getAuth() {
        return auth;
    }

    public RateLimit getRateLimit() {
        return rateLimit;
    }

    @Override
    public void afterPropertiesSet() {
        PropertyChecks.check(this);
    }

    /** Where registrations live. */
    public enum StoreType {

        /** In this server's memory: lost on restart, not shared. */
        MEMORY,

        /** In Redis ({@code spring.data.redis.*}): shared by every server using it, kept across restarts. */
        REDIS
    }

    /**
     * Requests per client IP address (as the server sees it: behind a reverse proxy, set
     * server.forward-headers-strategy so it sees the client's). Over it a request is answered 429.
     */
    public static class RateLimit {

        /** Requests per second one client address may make on average; 0 turns the limit off. */
        private int requestsPerSecond = 50;

        /** Requests one client address may make at once beyond its average rate. */
        private int burst = 200;

        /** Most client addresses tracked; the one heard from least recently is forgotten first. */
        private int maxClients = 10_000;

        public int getRequestsPerSecond() {
            return requestsPerSecond;
        }

        public void setRequestsPerSecond(int requestsPerSecond) {
            this.requestsPerSecond = requestsPerSecond;
        }

        public int getBurst() {
            return burst;
        }

        public void setBurst(int burst) {
            this.burst = burst;
        }

        public int getMaxClients() {
            return maxClients;
        }

        public void setMaxClients(int maxClients) {
            this.maxClients = maxClients;
        }
    }

    /** How clients prove they may use the API. */
    public static class Auth {

        /**
         * Bearer tokens accepted in 'Authorization: Bearer ...' (several, so a token can be rotated); each at least
         * 16 characters without white space.
         */
        private List<String> tokens = new ArrayList<>();

        /**
         * Whether to serve clients that show neither a token nor a client certificate; only for a laptop or a
         * closed network.
         */
        private boolean allowAnonymous;

        public List<String> getTokens() {
            return tokens;
        }

        public void setTokens(List<String> tokens) {
            this.tokens = tokens;
        }

        public boolean isAllowAnonymous() {
            return allowAnonymous;
        }

        public void setAllowAnonymous(boolean allowAnonymous) {
            this.allowAnonymous = allowAnonymous;
        }
    }
}
