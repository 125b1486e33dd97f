package dev.peermesh.protocol;

import dev.peermesh.MeshSettings;
import dev.peermesh.Neighbor;
import dev.peermesh.dissemination.Dissemination;
import dev.peermesh.membership.Repair;
import dev.peermesh.protocol.link.Admission;
import dev.peermesh.protocol.link.Link;
import dev.peermesh.protocol.link.LinkTable;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.Reason;
import dev.peermesh.wire.Referral;

import java.util.List;

/**
 * How a link joins the {@link ActiveView} and how it leaves it: establishing a link that passed its handshake (and
 * which of two links with one peer stays), and ending a link, whoever ends it, with what follows — the peer told why,
 * the membership and the dissemination updated, the events raised, a lost neighbor replaced. The only writer of the
 * active view.
 */
final class Links implements Closer {

    private final MeshSettings settings;
    private final Actions actions;
    private final LinkTable table;
    private final ActiveView view;
    private final Admission admission;
    private final ProtocolCounters counters;
    private final Repair repair;
    private final Dissemination dissemination;
    private final DirectLinks directs;

    Links(MeshSettings settings, Actions actions, LinkTable table, ActiveView view, Admission admission,
            ProtocolCounters counters, Repair repair, Dissemination dissemination, DirectLinks directs) {
        this.settings = settings;
        this.actions = actions;
        this.table = table;
        this.view = view;
        this.admission = admission;
        this.counters = counters;
        this.repair = repair;
        this.dissemination = dissemination;
        this.directs = directs;
    }

    /** A link passed its handshake and was admitted: it becomes a neighbor link, or a duplicate one ends. */
    void establish(Link link) {
        if (!link.outbound()) {
            admission.handshakeEnded(link);
        }
        link.establish(settings);
        if (link.outbound()) {
            repair.established(link.dialled());
        }
        repair.established(link.peerAddress()); // proved the mesh key: its address is its own
        Link existing = view.get(link.peerId());
        if (existing != null) {
            if (admission.preferred(existing, link) == existing) {
                close(link, Reason.DUPLICATE_LINK, "another link to this node is kept", true);
                return;
            }
            view.put(link);
            dissemination.neighborDown(existing.id());
            dissemination.neighborUp(link.id());
            view.changed();
            close(existing, Reason.DUPLICATE_LINK, "another link to this node is kept", true);
            return;
        }
        if (link.takeReplaced() != null) {
            view.put(link);
            dissemination.neighborUp(link.id());
            view.changed();
            return;
        }
        counters.linkEstablished();
        view.put(link);
        repair.passive().add(new Referral(link.peerId(), link.peerAddress()));
        dissemination.neighborUp(link.id());
        view.changed();
        if (view.size() == 1) {
            actions.event(new MeshEvent.Online());
        }
        actions.event(new MeshEvent.NeighborUp(link.neighbor()));
    }

    /**
     * The peer dropped this neighbor link as a duplicate and keeps the other link, whose handshake is still on its
     * way here: that one takes its place, without events. Answers whether there was such a link.
     */
    boolean handOver(Link link) {
        Link successor = table.successorOf(link);
        if (successor == null) {
            return false;
        }
        view.removePeer(link.peerId());
        dissemination.neighborDown(link.id());
        view.changed();
        successor.replaces(link.neighbor());
        actions.close(link.id());
        link.ended(Reason.DUPLICATE_LINK, link.closeDetail());
        return true;
    }

    /** Leaving: every link gets DISCONNECT (or REFUSE in its handshake) with referrals to the others, then ends. */
    void leave(String detail) {
        List<Link> all = List.copyOf(table.all());
        for (Link link : all) {
            if (!link.closed()) {
                List<Referral> referred = link.authenticated() ? repair.referralsFor(link.peerId()) : List.of();
                actions.send(link.id(), link.established()
                        ? new Frame.Disconnect(Reason.LEAVING, detail, referred)
                        : new Frame.Refuse(Reason.LEAVING, detail, referred));
            }
        }
        for (Link link : all) {
            close(link, Reason.LEAVING, detail, false);
        }
    }

    /** Ends a link: tells the peer why (when {@code tell}), asks the driver to close it and updates membership. */
    @Override
    public void close(Link link, Reason reason, String detail, boolean tell) {
        if (link.closed()) {
            return;
        }
        if (tell) {
            // Addresses of members go only to peers that proved the mesh key.
            List<Referral> referred = link.authenticated() && (reason == Reason.BUSY || reason == Reason.LEAVING
                    || reason == Reason.REPLACED) ? repair.referralsFor(link.peerId()) : List.of();
            actions.send(link.id(), link.established() ? new Frame.Disconnect(reason, detail, referred)
                    : new Frame.Refuse(reason, detail, referred));
        }
        actions.close(link.id());
        ended(link, reason, detail);
    }

    /** The driver reports the link closed, whoever closed it. */
    void closed(long id) {
        Link link = table.remove(id);
        if (link == null) {
            return;
        }
        if (!link.closed()) {
            Reason reason = link.closeReason() != null ? link.closeReason() : Reason.CLOSED;
            ended(link, reason, link.closeReason() != null ? link.closeDetail() : "the link was closed");
        }
    }

    private void ended(Link link, Reason reason, String detail) {
        // lost without a word, as this node found it: no answer to keepalives, or the connection went away with no
        // reason given (a reason the peer sent — it left, it is full, it dropped this node — is no loss to undo)
        boolean silent = reason == Reason.KEEPALIVE_TIMEOUT || reason == Reason.TRANSPORT_ERROR
                || reason == Reason.CLOSED && link.closeReason() == null;
        boolean wasHandshaking = link.handshaking();
        if (wasHandshaking && !link.outbound()) {
            admission.handshakeEnded(link);
        }
        if (wasHandshaking && link.stage() != Link.Stage.AWAIT_HELLO) {
            counters.linkRefused();
        }
        boolean failedDial = wasHandshaking && link.outbound() && !link.direct();
        directs.ended(link, wasHandshaking && link.outbound());
        if (failedDial) {
            // one place for every way a dial can fail after its TCP link opened, whichever side found the fault
            repair.failed(link.dialled());
            if (reason == Reason.AUTHENTICATION_FAILED || reason == Reason.WRONG_MESH || reason == Reason.SELF_LINK
                    || reason == Reason.UNSUPPORTED_VERSION) {
                repair.refused(link.dialled());
            }
            actions.handshakeFailed(link.dialled(), reason, detail);
        }
        Neighbor replaced = wasHandshaking ? link.takeReplaced() : null;
        if (replaced != null) {
            // the replacement failed: report the neighbor lost after all
            counters.linkClosed(reason);
            actions.event(new MeshEvent.NeighborDown(replaced, reason, detail));
            if (view.isEmpty()) {
                actions.event(new MeshEvent.Offline());
            }
        }
        link.ended(reason, detail);
        if (view.remove(link)) {
            counters.linkClosed(reason);
            dissemination.neighborDown(link.id());
            view.changed();
            actions.event(new MeshEvent.NeighborDown(link.neighbor(), reason, detail));
            if (view.isEmpty()) {
                actions.event(new MeshEvent.Offline());
            }
            if (silent) {
                repair.neighborLost(link.peerAddress()); // went silent or away without a word: a cut may heal
            }
            // HyParView: a lost neighbor is replaced from the passive view at once.
            repair.maintainIfShort();
        }
        else if (failedDial) {
            repair.maintainIfShort();
        }
    }
}
