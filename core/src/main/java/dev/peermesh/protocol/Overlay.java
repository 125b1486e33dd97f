package dev.peermesh.protocol;

import dev.peermesh.MeshSettings;
import dev.peermesh.Rejection;
import dev.peermesh.membership.PassiveView;
import dev.peermesh.protocol.link.Link;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.Referral;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * HyParView's upkeep of the passive view (Leitão, Pereira and Rodrigues, DSN 2007): periodic shuffles that swap
 * samples of the views with a neighbour, and join walks that spread word of a new node so some nodes link to it and
 * others remember it. It reads the {@link ActiveView}; it only feeds the passive view and asks {@link Repair} to link
 * when a walk ends.
 *
 * <p>Shuffles go to a direct neighbour, not on a random walk as in the paper: an answer to a far node would need a
 * fresh authenticated link, and samples taken from neighbours that themselves shuffle mix over rounds all the same.
 *
 * <p>What a neighbour offers is rationed: each has a budget of referrals ({@code limits.referral-rate}); a SHUFFLE or
 * a join walk beyond it is dropped unanswered, and a SHUFFLE_REPLY counts only as the answer to a SHUFFLE this node
 * sent. What is kept goes into the passive view in the neighbour's name, within its share.
 */
final class Overlay {

    /** Active-view entries offered in a shuffle (HyParView's ka). */
    static final int SHUFFLE_ACTIVE = 3;

    /** Passive-view entries offered in a shuffle (HyParView's kp). */
    static final int SHUFFLE_PASSIVE = 4;

    private final MeshSettings settings;
    private final Referral self;
    private final ActiveView neighbours;
    private final Repair repair;
    private final PassiveView passive;
    private final RandomGenerator random;
    private final Actions actions;
    private final RejectionSink rejections;
    private final long ticksPerShuffle;

    private long ticks;

    Overlay(MeshSettings settings, Referral self, ActiveView neighbours, Repair repair, RandomGenerator random,
            Actions actions, RejectionSink rejections) {
        this.settings = settings;
        this.self = self;
        this.neighbours = neighbours;
        this.repair = repair;
        this.passive = repair.passive();
        this.random = random;
        this.actions = actions;
        this.rejections = rejections;
        this.ticksPerShuffle = Math.max(1, settings.shuffleInterval().toMillis()
                / settings.maintenanceInterval().toMillis());
    }

    /** A maintenance tick: shuffle with a random neighbour when it is time. */
    void tick() {
        if (++ticks % ticksPerShuffle != 0 || neighbours.isEmpty()) {
            return;
        }
        Link partner = randomNeighbour(null);
        List<Referral> offer = new ArrayList<>(1 + SHUFFLE_ACTIVE + SHUFFLE_PASSIVE);
        offer.add(self);
        List<Link> others = new ArrayList<>(neighbours.links());
        others.remove(partner);
        shuffle(others);
        for (int i = 0; i < Math.min(SHUFFLE_ACTIVE, others.size()); i++) {
            offer.add(new Referral(others.get(i).peerId(), others.get(i).peerAddress()));
        }
        offer.addAll(passive.sample(random, SHUFFLE_PASSIVE, referral -> referral.nodeId() != partner.peerId()
                && !referral.address().equals(partner.peerAddress())));
        partner.shuffleSent();
        actions.send(partner.id(), new Frame.Shuffle(offer));
    }

    /** A neighbour offered a sample: answer with one of ours, then keep what is new. */
    void onShuffle(Link from, Frame.Shuffle shuffle) {
        if (!from.takeReferrals(shuffle.peers().size())) {
            overBudget(from, shuffle.peers().size(), "SHUFFLE");
            return;
        }
        List<Referral> answer = passive.sample(random, Math.min(shuffle.peers().size(), Frame.MAX_REFERRALS),
                referral -> !shuffle.peers().contains(referral) && referral.nodeId() != from.peerId());
        actions.send(from.id(), new Frame.ShuffleReply(answer));
        remember(from, shuffle.peers());
    }

    /** A neighbour answered our shuffle. */
    void onShuffleReply(Link from, Frame.ShuffleReply reply) {
        if (!from.shuffleAnswered()) {
            if (!reply.peers().isEmpty()) {
                rejections.reject(from.id(), Rejection.UNSOLICITED_REFERRALS, reply.peers().size()
                        + " peers in a SHUFFLE_REPLY to no SHUFFLE");
            }
            return;
        }
        remember(from, reply.peers());
    }

    /** This node admitted a node that had no neighbour: tell the others, on walks (none when the length is 0). */
    void joined(Link joiner) {
        if (settings.joinWalkLength() == 0) {
            return;
        }
        Referral referral = new Referral(joiner.peerId(), joiner.peerAddress());
        for (Link neighbour : neighbours.links()) {
            if (neighbour != joiner) {
                actions.send(neighbour.id(), new Frame.ForwardJoin(referral, settings.joinWalkLength()));
            }
        }
    }

    /** One step of a join walk. */
    void onForwardJoin(Link from, Frame.ForwardJoin walk) {
        Referral joiner = walk.joiner();
        if (!repair.stranger(joiner)) {
            return;
        }
        if (!from.takeReferrals(1)) {
            overBudget(from, 1, "FORWARD_JOIN");
            return;
        }
        if (walk.ttl() == 0 || neighbours.size() <= 1) {
            repair.linkIfRoom(joiner, from);
            return;
        }
        if (walk.ttl() == settings.joinWalkLength() / 2) {
            repair.remember(joiner, from.id(), from.peerId());
        }
        Link next = randomNeighbour(from);
        if (next == null || next.peerId() == joiner.nodeId()) {
            repair.remember(joiner, from.id(), from.peerId());
            return;
        }
        actions.send(next.id(), new Frame.ForwardJoin(joiner, walk.ttl() - 1));
    }

    private void remember(Link from, List<Referral> peers) {
        for (Referral peer : peers) {
            if (repair.stranger(peer)) {
                repair.remember(peer, from.id(), from.peerId());
            }
        }
    }

    private void overBudget(Link from, int peers, String frame) {
        rejections.reject(from.id(), Rejection.REFERRAL_RATE, "a " + frame + " with " + peers + " peers beyond "
                + settings.referralRate() + " per second (burst " + settings.referralBurst() + ")");
    }

    private Link randomNeighbour(Link except) {
        List<Link> candidates = new ArrayList<>(neighbours.links());
        candidates.remove(except);
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    private void shuffle(List<Link> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Link swap = list.get(i);
            list.set(i, list.get(j));
            list.set(j, swap);
        }
    }
}
