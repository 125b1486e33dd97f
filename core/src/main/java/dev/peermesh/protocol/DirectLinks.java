package dev.peermesh.protocol;

import dev.peermesh.MeshMessage;
import dev.peermesh.MeshSettings;
import dev.peermesh.NodeId;
import dev.peermesh.PeerAddress;
import dev.peermesh.dissemination.Dissemination;
import dev.peermesh.membership.Repair;
import dev.peermesh.protocol.link.Link;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.Reason;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Direct links: authenticated links, outside the neighbor bounds, that carry only messages for one of their two nodes
 * (DIRECT frames: sends, replies) to a node that is no neighbor. A node opens one when it has a message for a node
 * whose address it knows — from the passive view, or from the {@link MeshMessage#ADDRESS_HEADER} of a request or
 * send it delivered — and sends it straight once the link is up; until then such messages go whole through the mesh.
 * A request's target opens one to the requester as it delivers the request, so the reply usually finds it up.
 *
 * <p>Bounded: at most {@code limits.max-direct-links} links, dialled and accepted together (one more is refused with
 * BUSY); an idle one is closed after {@link #IDLE_MILLIS}; the addresses learned are an LRU of {@link #MAX_ADDRESSES}.
 *
 * <p>Not thread-safe: called on the node's protocol thread.
 */
final class DirectLinks {

    /** A direct link with nothing sent or heard for this long is closed. */
    static final long IDLE_MILLIS = 60_000;

    /** Node addresses remembered from requests and sends. */
    static final int MAX_ADDRESSES = 1_024;

    private final MeshSettings settings;
    private final long self;
    private final Actions actions;
    private final ActiveView view;
    private final Repair repair;
    private final Closer closer;
    private final int max;
    private final long idleTicks;

    /** Established direct links, by the peer's node id. */
    private final Map<Long, Link> links = new HashMap<>();
    /** Dials under way: address to the node expected there. */
    private final Map<PeerAddress, Long> dialling = new HashMap<>();
    /** Ticks since each direct link was last used, by link id. */
    private final Map<Long, Long> idle = new HashMap<>();
    private final LinkedHashMap<Long, PeerAddress> addresses = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, PeerAddress> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    private @Nullable Dissemination dissemination;
    private long opened;

    DirectLinks(MeshSettings settings, long self, Actions actions, ActiveView view, Repair repair, Closer closer) {
        this.settings = settings;
        this.self = self;
        this.actions = actions;
        this.view = view;
        this.repair = repair;
        this.closer = closer;
        this.max = settings.limits().maxDirectLinks();
        this.idleTicks = Math.max(1, IDLE_MILLIS / settings.maintenanceInterval().toMillis());
    }

    /** The dissemination DIRECT frames go to; set once it exists. */
    void deliverTo(Dissemination dissemination) {
        this.dissemination = dissemination;
    }

    /** The link to send a message for {@code node} on: the neighbor link, else a direct link, else 0. */
    long linkTo(long node) {
        Link link = view.get(node);
        if (link == null || !link.established()) {
            link = links.get(node);
        }
        if (link == null || !link.established()) {
            return 0;
        }
        idle.computeIfPresent(link.id(), (id, ticks) -> 0L);
        return link.id();
    }

    /** Opens a direct link to {@code node} when its address is known and it is no neighbor yet. */
    void open(long node) {
        if (node == self || node == 0 || view.contains(node) || links.containsKey(node) || dialling.containsValue(node)
                || links.size() + dialling.size() >= max) {
            return;
        }
        PeerAddress address = addresses.get(node);
        if (address == null) {
            address = repair.passive().addressOf(node);
        }
        if (address == null || !repair.mayDial(address) || dialling.containsKey(address)) {
            return;
        }
        dialling.put(address, node);
        opened++;
        actions.dial(address);
    }

    /** A message delivered here: a request's or send's origin told its address; a request's gets a link at once. */
    void delivered(MeshMessage message) {
        String text = message.headers().get(MeshMessage.ADDRESS_HEADER);
        if (text == null || message.hops() == 0) {
            return;
        }
        try {
            addresses.put(message.id().origin(), PeerAddress.parse(text));
        }
        catch (IllegalArgumentException ex) {
            return; // not an address: nothing learned
        }
        if (message.isRequest()) {
            open(message.id().origin());
        }
    }

    /** A link this node dialled opened: it is direct when the dial was. */
    void opened(Link link) {
        if (link.dialled() != null && dialling.remove(link.dialled()) != null) {
            link.markDirect();
        }
    }

    /** A dial failed before its link opened. */
    void dialFailed(PeerAddress address) {
        dialling.remove(address);
    }

    /** Responder: whether a direct link that passed its handshake is admitted (the bound not reached). */
    boolean room(Link link) {
        return links.size() + dialling.size() < max || links.containsKey(link.peerId());
    }

    /** Why a direct link is refused when there is no room. */
    String full() {
        return "node " + NodeId.format(self) + " has its maximum of " + max
                + " direct links (peermesh.limits.max-direct-links)";
    }

    /** A direct link is up, in either role. */
    void established(Link link) {
        link.establish(settings);
        Link former = links.put(link.peerId(), link);
        idle.put(link.id(), 0L);
        if (former != null && former != link) {
            closer.close(former, Reason.DUPLICATE_LINK, "another direct link to this node is kept", true);
        }
    }

    /** A frame on an established direct link. */
    void onFrame(Link link, Frame frame) {
        idle.put(link.id(), 0L);
        if (!link.takeFrame()) {
            closer.close(link, Reason.RATE_LIMITED, "more than " + settings.limits().linkFrameRate()
                    + " frames per second on a direct link", true);
        }
        else if (frame instanceof Frame.Direct && dissemination != null) {
            dissemination.receiveControl(link.id(), frame);
        }
        else if (frame instanceof Frame.Ping ping) {
            actions.send(link.id(), new Frame.Pong(ping.token()));
        }
        else if (frame instanceof Frame.Disconnect) {
            closer.close(link, Reason.CLOSED, "the peer closed the direct link", false);
        }
        else if (!(frame instanceof Frame.Pong)) {
            closer.close(link, Reason.PROTOCOL_ERROR, frame.type() + " is not expected on a direct link", true);
        }
    }

    /** A link ended: forgotten if it was direct. */
    void ended(Link link) {
        if (link.direct() && links.get(link.peerId()) == link) {
            links.remove(link.peerId());
        }
        idle.remove(link.id());
        if (link.dialled() != null) {
            dialling.remove(link.dialled());
        }
    }

    /** A maintenance tick: idle direct links are closed. */
    void tick() {
        List<Link> stale = new ArrayList<>();
        for (Link link : links.values()) {
            long ticks = idle.merge(link.id(), 1L, Long::sum);
            if (ticks > idleTicks) {
                stale.add(link);
            }
        }
        for (Link link : stale) {
            closer.close(link, Reason.CLOSED, "the direct link was idle for " + IDLE_MILLIS / 1000 + " s", true);
        }
    }

    /** Direct links up now. */
    java.util.Collection<Link> links() {
        return List.copyOf(links.values());
    }

    /** Direct links this node dialled since it started. */
    long opened() {
        return opened;
    }
}
