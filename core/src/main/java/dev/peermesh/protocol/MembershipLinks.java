package dev.peermesh.protocol;

import dev.peermesh.PeerAddress;
import dev.peermesh.Rejection;
import dev.peermesh.membership.Neighborhood;
import dev.peermesh.protocol.link.Link;
import dev.peermesh.protocol.link.LinkTable;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.Referral;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The node's links as membership sees them, by peer id: a neighbor's peer id stands for its link in the
 * {@link ActiveView}, the one established link with that peer.
 */
final class MembershipLinks implements Neighborhood {

    private final ActiveView view;
    private final LinkTable table;
    private final Actions actions;
    private final RejectionSink rejections;
    private final BooleanSupplier running;

    MembershipLinks(ActiveView view, LinkTable table, Actions actions, RejectionSink rejections,
            BooleanSupplier running) {
        this.view = view;
        this.table = table;
        this.actions = actions;
        this.rejections = rejections;
        this.running = running;
    }

    @Override
    public boolean running() {
        return running.getAsBoolean();
    }

    @Override
    public List<Referral> neighbors() {
        List<Referral> neighbors = new ArrayList<>(view.size());
        for (Link link : view.links()) {
            neighbors.add(new Referral(link.peerId(), link.peerAddress()));
        }
        return neighbors;
    }

    @Override
    public int size() {
        return view.size();
    }

    @Override
    public boolean contains(long peer) {
        return view.contains(peer);
    }

    @Override
    public int outboundHandshakes() {
        return table.outboundHandshakes();
    }

    @Override
    public boolean reaches(PeerAddress address) {
        return table.reaches(address);
    }

    @Override
    public boolean takeReferrals(long peer, int count) {
        return view.get(peer).takeReferrals(count);
    }

    @Override
    public void shuffleSent(long peer) {
        view.get(peer).shuffleSent();
    }

    @Override
    public boolean shuffleAnswered(long peer) {
        return view.get(peer).shuffleAnswered();
    }

    @Override
    public void send(long peer, Frame frame) {
        actions.send(view.get(peer).id(), frame);
    }

    @Override
    public void dial(PeerAddress address) {
        actions.dial(address);
    }

    @Override
    public void resolve(int maxAddresses) {
        actions.resolve(maxAddresses);
    }

    @Override
    public void reject(long link, Rejection reason, String detail) {
        rejections.reject(link, reason, detail);
    }
}
