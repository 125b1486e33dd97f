package dev.peermesh.resolver.server.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;

/**
 * The registrations of one mesh in memory. Not thread-safe: {@link InMemoryRegistrationStore} only touches it
 * inside {@code ConcurrentHashMap.compute} for the mesh's key, which serialises all access.
 *
 * <p>Three views of one set of entries: by registration id in lease order (a refresh moves an entry to the end, so
 * with one lease for all, the oldest expire first and purging stops at the first live one), by node id (one
 * registration per node), and an array for drawing random samples in O(sample size).
 */
final class MeshRegistrations {

    private final LinkedHashMap<String, Entry> byId = new LinkedHashMap<>();

    private final Map<String, Entry> byNode = new HashMap<>();

    private final ArrayList<Entry> slots = new ArrayList<>();

    /**
     * Owners of node ids whose registration ended (the hash of the secret, and until when it is remembered), oldest
     * first, at most as many as the mesh may hold registrations.
     */
    private final LinkedHashMap<String, FormerOwner> formerOwners = new LinkedHashMap<>();

    private final int maxFormerOwners;

    private final Duration ownerRetention;

    MeshRegistrations(int maxFormerOwners, Duration ownerRetention) {
        this.maxFormerOwners = maxFormerOwners;
        this.ownerRetention = ownerRetention;
    }

    /**
     * Whether a register call with {@code candidate} as its owner may take a node id that has no live registration:
     * yes unless the owner of its registration that ended lately is another (or the call has none).
     */
    boolean formerOwnerAllows(String nodeId, @Nullable String candidate, Instant now) {
        FormerOwner former = formerOwners.get(nodeId);
        if (former == null || !former.until.isAfter(now)) {
            formerOwners.remove(nodeId);
            return true;
        }
        return sameOwner(former.owner, candidate);
    }

    /** Whether two owners (hashes of registration secrets) are the same, in constant time; {@code null} is none. */
    static boolean sameOwner(@Nullable String owner, @Nullable String candidate) {
        return owner != null && candidate != null && MessageDigest.isEqual(owner.getBytes(StandardCharsets.US_ASCII),
                candidate.getBytes(StandardCharsets.US_ASCII));
    }

    int size() {
        return byId.size();
    }

    boolean isEmpty() {
        return byId.isEmpty();
    }

    Entry get(String registrationId) {
        return byId.get(registrationId);
    }

    Entry byNode(String nodeId) {
        return byNode.get(nodeId);
    }

    Entry add(String registrationId, String nodeId, List<String> addresses, Instant expiresAt,
            @Nullable String owner) {
        Entry entry = new Entry(registrationId, nodeId, addresses, expiresAt, slots.size(), owner);
        byId.put(registrationId, entry);
        byNode.put(nodeId, entry);
        slots.add(entry);
        return entry;
    }

    void renew(Entry entry, List<String> addresses, Instant expiresAt) {
        entry.addresses = List.copyOf(addresses);
        entry.expiresAt = expiresAt;
        byId.remove(entry.registrationId);
        byId.put(entry.registrationId, entry);
    }

    void remove(Entry entry) {
        byId.remove(entry.registrationId);
        byNode.remove(entry.nodeId, entry);
        if (entry.owner != null) {
            formerOwners.remove(entry.nodeId); // the newest goes last
            formerOwners.put(entry.nodeId, new FormerOwner(entry.owner, entry.expiresAt.plus(ownerRetention)));
            if (formerOwners.size() > maxFormerOwners) {
                formerOwners.remove(formerOwners.keySet().iterator().next());
            }
        }
        Entry last = slots.remove(slots.size() - 1);
        if (last != entry) {
            last.slot = entry.slot;
            slots.set(entry.slot, last);
        }
    }

    /** Removes expired entries from the head of the lease order; returns how many. */
    int purgeOldest(Instant now) {
        int removed = 0;
        while (!byId.isEmpty()) {
            Entry oldest = byId.values().iterator().next();
            if (oldest.live(now)) {
                break;
            }
            remove(oldest);
            removed++;
        }
        return removed;
    }

    /** Removes every expired entry, also ones out of lease order after the clock stepped back; returns how many. */
    int purgeAll(Instant now) {
        List<Entry> expired = byId.values().stream().filter(entry -> !entry.live(now)).toList();
        expired.forEach(this::remove);
        return expired.size();
    }

    /** Floyd's sampling: a uniform subset of {@code max} slots in O(max), then shuffled; skips expired entries. */
    List<Peer> sample(int max, Instant now, RandomGenerator random) {
        int n = slots.size();
        int k = Math.min(max, n);
        Set<Integer> chosen = new HashSet<>(k * 2);
        for (int j = n - k; j < n; j++) {
            int t = random.nextInt(j + 1);
            chosen.add(chosen.contains(t) ? j : t);
        }
        List<Peer> peers = new ArrayList<>(k);
        for (int slot : chosen) {
            Entry entry = slots.get(slot);
            if (entry.live(now)) {
                peers.add(new Peer(entry.nodeId, entry.addresses));
            }
        }
        for (int i = peers.size() - 1; i > 0; i--) {
            peers.set(i, peers.set(random.nextInt(i + 1), peers.get(i)));
        }
        return peers;
    }

    /** The owner of a node id whose registration ended, remembered until {@code until}. */
    private record FormerOwner(String owner, Instant until) {
    }

    /** One registration; fields change only under the mesh's lock. */
    static final class Entry {

        final String registrationId;

        final String nodeId;

        List<String> addresses;

        Instant expiresAt;

        int slot;

        /** The hash of the secret it was registered with, or {@code null}: see {@link RegistrationStore#register}. */
        final @Nullable String owner;

        Entry(String registrationId, String nodeId, List<String> addresses, Instant expiresAt, int slot,
                @Nullable String owner) {
            this.owner = owner;
            this.registrationId = registrationId;
            this.nodeId = nodeId;
            this.addresses = List.copyOf(addresses);
            this.expiresAt = expiresAt;
            this.slot = slot;
        }

        boolean live(Instant now) {
            return expiresAt.isAfter(now);
        }

        /** Whether a register call with {@code candidate} as its owner may replace this registration. */
        boolean ownedBy(@Nullable String candidate) {
            return sameOwner(owner, candidate);
        }

        Registration toRegistration() {
            return new Registration(registrationId, nodeId, addresses, expiresAt);
        }
    }
}
