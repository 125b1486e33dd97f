package dev.peermesh.membership;

import dev.peermesh.MeshSettings;
import dev.peermesh.PeerAddress;
import dev.peermesh.Rejection;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.Referral;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * How a node finds neighbors and replaces lost ones: which known peers it may dial (not itself, not a neighbor,
 * not already being dialled, not cooling down after a failure), dialling them until it has its ideal count, and
 * asking the resolver, at most once per maintenance tick, when it knows no one left to dial. Every failed dial or
 * handshake, whichever side found the fault, holds the address back for {@code dial-backoff.initial}, doubling while
 * failures repeat up to {@code dial-backoff.max}: a peer that can never link (another password) is tried once per
 * step, not in a loop. Neighbors lost without a word (a link that broke or went silent) are dialled again
 * ({@link LostPeers}, {@code dial-backoff.lost-peers}) whatever the neighbor count, so the halves of a mesh that was
 * cut in two find each other again without the resolver. It dials only while the node
 * runs, and sees the node's links through its {@link Neighborhood}.
 *
 * <p>{@code repair.maintainIfShort();}
 */
public final class Repair {

    private final MeshSettings settings;
    private final long self;
    private final RandomGenerator random;
    private final Neighborhood neighbors;

    private final PassiveView passive;
    private final Cooldown cooldown;
    private final LostPeers lost;
    private final Set<PeerAddress> dialling = new HashSet<>();
    private final Set<PeerAddress> selfAddresses = new HashSet<>();

    private long dials;

    private boolean resolving;
    private boolean resolvedThisTick;

    public Repair(MeshSettings settings, long self, PeerAddress selfAddress, RandomGenerator random,
            Neighborhood neighbors) {
        this.settings = settings;
        this.self = self;
        this.random = random;
        this.neighbors = neighbors;
        this.passive = new PassiveView(settings.passiveViewSize(), settings.limits().passiveViewPeersPerNeighbor());
        int initial = ticks(settings.dialBackoff().initial(), settings);
        this.cooldown = new Cooldown(Math.max(64, settings.passiveViewSize() * 4), initial,
                Math.max(initial, ticks(settings.dialBackoff().max(), settings)));
        this.lost = new LostPeers(settings.dialBackoff().lostPeers(),
                ticks(settings.dialBackoff().lostPeerRetry(), settings),
                ticks(settings.dialBackoff().lostPeerRetention(), settings));
        this.selfAddresses.add(selfAddress);
    }

    /** Most lost peers dialled again in one tick. */
    static final int LOST_DIALS_PER_TICK = 2;

    /** The peers this node knows and may dial. */
    public PassiveView passive() {
        return passive;
    }

    /** A maintenance tick passed. */
    public void tick() {
        cooldown.tick();
        lost.tick();
        resolvedThisTick = false;
    }

    /**
     * Dials, while the node runs, the lost peers that are due, whatever the neighbor count: after a cut heals they
     * are the way back to the other side. A lost peer that was a neighbor proved the mesh key, so its cooldown does
     * not hold it back; its own back-off does.
     */
    public void retryLost() {
        int linked = neighbors.size() + dialling.size() + neighbors.outboundHandshakes();
        if (!neighbors.running() || linked >= settings.neighbors().max()) {
            return; // full: a lost neighbor that answered would be turned away
        }
        for (PeerAddress address : lost.due(LOST_DIALS_PER_TICK, this::redialable)) {
            dial(address);
        }
    }

    /** A neighbor's link broke without it saying it leaves: dial it again later. */
    public void neighborLost(PeerAddress address) {
        lost.lost(address);
    }

    /** Dials, while the node runs, when the neighbor count is below the ideal. */
    public void maintainIfShort() {
        if (neighbors.running() && neighbors.size() < settings.neighbors().ideal()) {
            maintain();
        }
    }

    /** Dials known peers until enough links are under way; asks the resolver once per tick when none is left. */
    public void maintain() {
        int wanted = settings.neighbors().ideal() - neighbors.size() - dialling.size() - neighbors.outboundHandshakes();
        while (wanted > 0) {
            Referral candidate = passive.pick(random, this::dialable);
            if (candidate == null) {
                break;
            }
            dial(candidate.address());
            wanted--;
        }
        if (wanted > 0 && !resolving && !resolvedThisTick) {
            resolving = true;
            resolvedThisTick = true;
            neighbors.resolve(settings.resolver().batchSize());
        }
    }

    /**
     * Dials the peer when the neighbor set has room for it, else remembers it as named by the neighbor
     * {@code source} (on {@code link}).
     */
    void linkIfRoom(Referral referral, long link, long source) {
        int linked = neighbors.size() + dialling.size() + neighbors.outboundHandshakes();
        if (neighbors.running() && linked < settings.neighbors().max() && dialable(referral)) {
            dial(referral.address());
        }
        else {
            remember(referral, link, source);
        }
    }

    /**
     * Remembers a peer that the neighbor {@code source} (on {@code link}) named; the neighbor's oldest unconfirmed
     * referral makes room when it already has its share of the passive view.
     */
    void remember(Referral referral, long link, long source) {
        if (passive.add(referral, source)) {
            neighbors.reject(link, Rejection.PASSIVE_VIEW_SHARE, "node " + dev.peermesh.NodeId.format(source)
                    + " already vouches alone for " + settings.limits().passiveViewPeersPerNeighbor()
                    + " peers of the passive view; its oldest made room");
        }
    }

    /** The resolver answered. */
    public void resolved(List<PeerAddress> addresses) {
        resolving = false;
        for (PeerAddress address : addresses) {
            if (!selfAddresses.contains(address)) {
                passive.add(new Referral(0, address));
            }
        }
    }

    /** A dialled TCP link opened. */
    public void opened(PeerAddress dialled) {
        dialling.remove(dialled);
    }

    /** A dial failed: forget the peer and let it cool down. */
    public void dialFailed(PeerAddress address) {
        dialling.remove(address);
        passive.remove(address);
        failed(address); // a lost neighbor out of reach: its next redial waits a little longer
    }

    /** The peer failed or refused: do not dial it for the next step of its cooldown (nor, if lost, too soon). */
    public void failed(PeerAddress address) {
        cooldown.failed(address);
        lost.failed(address);
    }

    /** The peer refused for good (another mesh, another password, this node itself): no use dialling it again. */
    public void refused(PeerAddress address) {
        lost.forget(address);
    }

    /** A link to the address was established: its past failures are forgotten. */
    public void established(PeerAddress address) {
        cooldown.succeeded(address);
        lost.forget(address);
    }

    /** Maintenance ticks that cover {@code duration}, at least 1. */
    private static int ticks(Duration duration, MeshSettings settings) {
        long interval = Math.max(1, settings.maintenanceInterval().toMillis());
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE / 2, (duration.toMillis() + interval - 1) / interval));
    }

    /** The peer said it is leaving: forget it. */
    public void left(PeerAddress address) {
        passive.remove(address);
        lost.forget(address);
        failed(address);
    }

    /** The address turned out to be this node's own. */
    public void isSelf(PeerAddress address) {
        selfAddresses.add(address);
    }

    /** Remembers peers that the peer {@code source} (on {@code link}) referred, except this node. */
    public void learn(List<Referral> learned, long link, long source) {
        for (Referral referral : learned) {
            if (referral.nodeId() != self && !selfAddresses.contains(referral.address())) {
                remember(referral, link, source);
            }
        }
    }

    /** Neither this node nor a neighbor. */
    boolean stranger(Referral referral) {
        if (referral.nodeId() == self || neighbors.contains(referral.nodeId())
                || selfAddresses.contains(referral.address())) {
            return false;
        }
        for (Referral neighbor : neighbors.neighbors()) {
            if (referral.address().equals(neighbor.address())) {
                return false;
            }
        }
        return true;
    }

    /** Up to {@link Frame#MAX_REFERRALS} neighbors other than {@code peer}, in random order. */
    public List<Referral> referralsFor(long peer) {
        List<Referral> out = new ArrayList<>();
        for (Referral neighbor : neighbors.neighbors()) {
            if (neighbor.nodeId() != peer) {
                out.add(neighbor);
            }
        }
        for (int i = out.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Referral swap = out.get(i);
            out.set(i, out.get(j));
            out.set(j, swap);
        }
        return out.size() > Frame.MAX_REFERRALS ? out.subList(0, Frame.MAX_REFERRALS) : out;
    }

    /** Dials started since the node started, each a handshake attempt once its TCP link opens. */
    public long dials() {
        return dials;
    }

    private void dial(PeerAddress address) {
        dials++;
        dialling.add(address);
        neighbors.dial(address);
    }

    /**
     * Whether a link of another kind (a direct link) may be dialled to this address: not one of this node's own, and
     * not cooling down after a failure.
     */
    public boolean mayDial(PeerAddress address) {
        return !selfAddresses.contains(address) && !cooldown.holds(address);
    }

    private boolean redialable(PeerAddress address) {
        return !selfAddresses.contains(address) && !dialling.contains(address) && !neighbors.reaches(address);
    }

    private boolean dialable(Referral referral) {
        PeerAddress address = referral.address();
        return referral.nodeId() != self && !neighbors.contains(referral.nodeId())
                && !selfAddresses.contains(address) && !dialling.contains(address) && !cooldown.holds(address)
                && !neighbors.reaches(address);
    }
}
