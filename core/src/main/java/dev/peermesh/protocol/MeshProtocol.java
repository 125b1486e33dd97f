package dev.peermesh.protocol;

import dev.peermesh.MeshSettings;
import dev.peermesh.MessageId;
import dev.peermesh.Neighbour;
import dev.peermesh.NodeId;
import dev.peermesh.NodeState;
import dev.peermesh.PeerAddress;
import dev.peermesh.Rejection;
import dev.peermesh.dissemination.Dissemination;
import dev.peermesh.dissemination.DisseminationCounters;
import dev.peermesh.dissemination.DisseminationFactory;
import dev.peermesh.dissemination.DisseminationSink;
import dev.peermesh.handshake.MeshKey;
import dev.peermesh.log.PeerText;
import dev.peermesh.security.OriginVerifier;
import dev.peermesh.wire.DecodeFailure;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.FrameWriter;
import dev.peermesh.wire.Reason;
import dev.peermesh.wire.Referral;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * One node's protocol: link handshakes, the neighbour set and its repair, keepalive, and the hand-off of messages
 * to the {@link Dissemination} strategy. A sans-IO state machine: the driver feeds it events ({@code on…} methods)
 * on one thread and carries out the {@link Actions} it asks for. It never touches a socket, a thread or a clock, so
 * the simulator runs the very same class.
 *
 * <p>{@code new MeshProtocol(settings, nodeId, address, key, random, actions, sink -> new Flooding(cache, filter, sink))}
 */
public final class MeshProtocol {

    private final MeshSettings settings;
    private final long self;
    private final PeerAddress selfAddress;
    private final RandomGenerator random;
    private final Actions actions;
    private final Dissemination dissemination;
    private final LinkHandshake handshake;
    private final Overlay overlay;
    private final OriginVerifier verifier;

    private final Map<Long, Link> links = new HashMap<>();
    /** {@link #links} again, for the look-up of every frame read. */
    private final LinkIndex linkIndex = new LinkIndex();
    private final Map<Long, Link> neighbours = new LinkedHashMap<>();
    private final Repair repair;

    private boolean running;
    private int inboundHandshakes;
    private final Map<String, Integer> inboundHandshakesByHost = new HashMap<>();
    private long sequence;
    private long pingToken;

    /** Whether the node does not read its links for now ({@link #onReadsPaused}). */
    private boolean readsPaused;

    private long linksEstablished;
    private long linksRefused;
    private long protocolErrors;
    private long forged;
    private long unknownOrigin;
    private long tooLargeForNeighbor;
    /** Payloads announced instead of pushed because a child's link was over the payload cap. */
    private long payloadsOverCap;

    /** The neighbour with the smallest maximum message size, or {@code null} without neighbours. */
    private NeighborLimit smallestLimit;
    private final Map<Reason, Long> linksClosed = new EnumMap<>(Reason.class);
    private final Map<Rejection, Long> rejected = new EnumMap<>(Rejection.class);

    /** What to check when two nodes' proofs do not match. */
    static final String PASSWORD_HINT = "; check that peermesh.password (MeshSettings.Builder.password) is the same"
            + " on every node";

    /** What to check when a peer belongs to another mesh. */
    static final String MESH_ID_HINT = "; check that peermesh.mesh-id is the same on every node, and the resolver's"
            + " seeds";

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
        this.verifier = verifier;
        this.self = self;
        this.selfAddress = selfAddress;
        this.random = random;
        this.actions = actions;
        this.dissemination = dissemination.create(new Sink());
        this.handshake = new LinkHandshake(settings.meshId(), self, selfAddress, key, random,
                settings.maxMessageSize());
        this.repair = new Repair(settings, self, selfAddress, random, actions, links, neighbours, this::reject);
        this.overlay = new Overlay(settings, new Referral(self, selfAddress), neighbours, repair, random, actions,
                (referral, source) -> repair.linkIfRoom(referral, source, running), this::reject);
    }

    // ---- lifecycle -------------------------------------------------------------------------------------------

    /** Starts the timers and looks for neighbours. */
    public void start() {
        running = true;
        actions.schedule(Timer.MAINTENANCE, settings.maintenanceInterval().toMillis());
        actions.schedule(Timer.KEEPALIVE, settings.keepaliveInterval().toMillis());
        repair.maintain();
    }

    /** Leaves the mesh gracefully: every neighbour gets DISCONNECT(LEAVING) with referrals to the others. */
    public void leave() {
        running = false;
        String detail = "node " + NodeId.format(self) + " is leaving the mesh";
        List<Link> all = List.copyOf(links.values());
        for (Link link : all) {
            if (link.stage != Link.Stage.CLOSED) {
                List<Referral> referred = link.authenticated ? repair.referralsFor(link.peerId) : List.of();
                actions.send(link.id, link.stage == Link.Stage.ESTABLISHED
                        ? new Frame.Disconnect(Reason.LEAVING, detail, referred)
                        : new Frame.Refuse(Reason.LEAVING, detail, referred));
            }
        }
        for (Link link : all) {
            close(link, Reason.LEAVING, detail, false);
        }
    }

    // ---- events from the driver -------------------------------------------------------------------------------

    /** A TCP link opened: {@code dialled} is the address this node dialled, or {@code null} for an inbound link. */
    public void onLinkOpened(long id, PeerAddress dialled) {
        onLinkOpened(id, dialled, null);
    }

    /**
     * A TCP link opened: {@code dialled} is the address this node dialled, or {@code null} for an inbound link;
     * {@code remoteHost} is the IP address an inbound link came from, or {@code null} when unknown.
     */
    public void onLinkOpened(long id, PeerAddress dialled, String remoteHost) {
        Link link = new Link(id, dialled);
        links.put(id, link);
        linkIndex.put(id, link);
        if (dialled != null) {
            repair.opened(dialled);
        }
        else {
            inboundHandshakes++;
            if (remoteHost != null) {
                link.remoteHost = remoteHost;
                inboundHandshakesByHost.merge(remoteHost, 1, Integer::sum);
            }
        }
        if (!running) {
            close(link, Reason.LEAVING, "node is not running", true);
        }
        else if (!link.outbound() && inboundHandshakes > settings.maxPendingHandshakes()) {
            String detail = settings.maxPendingHandshakes() + " handshakes are already in progress; try again shortly";
            reject(id, Rejection.TOO_MANY_HANDSHAKES, detail);
            close(link, Reason.TOO_MANY_HANDSHAKES, detail, true);
        }
        else if (link.remoteHost != null
                && inboundHandshakesByHost.get(link.remoteHost) > settings.maxPendingHandshakesPerAddress()) {
            String detail = settings.maxPendingHandshakesPerAddress() + " handshakes from " + link.remoteHost
                    + " are already in progress; try again shortly";
            reject(id, Rejection.TOO_MANY_HANDSHAKES_FROM_ADDRESS, detail);
            close(link, Reason.TOO_MANY_HANDSHAKES, detail, true);
        }
        else {
            actions.schedule(new Timer(Timer.Kind.HANDSHAKE_TIMEOUT, id), settings.handshakeTimeout().toMillis());
            if (link.outbound()) {
                actions.send(id, handshake.hello(link, neighbours.isEmpty()));
            }
        }
    }

    /** A dial could not open a TCP link. */
    public void onDialFailed(PeerAddress address, String cause) {
        repair.dialFailed(address);
        maintainIfShort(settings.idealNeighbours());
    }

    /** A frame arrived on a link. */
    public void onFrame(long id, Frame frame) {
        Link link = linkIndex.get(id);
        if (link == null || link.stage == Link.Stage.CLOSED) {
            return;
        }
        link.heard = true;
        if (link.stage == Link.Stage.ESTABLISHED) {
            onNeighbourFrame(link, frame);
        }
        else {
            onHandshakeFrame(link, frame);
        }
    }

    /** The link's decoder met input that breaks the protocol; it discards the rest of the link's input. */
    public void onDecodeFailure(long id, DecodeFailure failure) {
        Link link = links.get(id);
        if (link != null && link.stage != Link.Stage.CLOSED) {
            protocolErrors++;
            reject(id, switch (failure.reason()) {
                case FRAME_TOO_LARGE -> Rejection.FRAME_TOO_LARGE;
                case UNSUPPORTED_VERSION -> Rejection.UNSUPPORTED_VERSION;
                default -> Rejection.MALFORMED_FRAME;
            }, failure.detail());
            close(link, failure.reason(), failure.detail(), true);
        }
    }

    /** The link's TLS handshake failed: the peer has no certificate this node trusts, or does not trust this node. */
    public void onTlsFailure(long id, String cause) {
        Link link = links.get(id);
        if (link != null && link.stage != Link.Stage.CLOSED) {
            reject(id, Rejection.TLS_HANDSHAKE_FAILED, cause);
            close(link, Reason.TRANSPORT_ERROR, "TLS handshake failed: " + cause, false);
        }
    }

    /** The neighbour cannot keep up: its send backlog passed the limit. */
    public void onBacklogOverflow(long id) {
        Link link = links.get(id);
        if (link != null && link.stage != Link.Stage.CLOSED) {
            String detail = "more than " + settings.maxLinkBacklogBytes() + " bytes queued for this neighbour";
            reject(id, Rejection.SLOW_NEIGHBOUR, detail);
            close(link, Reason.SLOW_NEIGHBOUR, detail, false);
        }
    }

    /** A link closed, whoever closed it. */
    public void onLinkClosed(long id) {
        Link link = links.remove(id);
        linkIndex.remove(id);
        if (link == null) {
            return;
        }
        if (link.stage != Link.Stage.CLOSED) {
            Reason reason = link.closeReason != null ? link.closeReason : Reason.CLOSED;
            markClosed(link, reason, link.closeReason != null ? link.closeDetail : "the link was closed");
        }
    }

    /** A timer fired. */
    public void onTimer(Timer timer) {
        switch (timer.kind()) {
            case MAINTENANCE -> {
                if (!running) {
                    return;
                }
                repair.tick();
                for (Link neighbour : neighbours.values()) {
                    neighbour.frames.refill();
                    neighbour.referrals.refill();
                }
                if (!readsPaused) {
                    dissemination.tick(); // a gap the node has not read yet is not a loss
                }
                overlay.tick();
                maintainIfShort(settings.idealNeighbours());
                actions.schedule(Timer.MAINTENANCE, settings.maintenanceInterval().toMillis());
            }
            case KEEPALIVE -> {
                if (!running) {
                    return;
                }
                keepalive();
                actions.schedule(Timer.KEEPALIVE, settings.keepaliveInterval().toMillis());
            }
            case DISSEMINATION -> {
                if (running) {
                    dissemination.onTimer(timer.link());
                }
            }
            case HANDSHAKE_TIMEOUT -> {
                Link link = linkIndex.get(timer.link()); // not the map: its boxed key is a cache miss (5 % at 10k)
                if (link != null && link.handshaking()) {
                    String detail = "the handshake did not finish within " + settings.handshakeTimeout().toMillis()
                            + " ms";
                    reject(link.id, Rejection.HANDSHAKE_TIMEOUT, detail);
                    close(link, Reason.HANDSHAKE_TIMEOUT, detail, true);
                }
            }
        }
    }

    /** The resolver answered a {@link Actions#resolve} request. */
    public void onResolved(List<PeerAddress> addresses) {
        repair.resolved(addresses);
        maintainIfShort(settings.idealNeighbours());
    }

    /**
     * Publishes a message from this node.
     *
     * @param sequence its sequence number: greater than that of every earlier publish of this node
     * @param hopLimit most links the message may cross; 0 for no limit
     * @throws IllegalArgumentException when the sequence number does not increase
     */
    public MessageId publish(long sequence, String topic, Map<String, String> headers, byte[] payload,
            int hopLimit) {
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

    /** A snapshot of neighbours and counters; the driver adds what it counts itself. */
    public NodeState state(boolean running, long deliveryOverflows, long bytesIn, long bytesOut) {
        List<Neighbour> current = new ArrayList<>(neighbours.size());
        for (Link link : neighbours.values()) {
            current.add(link.neighbour());
        }
        DisseminationCounters d = dissemination.counters();
        return new NodeState(self, settings.meshId(), selfAddress, running, current,
                new NodeState.Counters(d.published(), d.delivered(), d.forwarded(), d.duplicates(), d.hopLimited(),
                        d.filtered(), d.unrouted(), deliveryOverflows, linksEstablished, linksRefused, linksClosed,
                        protocolErrors, repair.passive().size(), bytesIn, bytesOut, d.grafts(), d.prunes(), d.lost(),
                        rejected, inboundHandshakes, forged, unknownOrigin, tooLargeForNeighbor,
                        repair.dials(), payloadsOverCap));
    }

    /** This node's id. */
    public long nodeId() {
        return self;
    }

    // ---- handshake --------------------------------------------------------------------------------------------

    private void onHandshakeFrame(Link link, Frame frame) {
        try {
            if (frame instanceof Frame.Hello hello && link.stage == Link.Stage.AWAIT_HELLO) {
                actions.send(link.id, handshake.onHello(link, hello));
                link.stage = Link.Stage.AWAIT_AUTH;
            }
            else if (frame instanceof Frame.Challenge challenge && link.stage == Link.Stage.AWAIT_CHALLENGE) {
                actions.send(link.id, handshake.onChallenge(link, challenge));
                link.stage = Link.Stage.AWAIT_WELCOME;
            }
            else if (frame instanceof Frame.Auth auth && link.stage == Link.Stage.AWAIT_AUTH) {
                handshake.onAuth(link, auth);
                admit(link);
            }
            else if (frame instanceof Frame.Welcome welcome && link.stage == Link.Stage.AWAIT_WELCOME) {
                repair.learn(welcome.referrals(), link.id, link.peerId);
                if (!neighbours.containsKey(link.peerId) && neighbours.size() >= settings.maxNeighbours()) {
                    link.stage = Link.Stage.ESTABLISHED; // the peer took it as established: DISCONNECT, no events
                    close(link, Reason.BUSY, "node " + NodeId.format(self) + " reached its maximum of "
                            + settings.maxNeighbours() + " neighbours meanwhile", true);
                    return;
                }
                establish(link);
            }
            else if (frame instanceof Frame.Refuse refuse) {
                if (link.authenticated) {
                    repair.learn(refuse.referrals(), link.id, link.peerId);
                }
                else if (!refuse.referrals().isEmpty()) {
                    reject(link.id, Rejection.UNSOLICITED_REFERRALS, refuse.referrals().size()
                            + " referrals in a REFUSE from a peer that had not proved the mesh key");
                }
                if (refuse.reason() == Reason.SELF_LINK && link.outbound()) {
                    repair.isSelf(link.dialled);
                }
                refusedBecause(link, refuse);
                close(link, refuse.reason(), "refused by peer: " + PeerText.escape(refuse.detail()), false);
            }
            else {
                protocolErrors++;
                String detail = frame.type() + " is not expected during the handshake (" + link.stage + ")";
                reject(link.id, Rejection.UNEXPECTED_FRAME, detail);
                close(link, Reason.PROTOCOL_ERROR, detail, true);
            }
        }
        catch (LinkHandshake.Refusal refusal) {
            if (link.stage == Link.Stage.AWAIT_HELLO) {
                linksRefused++;
            }
            switch (refusal.reason) {
                case WRONG_MESH -> reject(link.id, Rejection.WRONG_MESH, refusal.getMessage() + MESH_ID_HINT);
                case AUTHENTICATION_FAILED -> reject(link.id, Rejection.AUTHENTICATION_FAILED,
                        refusal.getMessage() + PASSWORD_HINT);
                case PROTOCOL_ERROR -> reject(link.id, Rejection.MALFORMED_FRAME, refusal.getMessage());
                default -> {
                }
            }
            if (refusal.reason == Reason.SELF_LINK && link.outbound()) {
                repair.isSelf(link.dialled);
            }
            close(link, refusal.reason, refusal.getMessage(), true);
        }
    }

    /**
     * The peer refused the link for a fault of configuration that it found: count and report it on this side too, so
     * both ends of a link that can never be made say why.
     */
    private void refusedBecause(Link link, Frame.Refuse refuse) {
        switch (refuse.reason()) {
            case AUTHENTICATION_FAILED -> reject(link.id, Rejection.AUTHENTICATION_FAILED, "refused by peer: "
                    + PeerText.escape(refuse.detail()) + PASSWORD_HINT);
            case WRONG_MESH -> reject(link.id, Rejection.WRONG_MESH, "refused by peer: "
                    + PeerText.escape(refuse.detail()) + MESH_ID_HINT);
            default -> {
            }
        }
    }

    /**
     * Responder, after a valid AUTH: welcome the peer, or refuse it when full or already linked. A peer without any
     * neighbour is never refused for being one too many: a random neighbour makes room for it (HyParView's
     * high-priority join), and word of it goes out on join walks.
     */
    private void admit(Link link) {
        Link existing = neighbours.get(link.peerId);
        if (existing != null && preferred(existing, link) == existing) {
            close(link, Reason.DUPLICATE_LINK, "a link with node " + NodeId.format(self) + " already exists", true);
            return;
        }
        if (existing == null && neighbours.size() >= settings.maxNeighbours()) {
            if (!link.priority) {
                close(link, Reason.BUSY, "node " + NodeId.format(self) + " has its maximum of "
                        + settings.maxNeighbours() + " neighbours", true);
                return;
            }
            List<Link> current = new ArrayList<>(neighbours.values());
            close(current.get(random.nextInt(current.size())), Reason.REPLACED, "node " + NodeId.format(self)
                    + " made room for a node that had no neighbour", true);
        }
        actions.send(link.id, new Frame.Welcome(repair.referralsFor(link.peerId)));
        establish(link);
        if (link.priority && neighbours.get(link.peerId) == link) {
            overlay.joined(link);
        }
    }

    /** Both ends keep the same one of two links between them: the one dialled by the lower node id. */
    private Link preferred(Link existing, Link candidate) {
        long a = existing.initiator(self);
        long b = candidate.initiator(self);
        if (a == b) {
            return candidate; // the same node dialled again: the older link is stale
        }
        return Long.compareUnsigned(a, b) < 0 ? existing : candidate;
    }

    private void establish(Link link) {
        if (!link.outbound()) {
            endInboundHandshake(link);
        }
        link.stage = Link.Stage.ESTABLISHED;
        link.authenticated = true;
        link.frames = new TokenBucket(Math.max(settings.linkFrameBurst(), (long) settings.linkFrameRate()
                * settings.maintenanceInterval().toMillis() / 1000), settings.linkFrameRate(),
                settings.maintenanceInterval().toMillis());
        link.referrals = new TokenBucket(settings.referralBurst(), settings.referralRate(),
                settings.maintenanceInterval().toMillis());
        link.missedKeepalives = 0;
        if (link.outbound()) {
            repair.established(link.dialled);
        }
        repair.established(link.peerAddress); // proved the mesh key: its address is its own
        Link existing = neighbours.get(link.peerId);
        if (existing != null) {
            if (preferred(existing, link) == existing) {
                close(link, Reason.DUPLICATE_LINK, "another link to this node is kept", true);
                return;
            }
            neighbours.put(link.peerId, link);
            dissemination.neighbourDown(existing.id);
            dissemination.neighbourUp(link.id);
            neighboursChanged();
            close(existing, Reason.DUPLICATE_LINK, "another link to this node is kept", true);
            return;
        }
        if (link.replaces != null) {
            link.replaces = null;
            neighbours.put(link.peerId, link);
            dissemination.neighbourUp(link.id);
            neighboursChanged();
            return;
        }
        linksEstablished++;
        neighbours.put(link.peerId, link);
        repair.passive().add(new Referral(link.peerId, link.peerAddress));
        dissemination.neighbourUp(link.id);
        neighboursChanged();
        if (neighbours.size() == 1) {
            actions.event(new MeshEvent.Online());
        }
        actions.event(new MeshEvent.NeighbourUp(link.neighbour()));
    }

    // ---- established links ------------------------------------------------------------------------------------

    private void onNeighbourFrame(Link link, Frame frame) {
        if (!link.frames.take(1)) {
            String detail = "more than " + settings.linkFrameRate() + " frames per second (burst "
                    + settings.linkFrameBurst() + ")";
            reject(link.id, Rejection.FRAME_RATE, detail);
            close(link, Reason.RATE_LIMITED, detail, true);
            return;
        }
        if (frame instanceof Frame.Data data) {
            dissemination.receive(link.id, data);
        }
        else if (frame instanceof Frame.OriginKey key) {
            OriginVerifier.Verdict verdict = verifier.learn(key);
            if (!verdict.accepted()) {
                reject(link, verdict);
            }
        }
        else if (frame instanceof Frame.IHave || frame instanceof Frame.Graft || frame instanceof Frame.Prune) {
            dissemination.receiveControl(link.id, frame);
        }
        else if (frame instanceof Frame.Ping ping) {
            actions.send(link.id, new Frame.Pong(ping.token()));
        }
        else if (frame instanceof Frame.Pong) {
            // heard; nothing else to do
        }
        else if (frame instanceof Frame.Shuffle shuffle) {
            overlay.onShuffle(link, shuffle);
        }
        else if (frame instanceof Frame.ShuffleReply reply) {
            overlay.onShuffleReply(link, reply);
        }
        else if (frame instanceof Frame.ForwardJoin walk) {
            overlay.onForwardJoin(link, walk);
        }
        else if (frame instanceof Frame.Disconnect disconnect) {
            repair.learn(disconnect.referrals(), link.id, link.peerId);
            Link successor = disconnect.reason() == Reason.DUPLICATE_LINK ? successorOf(link) : null;
            if (successor != null) {
                // the peer keeps the other link, whose handshake is still on its way here: swap without events
                neighbours.remove(link.peerId);
                dissemination.neighbourDown(link.id);
                neighboursChanged();
                successor.replaces = link.neighbour();
                actions.close(link.id);
                link.stage = Link.Stage.CLOSED;
                link.closeReason = Reason.DUPLICATE_LINK;
                return;
            }
            if (disconnect.reason() == Reason.LEAVING) {
                repair.left(link.peerAddress);
            }
            close(link, disconnect.reason(), "disconnected by peer: " + PeerText.escape(disconnect.detail()), false);
        }
        else {
            protocolErrors++;
            String detail = frame.type() + " is not expected on an established link";
            reject(link.id, Rejection.UNEXPECTED_FRAME, detail);
            close(link, Reason.PROTOCOL_ERROR, detail, true);
        }
    }

    /**
     * The node stopped reading its links (its subscribers fell behind) or reads again. While it does not read, its
     * neighbours' silence is its own doing: no link is given up for missed keepalives, and the dissemination's clock
     * stands still, so no gap in an origin's sequence is given up as lost while the message waits unread.
     */
    public void onReadsPaused(boolean paused) {
        readsPaused = paused;
    }

    private void keepalive() {
        for (Link link : List.copyOf(neighbours.values())) {
            if (link.heard || readsPaused) {
                link.missedKeepalives = 0;
            }
            else if (++link.missedKeepalives >= settings.keepaliveMisses()) {
                close(link, Reason.KEEPALIVE_TIMEOUT, "nothing heard for " + link.missedKeepalives
                        + " keepalive intervals", true);
                continue;
            }
            link.heard = false;
            actions.send(link.id, new Frame.Ping(++pingToken));
        }
    }

    // ---- origin authentication --------------------------------------------------------------------------------

    /**
     * A message or origin key from this link failed verification: count it, and when it is forged, close the link
     * (the neighbour relayed what its origin did not send) and do not dial that peer again for a while.
     */
    private void reject(Link link, OriginVerifier.Verdict verdict) {
        boolean isForged = verdict.outcome() == OriginVerifier.Outcome.FORGED;
        if (isForged) {
            forged++;
        }
        else {
            unknownOrigin++;
        }
        actions.event(new MeshEvent.MessageRejected(link.neighbour(), isForged, verdict.detail()));
        if (isForged) {
            repair.left(link.peerAddress);
            close(link, Reason.FORGED_MESSAGE, verdict.detail(), true);
        }
    }

    // ---- closing ----------------------------------------------------------------------------------------------

    /** Ends a link: tells the peer why (when {@code tell}), asks the driver to close it and updates membership. */
    private void close(Link link, Reason reason, String detail, boolean tell) {
        if (link.stage == Link.Stage.CLOSED) {
            return;
        }
        if (tell) {
            // Addresses of members go only to peers that proved the mesh key.
            List<Referral> referred = link.authenticated && (reason == Reason.BUSY || reason == Reason.LEAVING
                    || reason == Reason.REPLACED) ? repair.referralsFor(link.peerId) : List.of();
            actions.send(link.id, link.stage == Link.Stage.ESTABLISHED ? new Frame.Disconnect(reason, detail, referred)
                    : new Frame.Refuse(reason, detail, referred));
        }
        actions.close(link.id);
        markClosed(link, reason, detail);
    }

    private void markClosed(Link link, Reason reason, String detail) {
        boolean wasHandshaking = link.handshaking();
        if (wasHandshaking && !link.outbound()) {
            endInboundHandshake(link);
        }
        if (wasHandshaking && link.stage != Link.Stage.AWAIT_HELLO) {
            linksRefused++;
        }
        boolean failedDial = wasHandshaking && link.outbound();
        if (failedDial) {
            // one place for every way a dial can fail after its TCP link opened, whichever side found the fault
            repair.failed(link.dialled);
            actions.handshakeFailed(link.dialled, reason, detail);
        }
        if (wasHandshaking && link.replaces != null) {
            // the replacement failed: report the neighbour lost after all
            linksClosed.merge(reason, 1L, Long::sum);
            actions.event(new MeshEvent.NeighbourDown(link.replaces, reason, detail));
            link.replaces = null;
            if (neighbours.isEmpty()) {
                actions.event(new MeshEvent.Offline());
            }
        }
        link.stage = Link.Stage.CLOSED;
        link.closeReason = reason;
        link.closeDetail = detail;
        if (neighbours.get(link.peerId) == link) {
            neighbours.remove(link.peerId);
            linksClosed.merge(reason, 1L, Long::sum);
            dissemination.neighbourDown(link.id);
            neighboursChanged();
            actions.event(new MeshEvent.NeighbourDown(link.neighbour(), reason, detail));
            if (neighbours.isEmpty()) {
                actions.event(new MeshEvent.Offline());
            }
            // HyParView: a lost neighbour is replaced from the passive view at once.
            maintainIfShort(settings.idealNeighbours());
        }
        else if (failedDial) {
            maintainIfShort(settings.idealNeighbours());
        }
    }

    private void endInboundHandshake(Link link) {
        inboundHandshakes--;
        if (link.remoteHost != null) {
            inboundHandshakesByHost.computeIfPresent(link.remoteHost, (host, count) -> count > 1 ? count - 1 : null);
        }
    }

    /**
     * After the neighbour set changed: tells the driver when the neighbour with the smallest maximum message size is
     * another, so publishers can check against it without asking this thread.
     */
    private void neighboursChanged() {
        Link smallest = null;
        for (Link link : neighbours.values()) {
            if (smallest == null || link.peerMaxMessageSize < smallest.peerMaxMessageSize) {
                smallest = link;
            }
        }
        NeighborLimit limit = smallest == null ? null
                : new NeighborLimit(smallest.neighbour(), smallest.peerMaxMessageSize);
        if (!Objects.equals(limit, smallestLimit)) {
            smallestLimit = limit;
            actions.smallestNeighborLimit(limit);
        }
    }

    /** Counts a rejection and passes it to the driver, which logs it. */
    private void reject(long link, Rejection reason, String detail) {
        rejected.merge(reason, 1L, Long::sum);
        actions.rejected(link, reason, detail);
    }

    /** Inbound links authenticating now: all of them, and those from one IP address. */
    int inboundHandshakes(String host) {
        return host == null ? inboundHandshakes : inboundHandshakesByHost.getOrDefault(host, 0);
    }

    // ---- membership maintenance -------------------------------------------------------------------------------

    private void maintainIfShort(int threshold) {
        if (running) {
            repair.maintainIfShort(threshold);
        }
    }

    /** Another link with the same peer whose handshake got far enough to know the peer. */
    private Link successorOf(Link link) {
        for (Link other : links.values()) {
            if (other != link && other.peerId == link.peerId && (other.stage == Link.Stage.AWAIT_WELCOME
                    || other.stage == Link.Stage.AWAIT_AUTH)) {
                return other;
            }
        }
        return null;
    }

    /** The dissemination strategy's view of the driver. */
    private final class Sink implements DisseminationSink {

        @Override
        public void send(long link, Frame frame) {
            if (frame instanceof Frame.Data data && data.signed()) {
                sendKeyFirst(link, data.origin());
            }
            actions.send(link, frame);
        }

        /** A receiver can check a signed message only with its origin's key: it goes first, once per link. */
        private void sendKeyFirst(long id, long origin) {
            Link link = links.get(id);
            if (link == null || !link.needsKey(origin)) {
                return;
            }
            Frame.OriginKey key = verifier.credential(origin);
            if (key != null) {
                actions.send(id, key);
            }
            else {
                link.keyNotSent(origin);
            }
        }

        /**
         * A message longer than the neighbour's maximum message size would close the link at the neighbour's
         * decoder: it is not sent, but counted and reported, so the mismatch in {@code max-message-size} shows.
         */
        @Override
        public boolean fits(long id, Frame.Data message) {
            NeighborLimit smallest = smallestLimit;
            if (smallest == null || smallest.maxMessageSize() >= settings.maxMessageSize()) {
                return true; // every message here is within this node's own limit: received or checked when published
            }
            Link link = links.get(id);
            if (link == null || link.stage != Link.Stage.ESTABLISHED) {
                return true; // nothing goes out on it anyway
            }
            long size = FrameWriter.dataLength(message.topic(), message.headers(), message.payload().length,
                    message.signature().length);
            if (size <= link.peerMaxMessageSize) {
                return true;
            }
            tooLargeForNeighbor++;
            actions.event(new MeshEvent.MessageTooLargeForNeighbor(link.neighbour(),
                    new MessageId(message.origin(), message.sequence()), size, link.peerMaxMessageSize,
                    settings.maxMessageSize()));
            return false;
        }

        @Override
        public boolean authentic(long id, Frame.Data message) {
            OriginVerifier.Verdict verdict = verifier.verify(message);
            if (verdict.accepted()) {
                return true;
            }
            Link link = links.get(id);
            if (link != null && link.stage == Link.Stage.ESTABLISHED) {
                reject(link, verdict);
            }
            return false;
        }

        @Override
        public void deliver(dev.peermesh.MeshMessage message) {
            actions.deliver(message);
        }

        @Override
        public void schedule(long token, long delayMillis) {
            actions.schedule(new Timer(Timer.Kind.DISSEMINATION, token), delayMillis);
        }

        @Override
        public long now() {
            return actions.now();
        }

        @Override
        public void lost(MessageId id, String reason) {
            actions.event(new MeshEvent.MessageLost(id, reason));
        }

        @Override
        public boolean congested(long link) {
            return actions.congested(link);
        }

        @Override
        public boolean overPayloadCap(long link) {
            if (actions.queuedBytes(link) <= settings.payloadBacklogCapBytes()) {
                return false;
            }
            payloadsOverCap++;
            return true;
        }
    }
}
