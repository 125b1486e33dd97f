package dev.peermesh.protocol;

import dev.peermesh.MeshSettings;
import dev.peermesh.NodeId;
import dev.peermesh.Rejection;
import dev.peermesh.log.PeerText;
import dev.peermesh.membership.Overlay;
import dev.peermesh.membership.Repair;
import dev.peermesh.protocol.link.Admission;
import dev.peermesh.protocol.link.Link;
import dev.peermesh.protocol.link.LinkHandshake;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.Reason;
import dev.peermesh.wire.Referral;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;

/**
 * Links in their handshake, from their opening to their admission: an inbound link over the limits of pending
 * handshakes refused at once, each step checked by the {@link LinkHandshake}, the peer admitted as the
 * {@link Admission} decides, a handshake that takes too long ended, and every refusal, from either side, counted and
 * reported with what to check.
 */
final class Handshakes {

    /** What to check when two nodes' proofs do not match. */
    static final String PASSWORD_HINT = "; check that peermesh.password (MeshSettings.Builder.password) is the same"
            + " on every node";

    /** What to check when a peer belongs to another mesh. */
    static final String MESH_ID_HINT = "; check that peermesh.mesh-id is the same on every node, and the resolver's"
            + " seeds";

    private final MeshSettings settings;
    private final long self;
    private final RandomGenerator random;
    private final Actions actions;
    private final LinkHandshake handshake;
    private final Admission admission;
    private final ActiveView view;
    private final Links links;
    private final Repair repair;
    private final Overlay overlay;
    private final ProtocolCounters counters;
    private final DirectLinks directs;

    Handshakes(MeshSettings settings, long self, RandomGenerator random, Actions actions, LinkHandshake handshake,
            Admission admission, ActiveView view, Links links, Repair repair, Overlay overlay,
            ProtocolCounters counters, DirectLinks directs) {
        this.settings = settings;
        this.self = self;
        this.random = random;
        this.actions = actions;
        this.handshake = handshake;
        this.admission = admission;
        this.view = view;
        this.links = links;
        this.repair = repair;
        this.overlay = overlay;
        this.counters = counters;
        this.directs = directs;
    }

    /** A TCP link opened: refuse it, or start its handshake (the initiator says HELLO) and its timeout. */
    void opened(Link link, boolean running) {
        admission.opened(link);
        if (!running) {
            links.close(link, Reason.LEAVING, "node is not running", true);
            return;
        }
        Admission.Eviction eviction = admission.overPendingLimit(link);
        if (eviction != null) {
            Link ended = eviction.link();
            counters.reject(ended.id(), eviction.rejection(), eviction.detail());
            links.close(ended, eviction.reason(), eviction.detail(), true);
            if (ended == link) {
                return;
            }
        }
        actions.schedule(new Timer(Timer.Kind.HANDSHAKE_TIMEOUT, link.id()), settings.handshakeTimeout().toMillis());
        if (link.outbound()) {
            actions.send(link.id(), handshake.hello(link, view.isEmpty()));
        }
    }

    /** The handshake timeout of a link (or {@code null} when it is gone) fired: it ends if still in its handshake. */
    void timedOut(@Nullable Link link) {
        if (link != null && link.handshaking()) {
            String detail = "the handshake did not finish within " + settings.handshakeTimeout().toMillis() + " ms";
            counters.reject(link.id(), Rejection.HANDSHAKE_TIMEOUT, detail);
            links.close(link, Reason.HANDSHAKE_TIMEOUT, detail, true);
        }
    }

    /** A frame arrived on a link in its handshake. */
    void onFrame(Link link, Frame frame) {
        try {
            if (frame instanceof Frame.Hello hello && link.stage() == Link.Stage.AWAIT_HELLO) {
                actions.send(link.id(), handshake.onHello(link, hello));
            }
            else if (frame instanceof Frame.Challenge challenge && link.stage() == Link.Stage.AWAIT_CHALLENGE) {
                actions.send(link.id(), handshake.onChallenge(link, challenge));
            }
            else if (frame instanceof Frame.Auth auth && link.stage() == Link.Stage.AWAIT_AUTH) {
                handshake.onAuth(link, auth);
                admit(link);
            }
            else if (frame instanceof Frame.Welcome && link.stage() == Link.Stage.AWAIT_WELCOME && link.direct()) {
                directs.established(link);
            }
            else if (frame instanceof Frame.Welcome welcome && link.stage() == Link.Stage.AWAIT_WELCOME) {
                repair.learn(welcome.referrals(), link.id(), link.peerId());
                if (!view.contains(link.peerId()) && view.size() >= settings.neighbors().max()) {
                    link.establishedByPeer(); // the peer took it as established: DISCONNECT, no events
                    links.close(link, Reason.BUSY, "node " + NodeId.format(self) + " reached its maximum of "
                            + settings.neighbors().max() + " neighbors meanwhile", true);
                    return;
                }
                links.establish(link);
            }
            else if (frame instanceof Frame.Refuse refuse) {
                onRefuse(link, refuse);
            }
            else {
                counters.protocolError();
                String detail = frame.type() + " is not expected during the handshake (" + link.stage() + ")";
                counters.reject(link.id(), Rejection.UNEXPECTED_FRAME, detail);
                links.close(link, Reason.PROTOCOL_ERROR, detail, true);
            }
        }
        catch (LinkHandshake.Refusal refusal) {
            if (link.stage() == Link.Stage.AWAIT_HELLO) {
                counters.linkRefused();
            }
            switch (refusal.reason()) {
                case WRONG_MESH -> counters.reject(link.id(), Rejection.WRONG_MESH,
                        refusal.getMessage() + MESH_ID_HINT);
                case AUTHENTICATION_FAILED -> counters.reject(link.id(), Rejection.AUTHENTICATION_FAILED,
                        refusal.getMessage() + PASSWORD_HINT);
                case PROTOCOL_ERROR -> counters.reject(link.id(), Rejection.MALFORMED_FRAME, refusal.getMessage());
                default -> {
                }
            }
            if (refusal.reason() == Reason.SELF_LINK && link.outbound()) {
                repair.isSelf(link.dialled());
            }
            links.close(link, refusal.reason(), refusal.getMessage(), true);
        }
    }

    private void onRefuse(Link link, Frame.Refuse refuse) {
        if (link.authenticated()) {
            repair.learn(refuse.referrals(), link.id(), link.peerId());
        }
        else if (!refuse.referrals().isEmpty()) {
            counters.reject(link.id(), Rejection.UNSOLICITED_REFERRALS, refuse.referrals().size()
                    + " referrals in a REFUSE from a peer that had not proved the mesh key");
        }
        if (refuse.reason() == Reason.SELF_LINK && link.outbound()) {
            repair.isSelf(link.dialled());
        }
        refusedBecause(link, refuse);
        links.close(link, refuse.reason(), "refused by peer: " + PeerText.escape(refuse.detail()), false);
    }

    /**
     * The peer refused the link for a fault of configuration that it found: count and report it on this side too, so
     * both ends of a link that can never be made say why.
     */
    private void refusedBecause(Link link, Frame.Refuse refuse) {
        switch (refuse.reason()) {
            case AUTHENTICATION_FAILED -> counters.reject(link.id(), Rejection.AUTHENTICATION_FAILED,
                    "refused by peer: " + PeerText.escape(refuse.detail()) + PASSWORD_HINT);
            case WRONG_MESH -> counters.reject(link.id(), Rejection.WRONG_MESH, "refused by peer: "
                    + PeerText.escape(refuse.detail()) + MESH_ID_HINT);
            default -> {
            }
        }
    }

    /**
     * Responder, after a valid AUTH: welcome the peer, or refuse it when full or already linked. A peer without any
     * neighbor is never refused for being one too many: a random neighbor makes room for it (HyParView's
     * high-priority join), and word of it goes out on join walks.
     */
    private void admit(Link link) {
        if (link.direct()) {
            if (!directs.room(link)) {
                links.close(link, Reason.BUSY, directs.full(), true);
                return;
            }
            admission.handshakeEnded(link);
            actions.send(link.id(), new Frame.Welcome(List.of()));
            directs.established(link);
            return;
        }
        switch (admission.admit(link, view.get(link.peerId()), view.size())) {
            case DUPLICATE -> {
                links.close(link, Reason.DUPLICATE_LINK, "a link with node " + NodeId.format(self)
                        + " already exists", true);
                return;
            }
            case BUSY -> {
                links.close(link, Reason.BUSY, "node " + NodeId.format(self) + " has its maximum of "
                        + settings.neighbors().max() + " neighbors", true);
                return;
            }
            case MAKE_ROOM -> {
                List<Link> current = new ArrayList<>(view.links());
                links.close(current.get(random.nextInt(current.size())), Reason.REPLACED, "node "
                        + NodeId.format(self) + " made room for a node that had no neighbor", true);
            }
            case WELCOME -> {
            }
        }
        actions.send(link.id(), new Frame.Welcome(repair.referralsFor(link.peerId())));
        links.establish(link);
        if (link.priority() && view.get(link.peerId()) == link) {
            overlay.joined(new Referral(link.peerId(), link.peerAddress()));
        }
    }
}
