package dev.peermesh.protocol;

import dev.peermesh.MeshSettings;
import dev.peermesh.MessageId;
import dev.peermesh.NodeId;
import dev.peermesh.NodeState;
import dev.peermesh.PeerAddress;
import dev.peermesh.Rejection;
import dev.peermesh.dissemination.Dissemination;
import dev.peermesh.dissemination.DisseminationFactory;
import dev.peermesh.membership.Overlay;
import dev.peermesh.membership.Repair;
import dev.peermesh.protocol.link.Admission;
import dev.peermesh.protocol.link.Keepalive;
import dev.peermesh.protocol.link.Link;
import dev.peermesh.protocol.link.LinkHandshake;
import dev.peermesh.protocol.link.LinkTable;
import dev.peermesh.protocol.link.MeshKey;
import dev.peermesh.security.OriginVerifier;
import dev.peermesh.wire.DecodeFailure;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.Reason;
import dev.peermesh.wire.Referral;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;

/**
 * One node's protocol: link handshakes, the neighbor set and its repair, keepalive, and the hand-off of messages
 * to the {@link Dissemination} strategy. A sans-IO state machine: the driver feeds it events ({@code on…} methods)
 * on one thread and carries out the {@link Actions} it asks for. It never touches a socket, a thread or a clock, so
 * the simulator runs the very same class.
 *
 * <p>This class routes each event to the part it concerns: a new link to {@link Handshakes}, a frame to
 * {@link Handshakes} or {@link NeighborFrames} by the link's stage, a link's end to {@link Links}, a tick to
 * {@link Repair}, {@link Overlay}, {@link Keepalive} and the dissemination.
 *
 * <p>{@code new MeshProtocol(settings, nodeId, address, key, random, actions,
 * sink -> new Flooding(cache, filter, sink))}
 */
public final class MeshProtocol {

    private final MeshSettings settings;
    private final long self;
    private final PeerAddress selfAddress;
    private final Actions actions;
    private final Dissemination dissemination;
    private final ProtocolCounters counters;
    private final LinkTable table = new LinkTable();
    private final ActiveView view;
    private final Admission admission;
    private final Repair repair;
    private final Overlay overlay;
    private final Links links;
    private final Handshakes handshakes;
    private final NeighborFrames neighborFrames;
    private final Keepalive keepalive;
    private final DirectLinks directs;

    private boolean running;
    private long sequence;
    /** Whether the node does not read its links for now ({@link #onReadsPaused}). */
    private boolean readsPaused;

    public MeshProtocol(MeshSettings settings, long self, PeerAddress selfAddress, MeshKey key,
            RandomGenerator random, Actions actions, DisseminationFactory dissemination) {
        this(settings, self, selfAddress, key, random, actions, dissemination, OriginVerifier.NONE);
    }

    /**
     * A node whose messages are checked by {@code verifier} before they are delivered or forwarded: a message or
     * origin key it finds forged is dropped, counted, and the link it came on closed with {@code FORGED_MESSAGE}.
     */
    public MeshProtocol(MeshSettings settings, long self, PeerAddress selfAddress, MeshKey key,
            RandomGenerator random, Actions actions, DisseminationFactory dissemination, OriginVerifier verifier) {
        this.settings = settings;
        this.self = self;
        this.selfAddress = selfAddress;
        this.actions = actions;
        this.counters = new ProtocolCounters(actions);
        this.view = new ActiveView(actions);
        this.admission = new Admission(settings, self);
        MembershipLinks neighborhood = new MembershipLinks(view, table, actions, counters, () -> this.running);
        this.repair = new Repair(settings, self, selfAddress, random, neighborhood);
        // a forged message ends its link through Links, which is made once the dissemination exists
        Signatures signatures = new Signatures(verifier, actions, counters, table, repair, this::close);
        this.directs = new DirectLinks(settings, self, actions, view, repair, this::close);
        this.dissemination = dissemination.create(new ProtocolSink(settings, self, actions, table, view, signatures,
                counters, directs));
        directs.deliverTo(this.dissemination);
        this.links = new Links(settings, actions, table, view, admission, counters, repair, this.dissemination,
                directs);
        this.overlay = new Overlay(settings, new Referral(self, selfAddress), neighborhood, repair, random);
        LinkHandshake handshake = new LinkHandshake(settings.meshId(), self, selfAddress, key, random,
                settings.maxMessageSize());
        this.handshakes = new Handshakes(settings, self, random, actions, handshake, admission, view, links, repair,
                overlay, counters, directs);
        this.neighborFrames = new NeighborFrames(settings, actions, this.dissemination, signatures, overlay, repair,
                links, counters);
        this.keepalive = new Keepalive(settings.keepalive().misses());
    }

    // ---- lifecycle -------------------------------------------------------------------------------------------

    /** Starts the timers and looks for neighbors. */
    public void start() {
        running = true;
        actions.schedule(Timer.MAINTENANCE, settings.maintenanceInterval().toMillis());
        actions.schedule(Timer.KEEPALIVE, settings.keepalive().interval().toMillis());
        repair.maintain();
    }

    /** Leaves the mesh gracefully: every neighbor gets DISCONNECT(LEAVING) with referrals to the others. */
    public void leave() {
        running = false;
        links.leave("node " + NodeId.format(self) + " is leaving the mesh");
    }

    // ---- events from the driver -------------------------------------------------------------------------------

    /** A TCP link opened: {@code dialled} is the address this node dialled, or {@code null} for an inbound link. */
    public void onLinkOpened(long id, @Nullable PeerAddress dialled) {
        onLinkOpened(id, dialled, null);
    }

    /**
     * A TCP link opened: {@code dialled} is the address this node dialled, or {@code null} for an inbound link;
     * {@code remoteHost} is the IP address an inbound link came from, or {@code null} when unknown.
     */
    public void onLinkOpened(long id, @Nullable PeerAddress dialled, @Nullable String remoteHost) {
        Link link = new Link(id, dialled, remoteHost);
        table.add(link);
        if (dialled != null) {
            repair.opened(dialled);
            directs.opened(link);
        }
        handshakes.opened(link, running);
    }

    /** A dial could not open a TCP link. */
    public void onDialFailed(PeerAddress address, String cause) {
        if (directs.dialFailed(address)) {
            return; // a direct link's dial: no neighbor was dialled, nothing for the overlay to repair
        }
        repair.dialFailed(address);
        repair.maintainIfShort();
    }

    /** A frame arrived on a link. */
    public void onFrame(long id, Frame frame) {
        Link link = table.get(id);
        if (link == null || link.closed()) {
            return;
        }
        link.heard();
        if (link.established() && link.direct()) {
            directs.onFrame(link, frame);
        }
        else if (link.established()) {
            neighborFrames.onFrame(link, frame);
        }
        else {
            handshakes.onFrame(link, frame);
        }
    }

    /** The link's decoder met input that breaks the protocol; it discards the rest of the link's input. */
    public void onDecodeFailure(long id, DecodeFailure failure) {
        Link link = table.get(id);
        if (link != null && !link.closed()) {
            counters.protocolError();
            counters.reject(id, switch (failure.reason()) {
                case FRAME_TOO_LARGE -> Rejection.FRAME_TOO_LARGE;
                case UNSUPPORTED_VERSION -> Rejection.UNSUPPORTED_VERSION;
                default -> Rejection.MALFORMED_FRAME;
            }, failure.detail());
            links.close(link, failure.reason(), failure.detail(), true);
        }
    }

    /** The link's TLS handshake failed: the peer has no certificate this node trusts, or does not trust this node. */
    public void onTlsFailure(long id, String cause) {
        Link link = table.get(id);
        if (link != null && !link.closed()) {
            counters.reject(id, Rejection.TLS_HANDSHAKE_FAILED, cause);
            links.close(link, Reason.TRANSPORT_ERROR, "TLS handshake failed: " + cause, false);
        }
    }

    /** The neighbor cannot keep up: its send backlog passed the limit. */
    public void onBacklogOverflow(long id) {
        Link link = table.get(id);
        if (link != null && !link.closed()) {
            String detail = "more than " + settings.limits().maxLinkBacklogBytes() + " bytes queued for this neighbor";
            counters.reject(id, Rejection.SLOW_NEIGHBOR, detail);
            links.close(link, Reason.SLOW_NEIGHBOR, detail, false);
        }
    }

    /** A link closed, whoever closed it. */
    public void onLinkClosed(long id) {
        links.closed(id);
    }

    /** A timer fired. */
    public void onTimer(Timer timer) {
        switch (timer.kind()) {
            case MAINTENANCE -> {
                if (!running) {
                    return;
                }
                repair.tick();
                view.refill();
                if (!readsPaused) {
                    dissemination.tick(); // a gap the node has not read yet is not a loss
                }
                overlay.tick();
                directs.tick();
                repair.maintainIfShort();
                repair.retryLost();
                actions.schedule(Timer.MAINTENANCE, settings.maintenanceInterval().toMillis());
            }
            case KEEPALIVE -> {
                if (!running) {
                    return;
                }
                List<Link> kept = new ArrayList<>(view.links());
                kept.addAll(directs.links());
                for (Link link : kept) {
                    if (keepalive.silent(link, readsPaused)) {
                        links.close(link, Reason.KEEPALIVE_TIMEOUT, "nothing heard for " + link.missedKeepalives()
                                + " keepalive intervals", true);
                        continue;
                    }
                    actions.send(link.id(), keepalive.ping(link));
                }
                actions.schedule(Timer.KEEPALIVE, settings.keepalive().interval().toMillis());
            }
            case DISSEMINATION -> {
                if (running) {
                    dissemination.onTimer(timer.link());
                }
            }
            case HANDSHAKE_TIMEOUT -> handshakes.timedOut(table.get(timer.link()));
        }
    }

    /** The resolver answered a {@link Actions#resolve} request. */
    public void onResolved(List<PeerAddress> addresses) {
        repair.resolved(addresses);
        repair.maintainIfShort();
    }

    /**
     * The node stopped reading its links (its subscribers fell behind) or reads again. While it does not read, its
     * neighbors' silence is its own doing: no link is given up for missed keepalives, and the dissemination's clock
     * stands still, so no gap in an origin's sequence is given up as lost while the message waits unread.
     */
    public void onReadsPaused(boolean paused) {
        readsPaused = paused;
    }

    /**
     * Publishes a message from this node.
     *
     * @param sequence its sequence number: greater than that of every earlier publish of this node
     * @param hopLimit most links the message may cross; 0 for no limit
     * @throws IllegalArgumentException when the sequence number does not increase
     */
    public MessageId publish(long sequence, String topic, Map<String, String> headers, byte[] payload, int hopLimit) {
        return publish(sequence, topic, headers, payload, hopLimit, Frame.NO_SIGNATURE);
    }

    /**
     * Publishes a message from this node with its signature, made by the publisher (off this thread).
     *
     * @param signature this node's signature over the message, or empty when it does not sign
     * @throws IllegalArgumentException when the sequence number does not increase
     */
    public MessageId publish(long sequence, String topic, Map<String, String> headers, byte[] payload,
            int hopLimit, byte[] signature) {
        if (sequence <= this.sequence) {
            throw new IllegalArgumentException("Sequence " + sequence + " does not follow " + this.sequence
                    + "; a node's sequence numbers must increase");
        }
        this.sequence = sequence;
        Frame.Data message = new Frame.Data(self, sequence, 1, hopLimit, topic, headers, payload, signature);
        dissemination.publish(message);
        return new MessageId(self, sequence);
    }

    /** A snapshot of neighbors and counters; the driver adds what it counts itself. */
    public NodeState state(boolean running, long deliveryOverflows, long bytesIn, long bytesOut) {
        return new NodeState(self, settings.meshId(), selfAddress, running, view.neighbors(),
                counters.snapshot(dissemination.counters(), deliveryOverflows, repair.passive().size(), bytesIn,
                        bytesOut, admission.inboundHandshakes(null), repair.dials()));
    }

    /** This node's id. */
    public long nodeId() {
        return self;
    }

    private void close(Link link, Reason reason, String detail, boolean tell) {
        links.close(link, reason, detail, tell);
    }

    /** Inbound links authenticating now: all of them, and those from one IP address. */
    int inboundHandshakes(@Nullable String host) {
        return admission.inboundHandshakes(host);
    }
}
