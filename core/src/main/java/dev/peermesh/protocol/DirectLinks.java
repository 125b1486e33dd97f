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
 * send it delivered — at its second message for that node, and sends straight once the link is up; until then such
 * messages go whole through the mesh. A request to this very node opens one to the requester as it is delivered, so
 * the reply usually finds it up; a request to every node does not (every node would dial the requester at once).
 * The initiator checks that the node it dialled for answered; a failed dial is not retried for {@link #IDLE_MILLIS}.
 *
 * <p>Bounded: at most {@code limits.max-direct-links} links, dialled, in their handshake and accepted together (one
 * more is refused with BUSY); one that carried no message for {@link #IDLE_MILLIS} is closed (keepalives do not
 * count); the addresses learned are an LRU of {@link #MAX_ADDRESSES}.
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
    /** Direct links this node dialled, in their handshake: link id to the node expected at the other end. */
    private final Map<Long, Long> handshaking = new HashMap<>();
    /** Addresses a direct dial or handshake failed with lately, and the tick it did: not dialled again for a while. */
    private final Map<PeerAddress, Long> failed = new LinkedHashMap<>();
    /** Ticks since each direct link was last used, by link id. */
    private final Map<Long, Long> idle = new HashMap<>();
    /** Nodes this node had one message for, without a link to them: the next one opens a link. */
    private final LinkedHashMap<Long, Boolean> sentOnce = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };
    private final LinkedHashMap<Long, PeerAddress> addresses = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, PeerAddress> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    private @Nullable Dissemination dissemination;
    private long tick;

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

    /**
     * Opens a direct link to {@code node} when its address is known and it is no neighbor yet: at once ({@code now}),
     * or at the second message for it — one reply to a request to every node opens none, or every node answering
     * would dial the requester.
     */
    void open(long node, boolean now) {
        if (!now && sentOnce.put(node, Boolean.TRUE) == null) {
            return;
        }
        if (node == self || node == 0 || view.contains(node) || links.containsKey(node) || dialling.containsValue(node)
                || handshaking.containsValue(node) || count() >= max) {
            return;
        }
        PeerAddress address = addresses.get(node);
        if (address == null) {
            address = repair.passive().addressOf(node);
        }
        if (address == null || !repair.mayDial(address) || dialling.containsKey(address)) {
            return;
        }
        Long failedAt = failed.get(address);
        if (failedAt != null && tick - failedAt <= idleTicks) {
            return; // failed lately: the message goes through the mesh
        }
        dialling.put(address, node);
        actions.dial(address);
    }

    /**
     * A message delivered here: a request's or send's origin told its address. A request to this very node gets a
     * link to its origin at once, for the reply; a request to every node does not (every node would dial the
     * requester): the reply itself opens one, for the next.
     */
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
        if (message.isRequest() && NodeId.format(self).equals(message.headers().get(MeshMessage.TARGET_HEADER))) {
            open(message.id().origin(), true);
        }
    }

    /** A link this node dialled opened: it is direct when the dial was. */
    void opened(Link link) {
        Long expected = link.dialled() == null ? null : dialling.remove(link.dialled());
        if (expected != null) {
            link.markDirect();
            handshaking.put(link.id(), expected);
        }
    }

    /** A dial failed before its link opened; whether it was a direct one (then it is none of Repair's business). */
    boolean dialFailed(PeerAddress address) {
        if (dialling.remove(address) == null) {
            return false;
        }
        failed.put(address, tick);
        trimFailed();
        return true;
    }

    /** Responder: whether a direct link that passed its handshake is admitted (the bound not reached). */
    boolean room(Link link) {
        return count() < max || links.containsKey(link.peerId());
    }

    /** Why a direct link is refused when there is no room. */
    String full() {
        return "node " + NodeId.format(self) + " has its maximum of " + max
                + " direct links (peermesh.limits.max-direct-links)";
    }

    /**
     * A direct link is up, in either role. The initiator checks that the node it dialled for answered (a stale or
     * false address leads elsewhere); of two direct links between the same nodes both keep the one the lower node id
     * dialled, as with neighbor links.
     */
    void established(Link link) {
        Long expected = handshaking.remove(link.id());
        if (expected != null && expected != link.peerId()) {
            addresses.remove(expected);
            link.establishedByPeer();
            closer.close(link, Reason.CLOSED, "dialled for node " + NodeId.format(expected) + " but reached node "
                    + NodeId.format(link.peerId()), true);
            return;
        }
        link.establish(settings);
        Link former = links.get(link.peerId());
        if (former != null && former != link && keeps(former, link)) {
            closer.close(link, Reason.DUPLICATE_LINK, "another direct link to this node is kept", true);
            return;
        }
        links.put(link.peerId(), link);
        idle.put(link.id(), 0L);
        if (former != null && former != link) {
            closer.close(former, Reason.DUPLICATE_LINK, "another direct link to this node is kept", true);
        }
    }

    /** Whether of two direct links with one peer the first is kept: the one the lower node id dialled. */
    private boolean keeps(Link existing, Link candidate) {
        long a = existing.initiator(self);
        long b = candidate.initiator(self);
        return a != b && Long.compareUnsigned(a, b) < 0;
    }

    /** A frame on an established direct link. */
    void onFrame(Link link, Frame frame) {
        if (!link.takeFrame()) {
            closer.close(link, Reason.RATE_LIMITED, "more than " + settings.limits().linkFrameRate()
                    + " frames per second on a direct link", true);
        }
        else if (frame instanceof Frame.Direct && dissemination != null) {
            idle.put(link.id(), 0L); // only messages keep a direct link: keepalives do not
            dissemination.receiveControl(link.id(), frame);
        }
        else if (frame instanceof Frame.Ping ping) {
            actions.send(link.id(), new Frame.Pong(ping.token()));
        }
        else if (frame instanceof Frame.Disconnect disconnect) {
            if (disconnect.reason() == Reason.LEAVING) {
                addresses.remove(link.peerId());
            }
            closer.close(link, disconnect.reason(), "the peer closed the direct link", false);
        }
        else if (!(frame instanceof Frame.Pong)) {
            closer.close(link, Reason.PROTOCOL_ERROR, frame.type() + " is not expected on a direct link", true);
        }
    }

    /** A link ended: forgotten if it was direct; a direct dial that failed in its handshake is not retried soon. */
    void ended(Link link, boolean failedHandshake) {
        if (!link.direct()) {
            return;
        }
        if (links.get(link.peerId()) == link) {
            links.remove(link.peerId());
        }
        idle.remove(link.id());
        handshaking.remove(link.id());
        if (failedHandshake && link.dialled() != null) {
            failed.put(link.dialled(), tick);
            trimFailed();
        }
    }

    /** A maintenance tick: idle direct links are closed. */
    void tick() {
        tick++;
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

    /** Direct links up, in their handshake or being dialled: what {@code limits.max-direct-links} bounds. */
    private int count() {
        return links.size() + dialling.size() + handshaking.size();
    }

    private void trimFailed() {
        while (failed.size() > MAX_ADDRESSES) {
            failed.remove(failed.keySet().iterator().next());
        }
    }

}
