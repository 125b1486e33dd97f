package dev.peermesh.resolver.multicast;

import dev.peermesh.PeerAddress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.LongSupplier;

/**
 * The peers heard on the group, per mesh, each forgotten when it has not announced itself for the expiry time.
 * Bounded twice: a mesh keeps its most recently heard peers, and new meshes are dropped when the cache is full
 * unless they are wanted (registered or resolved here), which then push out the stalest unwanted mesh.
 *
 * <p>{@code cache.heard("orders", nodeId, address); cache.peers("orders")}
 */
final class PeerCache {

    private final int maxMeshes;

    private final int maxPeersPerMesh;

    private final long expiryNanos;

    private final LongSupplier clock;

    /** Per mesh, node id to (address, last heard); insertion order is the order last heard. */
    private final Map<String, LinkedHashMap<Long, Heard>> meshes = new HashMap<>();

    private long dropped;

    private record Heard(PeerAddress address, long at) {
    }

    PeerCache(int maxMeshes, int maxPeersPerMesh, long expiryNanos, LongSupplier clock) {
        this.maxMeshes = maxMeshes;
        this.maxPeersPerMesh = maxPeersPerMesh;
        this.expiryNanos = expiryNanos;
        this.clock = clock;
    }

    /** A node announced itself; {@code wanted} are the meshes this resolver registers or resolves. */
    synchronized void heard(String meshId, long nodeId, PeerAddress address, Set<String> wanted) {
        long now = clock.getAsLong();
        LinkedHashMap<Long, Heard> peers = meshes.get(meshId);
        if (peers == null) {
            expire(now);
            if (meshes.size() >= maxMeshes && !(wanted.contains(meshId) && evictUnwanted(wanted))) {
                dropped++;
                return;
            }
            peers = new LinkedHashMap<>();
            meshes.put(meshId, peers);
        }
        peers.remove(nodeId);
        peers.put(nodeId, new Heard(address, now));
        notifyAll();
        if (peers.size() > maxPeersPerMesh) {
            Iterator<Long> stalest = peers.keySet().iterator();
            stalest.next();
            stalest.remove();
            dropped++;
        }
    }

    /** A node said goodbye. */
    synchronized void forget(String meshId, long nodeId) {
        LinkedHashMap<Long, Heard> peers = meshes.get(meshId);
        if (peers != null && peers.remove(nodeId) != null && peers.isEmpty()) {
            meshes.remove(meshId);
        }
    }

    /** The live peers of a mesh, stalest first. */
    synchronized List<PeerAddress> peers(String meshId) {
        expire(clock.getAsLong());
        LinkedHashMap<Long, Heard> peers = meshes.get(meshId);
        List<PeerAddress> live = new ArrayList<>();
        if (peers != null) {
            peers.values().forEach(heard -> live.add(heard.address()));
        }
        return live;
    }

    /**
     * Waits until the mesh's live peers satisfy {@code enough}, or the deadline passes.
     *
     * @param deadline a {@link System#nanoTime()} value
     * @return the live peers at that moment
     */
    synchronized List<PeerAddress> await(String meshId, Predicate<List<PeerAddress>> enough, long deadline)
            throws InterruptedException {
        List<PeerAddress> live = peers(meshId);
        for (long left = deadline - System.nanoTime(); !enough.test(live) && left > 0;
                left = deadline - System.nanoTime()) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
            live = peers(meshId);
        }
        return live;
    }

    /** How many meshes are cached. */
    synchronized int meshCount() {
        expire(clock.getAsLong());
        return meshes.size();
    }

    /** Announcements not cached because a bound was reached, or peers pushed out by newer ones. */
    synchronized long dropped() {
        return dropped;
    }

    private void expire(long now) {
        for (Iterator<LinkedHashMap<Long, Heard>> mesh = meshes.values().iterator(); mesh.hasNext(); ) {
            LinkedHashMap<Long, Heard> peers = mesh.next();
            // Stalest first: stop at the first peer heard recently enough.
            for (Iterator<Heard> peer = peers.values().iterator(); peer.hasNext(); ) {
                if (now - peer.next().at() < expiryNanos) {
                    break;
                }
                peer.remove();
            }
            if (peers.isEmpty()) {
                mesh.remove();
            }
        }
    }

    private boolean evictUnwanted(Set<String> wanted) {
        String stalest = null;
        long stalestAt = Long.MAX_VALUE;
        for (Map.Entry<String, LinkedHashMap<Long, Heard>> mesh : meshes.entrySet()) {
            if (wanted.contains(mesh.getKey())) {
                continue;
            }
            long lastHeard = 0;
            for (Heard heard : mesh.getValue().values()) {
                lastHeard = heard.at();
            }
            if (stalest == null || lastHeard - stalestAt < 0) {
                stalest = mesh.getKey();
                stalestAt = lastHeard;
            }
        }
        if (stalest == null) {
            return false;
        }
        meshes.remove(stalest);
        return true;
    }
}
