package dev.peermesh.resolver.server.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registrations in Redis, shared by every resolver server using the same Redis. Each change is one Lua script, so
 * limits and the one-registration-per-node rule hold across servers; every key carries the lease as its TTL, so
 * the registrations of crashed nodes disappear even when no server sweeps. Time is the Redis server's.
 *
 * <p>Keys, with {@code {mesh}} the mesh id in braces (a Redis Cluster hash tag):
 * <ul>
 * <li>{@code peermesh:{mesh}:reg:<registration id>}: JSON {@code {"nodeId","addresses"}}, TTL = lease;</li>
 * <li>{@code peermesh:{mesh}:node:<node id>}: the node's registration id, TTL = lease;</li>
 * <li>{@code peermesh:{mesh}:ids}: sorted set of registration ids scored by expiry (ms since the epoch);</li>
 * <li>{@code peermesh:meshes}: sorted set of mesh ids scored by their latest expiry, for {@code max-meshes}.</li>
 * </ul>
 *
 * <p>{@code new RedisRegistrationStore(template, jsonMapper, Duration.ofMinutes(10), 10_000, 10_000)}
 */
public final class RedisRegistrationStore implements RegistrationStore {

    /** Prefix of every key this store writes. */
    public static final String KEY_PREFIX = "peermesh:";

    static final String MESHES_KEY = KEY_PREFIX + "meshes";

    private final StringRedisTemplate redis;

    private final JsonMapper json;

    private final long leaseMillis;

    private final int maxPerMesh;

    private final int maxMeshes;

    private final long ownerRetentionMillis;

    private final AtomicReference<StoreStatistics> lastSweep = new AtomicReference<>(new StoreStatistics(0, 0));

    /** Creates a store on the given Redis; nothing is written until the first registration. */
    public RedisRegistrationStore(StringRedisTemplate redis, JsonMapper json, Duration lease, int maxPerMesh,
            int maxMeshes) {
        this(redis, json, lease, maxPerMesh, maxMeshes, Duration.ofHours(24));
    }

    /** As above, remembering a node id's owner for {@code ownerRetention} after its registration ended. */
    public RedisRegistrationStore(StringRedisTemplate redis, JsonMapper json, Duration lease, int maxPerMesh,
            int maxMeshes, Duration ownerRetention) {
        this.ownerRetentionMillis = ownerRetention.toMillis();
        this.redis = redis;
        this.json = json;
        this.leaseMillis = lease.toMillis();
        this.maxPerMesh = maxPerMesh;
        this.maxMeshes = maxMeshes;
    }

    @Override
    public Registration register(String meshId, String nodeId, List<String> addresses, @Nullable String owner) {
        String registrationId = RegistrationIds.next();
        List<String> answer = redis.execute(RedisScripts.REGISTER, keys(meshId), meshId, nodeId, registrationId,
                value(nodeId, addresses), Long.toString(leaseMillis), Integer.toString(maxPerMesh),
                Integer.toString(maxMeshes), prefix(meshId), owner == null ? "" : owner,
                Long.toString(leaseMillis + ownerRetentionMillis));
        return switch (answer.get(0)) {
            case "ok" -> registration(registrationId, nodeId, addresses, answer);
            case "not-owner" -> throw Rejections.notOwner(meshId, nodeId);
            case "mesh-full" -> throw Rejections.meshFull(meshId, maxPerMesh);
            case "too-many-meshes" -> throw Rejections.tooManyMeshes(meshId, maxMeshes);
            default -> throw unexpected("register", answer);
        };
    }

    @Override
    public Registration refresh(String meshId, String registrationId, String nodeId, List<String> addresses) {
        List<String> answer = redis.execute(RedisScripts.REFRESH, keys(meshId), meshId, registrationId, nodeId,
                value(nodeId, addresses), Long.toString(leaseMillis), prefix(meshId),
                Long.toString(leaseMillis + ownerRetentionMillis));
        return switch (answer.get(0)) {
            case "ok" -> registration(registrationId, nodeId, addresses, answer);
            case "unknown" -> throw Rejections.unknown(meshId, registrationId);
            case "other-node" -> throw Rejections.otherNode(meshId, registrationId, nodeId);
            default -> throw unexpected("refresh", answer);
        };
    }

    @Override
    public void unregister(String meshId, String registrationId) {
        redis.execute(RedisScripts.UNREGISTER, keys(meshId), meshId, registrationId, prefix(meshId));
    }

    @Override
    public List<Peer> resolve(String meshId, int max) {
        List<String> values = redis.execute(RedisScripts.RESOLVE, List.of(prefix(meshId) + "ids"),
                Integer.toString(max), prefix(meshId));
        // ZRANDMEMBER's order is not random; shuffling makes it so.
        List<Peer> peers = new ArrayList<>(values.size());
        values.forEach(value -> peers.add(json.readValue(value, Peer.class)));
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = peers.size() - 1; i > 0; i--) {
            peers.set(i, peers.set(random.nextInt(i + 1), peers.get(i)));
        }
        return peers;
    }

    @Override
    public void sweep() {
        List<Object> counts = redis.execute(RedisScripts.SWEEP, List.of(MESHES_KEY), KEY_PREFIX);
        lastSweep.set(new StoreStatistics(number(counts.get(1)), number(counts.get(0))));
    }

    /** As of the last {@link #sweep()}, by any server: the same figures whichever server answers. */
    @Override
    public StoreStatistics statistics() {
        return lastSweep.get();
    }

    @Override
    public void check() {
        String pong = redis.execute((RedisCallback<String>) RedisConnection::ping);
        if (!"PONG".equalsIgnoreCase(pong)) {
            throw new IllegalStateException("Redis answered PING with " + pong);
        }
    }

    private static List<String> keys(String meshId) {
        return List.of(prefix(meshId) + "ids", MESHES_KEY);
    }

    private static String prefix(String meshId) {
        return KEY_PREFIX + "{" + meshId + "}:";
    }

    private String value(String nodeId, List<String> addresses) {
        return json.writeValueAsString(new Peer(nodeId, addresses));
    }

    private static Registration registration(String registrationId, String nodeId, List<String> addresses,
            List<String> answer) {
        return new Registration(registrationId, nodeId, addresses, Instant.ofEpochMilli(Long.parseLong(answer.get(1))));
    }

    private static long number(Object value) {
        return Long.parseLong(String.valueOf(value));
    }

    private static IllegalStateException unexpected(String operation, List<String> answer) {
        return new IllegalStateException("Redis script " + operation + " answered " + answer);
    }
}
