package dev.peermesh.membership;

import dev.peermesh.PeerAddress;
import dev.peermesh.wire.Referral;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * The passive view of HyParView (Leitão, Pereira and Rodrigues, DSN 2007): peers this node knows but is not linked
 * to — learned from referrals, shuffles, join walks, the resolver and former neighbours — from which it replaces a
 * lost neighbour at once. Bounded: when full, the oldest entry makes room (fresh knowledge is likelier alive).
 *
 * <p>Not thread-safe: owned by the node's protocol thread.
 */
public final class PassiveView {

    private final int capacity;

    private final Map<PeerAddress, Long> peers = new LinkedHashMap<>();

    public PassiveView(int capacity) {
        this.capacity = capacity;
    }

    /** Remembers a peer (node id 0 when unknown); a known address is refreshed and keeps a known id. */
    public void add(Referral referral) {
        Long known = peers.remove(referral.address());
        long nodeId = referral.nodeId() != 0 ? referral.nodeId() : known != null ? known : 0;
        peers.put(referral.address(), nodeId);
        if (peers.size() > capacity) {
            Iterator<PeerAddress> oldest = peers.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** Forgets a peer. */
    public void remove(PeerAddress address) {
        peers.remove(address);
    }

    /** A random remembered peer that passes the test, or {@code null} when none does. */
    public Referral pick(RandomGenerator random, Predicate<Referral> eligible) {
        List<Referral> candidates = new ArrayList<>(peers.size());
        for (Map.Entry<PeerAddress, Long> peer : peers.entrySet()) {
            Referral referral = new Referral(peer.getValue(), peer.getKey());
            if (eligible.test(referral)) {
                candidates.add(referral);
            }
        }
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    /** Up to {@code count} remembered peers that pass the test, in random order. */
    public List<Referral> sample(RandomGenerator random, int count, Predicate<Referral> eligible) {
        List<Referral> candidates = new ArrayList<>(peers.size());
        for (Map.Entry<PeerAddress, Long> peer : peers.entrySet()) {
            Referral referral = new Referral(peer.getValue(), peer.getKey());
            if (eligible.test(referral)) {
                candidates.add(referral);
            }
        }
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
}
