package dev.peermesh.membership;

import dev.peermesh.PeerAddress;
import dev.peermesh.wire.Referral;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;

/**
 * The passive view of HyParView (Leitão, Pereira and Rodrigues, DSN 2007): peers this node knows but is not linked
 * to — learned from referrals, shuffles, join walks, the resolver and former neighbors — from which it replaces a
 * lost neighbor at once. Bounded: when full, the oldest entry makes room (fresh knowledge is likelier alive).
 *
 * <p>Every entry remembers who vouched for it. Peers from the resolver or from the node's own links are trusted; a
 * peer that only one neighbor named is <em>unconfirmed</em> until another source names it too. One neighbor's
 * unconfirmed entries are capped ({@code perSource}): past the cap its newest replaces its oldest, and a full view
 * drops unconfirmed entries before confirmed ones. So a neighbor that lies cannot fill the view with peers that do
 * not exist, however fast it offers them.
 *
 * <p>Not thread-safe: owned by the node's protocol thread.
 */
public final class PassiveView {

    /** The source of peers that need no one else to vouch for them: the resolver, the node's own links. */
    public static final long TRUSTED = 0;

    private final int capacity;

    private final int perSource;

    private final Map<PeerAddress, Entry> peers = new LinkedHashMap<>();

    /** Unconfirmed entries per source. */
    private final Map<Long, Integer> unconfirmed = new HashMap<>();

    /** A view that trusts every source alike: each may fill it. */
    public PassiveView(int capacity) {
        this(capacity, capacity);
    }

    /**
     * @param capacity most peers remembered
     * @param perSource most unconfirmed peers one source may have in the view
     */
    public PassiveView(int capacity, int perSource) {
        this.capacity = capacity;
        this.perSource = Math.max(1, Math.min(perSource, capacity));
    }

    /** Remembers a trusted peer (node id 0 when unknown); a known address is refreshed and keeps a known id. */
    public void add(Referral referral) {
        add(referral, TRUSTED);
    }

    /**
     * Remembers a peer that {@code source} (a neighbor's node id, or {@link #TRUSTED}) named.
     *
     * @return whether the source was over its share, so one of its own unconfirmed peers made room
     */
    public boolean add(Referral referral, long source) {
        Entry known = peers.get(referral.address());
        long nodeId = referral.nodeId() != 0 ? referral.nodeId() : known != null ? known.nodeId : 0;
        if (known != null) {
            if (!known.confirmed() && source == known.source) {
                known.nodeId = nodeId; // the same voice again: no fresher, no more believable
                return false;
            }
            forget(referral.address());
            peers.put(referral.address(), new Entry(nodeId, TRUSTED));
            return false;
        }
        boolean displaced = false;
        if (source != TRUSTED && unconfirmed.getOrDefault(source, 0) >= perSource) {
            removeFirst(entry -> entry.source == source);
            displaced = true;
        }
        peers.put(referral.address(), new Entry(nodeId, source));
        if (source != TRUSTED) {
            unconfirmed.merge(source, 1, Integer::sum);
        }
        if (peers.size() > capacity && !removeFirst(entry -> !entry.confirmed())) {
            removeFirst(entry -> true);
        }
        return displaced;
    }

    /** Forgets a peer; whether it was known. */
    public boolean remove(PeerAddress address) {
        return forget(address);
    }

    /** A random remembered peer that passes the test, or {@code null} when none does. */
    public @Nullable Referral pick(RandomGenerator random, Predicate<Referral> eligible) {
        List<Referral> candidates = candidates(eligible);
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    /** Up to {@code count} remembered peers that pass the test, in random order. */
    public List<Referral> sample(RandomGenerator random, int count, Predicate<Referral> eligible) {
        List<Referral> candidates = candidates(eligible);
        for (int i = candidates.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Referral swap = candidates.get(i);
            candidates.set(i, candidates.get(j));
            candidates.set(j, swap);
        }
        return candidates.size() > count ? List.copyOf(candidates.subList(0, count)) : candidates;
    }

    /** How many peers are remembered. */
    public int size() {
        return peers.size();
    }

    /** How many remembered peers only {@code source} vouches for. */
    public int unconfirmedFrom(long source) {
        return unconfirmed.getOrDefault(source, 0);
    }

    /** The address this view knows for the node, or null. */
    public @Nullable PeerAddress addressOf(long nodeId) {
        for (Map.Entry<PeerAddress, Entry> peer : peers.entrySet()) {
            if (peer.getValue().nodeId == nodeId) {
                return peer.getKey();
            }
        }
        return null;
    }

    private List<Referral> candidates(Predicate<Referral> eligible) {
        List<Referral> candidates = new ArrayList<>(peers.size());
        for (Map.Entry<PeerAddress, Entry> peer : peers.entrySet()) {
            Referral referral = new Referral(peer.getValue().nodeId, peer.getKey());
            if (eligible.test(referral)) {
                candidates.add(referral);
            }
        }
        return candidates;
    }

    /** Removes the oldest entry that passes the test; whether there was one. */
    private boolean removeFirst(Predicate<Entry> test) {
        for (Iterator<Map.Entry<PeerAddress, Entry>> it = peers.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<PeerAddress, Entry> peer = it.next();
            if (test.test(peer.getValue())) {
                it.remove();
                uncount(peer.getValue());
                return true;
            }
        }
        return false;
    }

    private boolean forget(PeerAddress address) {
        Entry removed = peers.remove(address);
        if (removed != null) {
            uncount(removed);
        }
        return removed != null;
    }

    private void uncount(Entry entry) {
        if (!entry.confirmed()) {
            unconfirmed.computeIfPresent(entry.source, (source, count) -> count > 1 ? count - 1 : null);
        }
    }

    /** A remembered peer: its id (0 when unknown) and who alone vouches for it, or {@link #TRUSTED}. */
    private static final class Entry {

        long nodeId;

        final long source;

        Entry(long nodeId, long source) {
            this.nodeId = nodeId;
            this.source = source;
        }

        boolean confirmed() {
            return source == TRUSTED;
        }
    }
}
