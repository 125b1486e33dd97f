package dev.peermesh.resolver.server.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * Registrations in this server's memory: one {@link MeshRegistrations} per mesh, each changed only inside
 * {@code ConcurrentHashMap.compute} for its mesh id, so the per-mesh limit and the one-registration-per-node rule
 * hold exactly under concurrency. The mesh count is a bounded atomic counter, so {@code max-meshes} holds too.
 * A mesh left empty is removed at once.
 *
 * <p>{@code new InMemoryRegistrationStore(Clock.systemUTC(), Duration.ofMinutes(10), 10_000, 10_000)}
 */
public final class InMemoryRegistrationStore implements RegistrationStore {

    private final ConcurrentHashMap<String, MeshRegistrations> meshes = new ConcurrentHashMap<>();

    private final AtomicInteger meshCount = new AtomicInteger();

    private final AtomicInteger registrationCount = new AtomicInteger();

    private final Clock clock;

    private final Duration lease;

    private final int maxPerMesh;

    private final int maxMeshes;

    private final Duration ownerRetention;

    /** Creates an empty store whose leases last {@code lease} by {@code clock}. */
    public InMemoryRegistrationStore(Clock clock, Duration lease, int maxPerMesh, int maxMeshes) {
        this(clock, lease, maxPerMesh, maxMeshes, Duration.ofHours(24));
    }

    /**
     * As above, remembering a node id's owner for {@code ownerRetention} after its registration ended — while its
     * mesh has registrations: a mesh left empty is removed with its owners, and a restart forgets them all (the
     * Redis store keeps them).
     */
    public InMemoryRegistrationStore(Clock clock, Duration lease, int maxPerMesh, int maxMeshes,
            Duration ownerRetention) {
        this.ownerRetention = ownerRetention;
        this.clock = clock;
        this.lease = lease;
        this.maxPerMesh = maxPerMesh;
        this.maxMeshes = maxMeshes;
    }

    @Override
    public Registration register(String meshId, String nodeId, List<String> addresses, @Nullable String owner) {
        Instant now = clock.instant();
        Registration[] result = new Registration[1];
        meshes.compute(meshId, (id, mesh) -> {
            MeshRegistrations current = mesh != null ? mesh : openMesh(meshId);
            purge(current, now);
            MeshRegistrations.Entry previous = current.byNode(nodeId);
            if (previous != null && previous.live(now) && !previous.ownedBy(owner)
                    || (previous == null || !previous.live(now)) && !current.formerOwnerAllows(nodeId, owner, now)) {
                throw Rejections.notOwner(meshId, nodeId);
            }
            if (previous != null) {
                current.remove(previous);
                registrationCount.decrementAndGet();
            }
            else if (current.size() >= maxPerMesh) {
                throw Rejections.meshFull(meshId, maxPerMesh);
            }
            result[0] = current.add(RegistrationIds.next(), nodeId, addresses, now.plus(lease), owner)
                    .toRegistration();
            registrationCount.incrementAndGet();
            return current;
        });
        return result[0];
    }

    @Override
    public Registration refresh(String meshId, String registrationId, String nodeId, List<String> addresses) {
        Instant now = clock.instant();
        Registration[] result = new Registration[1];
        meshes.computeIfPresent(meshId, (id, mesh) -> {
            purge(mesh, now);
            MeshRegistrations.Entry found = mesh.get(registrationId);
            // an entry past its lease is gone even before a purge removes it (the clock may have stepped back)
            MeshRegistrations.Entry entry = found != null && found.live(now) ? found : null;
            if (entry != null && !entry.nodeId.equals(nodeId)) {
                throw Rejections.otherNode(meshId, registrationId, nodeId);
            }
            if (entry != null) {
                mesh.renew(entry, addresses, now.plus(lease));
                result[0] = entry.toRegistration();
            }
            return keepOrClose(mesh);
        });
        if (result[0] == null) {
            throw Rejections.unknown(meshId, registrationId);
        }
        return result[0];
    }

    @Override
    public void unregister(String meshId, String registrationId) {
        Instant now = clock.instant();
        meshes.computeIfPresent(meshId, (id, mesh) -> {
            MeshRegistrations.Entry entry = mesh.get(registrationId);
            if (entry != null) {
                mesh.remove(entry);
                registrationCount.decrementAndGet();
            }
            purge(mesh, now);
            return keepOrClose(mesh);
        });
    }

    @Override
    public List<Peer> resolve(String meshId, int max) {
        Instant now = clock.instant();
        List<Peer> sample = new ArrayList<>();
        meshes.computeIfPresent(meshId, (id, mesh) -> {
            purge(mesh, now);
            sample.addAll(mesh.sample(max, now, ThreadLocalRandom.current()));
            return keepOrClose(mesh);
        });
        return sample;
    }

    @Override
    public void sweep() {
        Instant now = clock.instant();
        for (String meshId : meshes.keySet()) {
            meshes.computeIfPresent(meshId, (id, mesh) -> {
                registrationCount.addAndGet(-mesh.purgeAll(now));
                return keepOrClose(mesh);
            });
        }
    }

    @Override
    public StoreStatistics statistics() {
        return new StoreStatistics(registrationCount.get(), meshCount.get());
    }

    @Override
    public void check() {
        // Memory is always there.
    }

    private MeshRegistrations openMesh(String meshId) {
        int count;
        do {
            count = meshCount.get();
            if (count >= maxMeshes) {
                throw Rejections.tooManyMeshes(meshId, maxMeshes);
            }
        }
        while (!meshCount.compareAndSet(count, count + 1));
        return new MeshRegistrations(maxPerMesh, ownerRetention);
    }

    private void purge(MeshRegistrations mesh, Instant now) {
        registrationCount.addAndGet(-mesh.purgeOldest(now));
    }

    /** Inside compute: returning null removes the mesh from the map, so the count drops with it. */
    private MeshRegistrations keepOrClose(MeshRegistrations mesh) {
        if (mesh.isEmpty()) {
            meshCount.decrementAndGet();
            return null;
        }
        return mesh;
    }
}
