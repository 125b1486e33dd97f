package dev.peermesh.membership;

import dev.peermesh.MeshSettings;
import dev.peermesh.Rejection;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.Referral;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;

/**
 * HyParView's upkeep of the passive view (Leitão, Pereira and Rodrigues, DSN 2007): periodic shuffles that swap
 * samples of the views with a neighbor, and join walks that spread word of a new node so some nodes link to it and
 * others remember it. It reads the active view through the {@link Neighborhood}, by peer id; it only feeds the
 * passive view and asks {@link Repair} to link when a walk ends.
 *
 * <p>Shuffles go to a direct neighbor, not on a random walk as in the paper: an answer to a far node would need a
 * fresh authenticated link, and samples taken from neighbors that themselves shuffle mix over rounds all the same.
 *
 * <p>What a neighbor offers is rationed: each has a budget of referrals ({@code limits.referral-rate}); a SHUFFLE or
 * a join walk beyond it is dropped unanswered, and a SHUFFLE_REPLY counts only as the answer to a SHUFFLE this node
 * sent. What is kept goes into the passive view in the neighbor's name, within its share.
 *
 * <p>The frame handlers take the neighbor's peer id and the id of the link the frame came on, which only names where
 * a rejected frame came from.
 */
public final class Overlay {

    /** Active-view entries offered in a shuffle (HyParView's ka). */
    static final int SHUFFLE_ACTIVE = 3;

    /** Passive-view entries offered in a shuffle (HyParView's kp). */
    static final int SHUFFLE_PASSIVE = 4;

    private final MeshSettings settings;
    private final Referral self;
    private final Neighborhood neighbors;
    private final Repair repair;
    private final PassiveView passive;
    private final RandomGenerator random;
    private final long ticksPerShuffle;

    private long ticks;

    /** The overlay of the node {@code self}, feeding {@code repair}'s passive view. */
    public Overlay(MeshSettings settings, Referral self, Neighborhood neighbors, Repair repair,
            RandomGenerator random) {
        this.settings = settings;
        this.self = self;
        this.neighbors = neighbors;
        this.repair = repair;
        this.passive = repair.passive();
        this.random = random;
        this.ticksPerShuffle = Math.max(1, settings.shuffleInterval().toMillis()
                / settings.maintenanceInterval().toMillis());
    }

    /** A maintenance tick: shuffle with a random neighbor when it is time. */
    public void tick() {
        if (++ticks % ticksPerShuffle != 0 || neighbors.size() == 0) {
            return;
        }
        Referral partner = randomNeighbor(0);
        List<Referral> offer = new ArrayList<>(1 + SHUFFLE_ACTIVE + SHUFFLE_PASSIVE);
        offer.add(self);
        List<Referral> others = neighbors.neighbors();
        others.remove(partner);
        shuffle(others);
        for (int i = 0; i < Math.min(SHUFFLE_ACTIVE, others.size()); i++) {
            offer.add(others.get(i));
        }
        offer.addAll(passive.sample(random, SHUFFLE_PASSIVE, referral -> referral.nodeId() != partner.nodeId()
                && !referral.address().equals(partner.address())));
        neighbors.shuffleSent(partner.nodeId());
        neighbors.send(partner.nodeId(), new Frame.Shuffle(offer));
    }

    /** The neighbor {@code from} (on {@code link}) offered a sample: answer with one of ours, keep what is new. */
    public void onShuffle(long link, long from, Frame.Shuffle shuffle) {
        if (!neighbors.takeReferrals(from, shuffle.peers().size())) {
            overBudget(link, shuffle.peers().size(), "SHUFFLE");
            return;
        }
        List<Referral> answer = passive.sample(random, Math.min(shuffle.peers().size(), Frame.MAX_REFERRALS),
                referral -> !shuffle.peers().contains(referral) && referral.nodeId() != from);
        neighbors.send(from, new Frame.ShuffleReply(answer));
        remember(link, from, shuffle.peers());
    }

    /** The neighbor {@code from} (on {@code link}) answered our shuffle. */
    public void onShuffleReply(long link, long from, Frame.ShuffleReply reply) {
        if (!neighbors.shuffleAnswered(from)) {
            if (!reply.peers().isEmpty()) {
                neighbors.reject(link, Rejection.UNSOLICITED_REFERRALS, reply.peers().size()
                        + " peers in a SHUFFLE_REPLY to no SHUFFLE");
            }
            return;
        }
        remember(link, from, reply.peers());
    }

    /**
     * This node admitted a node that had no neighbor, now its neighbor: tell the others, on walks (none when the
     * length is 0).
     */
    public void joined(Referral joiner) {
        if (settings.joinWalkLength() == 0) {
            return;
        }
        for (Referral neighbor : neighbors.neighbors()) {
            if (neighbor.nodeId() != joiner.nodeId()) {
                neighbors.send(neighbor.nodeId(), new Frame.ForwardJoin(joiner, settings.joinWalkLength()));
            }
        }
    }

    /** One step of a join walk, from the neighbor {@code from} (on {@code link}). */
    public void onForwardJoin(long link, long from, Frame.ForwardJoin walk) {
        Referral joiner = walk.joiner();
        if (!repair.stranger(joiner)) {
            return;
        }
        if (!neighbors.takeReferrals(from, 1)) {
            overBudget(link, 1, "FORWARD_JOIN");
            return;
        }
        if (walk.ttl() == 0 || neighbors.size() <= 1) {
            repair.linkIfRoom(joiner, link, from);
            return;
        }
        if (walk.ttl() == settings.joinWalkLength() / 2) {
            repair.remember(joiner, link, from);
        }
        Referral next = randomNeighbor(from);
        if (next == null || next.nodeId() == joiner.nodeId()) {
            repair.remember(joiner, link, from);
            return;
        }
        neighbors.send(next.nodeId(), new Frame.ForwardJoin(joiner, walk.ttl() - 1));
    }

    private void remember(long link, long from, List<Referral> peers) {
        for (Referral peer : peers) {
            if (repair.stranger(peer)) {
                repair.remember(peer, link, from);
            }
        }
    }

    private void overBudget(long link, int peers, String frame) {
        neighbors.reject(link, Rejection.REFERRAL_RATE, "a " + frame + " with " + peers + " peers beyond "
                + settings.limits().referralRate() + " per second (burst " + settings.limits().referralBurst() + ")");
    }

    /** A random neighbor other than the peer {@code except} (0 for none), or {@code null}. */
    private @Nullable Referral randomNeighbor(long except) {
        List<Referral> candidates = neighbors.neighbors();
        candidates.removeIf(neighbor -> neighbor.nodeId() == except);
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    private void shuffle(List<Referral> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Referral swap = list.get(i);
            list.set(i, list.get(j));
            list.set(j, swap);
        }
    }
}
