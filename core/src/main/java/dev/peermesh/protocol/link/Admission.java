package dev.peermesh.protocol.link;

import dev.peermesh.MeshSettings;
import dev.peermesh.Rejection;
import dev.peermesh.wire.Reason;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Who may link, as a responder sees it: how many inbound handshakes are in progress (in all and per IP address, each
 * capped by a limit), which of two links with the same peer both ends keep, and whether a full node refuses an
 * authenticated peer or makes room for it. It decides; the protocol carries the decision out.
 *
 * <p>A new inbound link over a handshake limit is not refused: the oldest unfinished handshake of its address (over
 * the limit in all: of the address holding the most) ends to make room. Slow handshakes held open from one address
 * (a slowloris, or a NAT full of stalled clients) then cannot lock out a member connecting from the same address:
 * its handshake finishes in milliseconds, before the stalled ones' turn comes round again.
 *
 * <p>{@code admission.opened(link); Admission.Eviction eviction = admission.overPendingLimit(link);}
 */
public final class Admission {

    /** What to do with a peer that proved the mesh key. */
    public enum Verdict {
        /** Welcome it. */
        WELCOME,
        /** Refuse it: a link with the peer already exists and is the one both ends keep. */
        DUPLICATE,
        /** Refuse it: the node has its maximum of neighbors. */
        BUSY,
        /** Welcome it after closing a random neighbor: it has no neighbor at all (HyParView's priority join). */
        MAKE_ROOM
    }

    /**
     * An unfinished inbound handshake ended to make room for a new one.
     *
     * @param link the oldest unfinished handshake of the address (or of the busiest address)
     * @param rejection what is counted and logged
     * @param reason what the peer is told
     * @param detail why, for both
     */
    public record Eviction(Link link, Rejection rejection, Reason reason, String detail) {
    }

    private final MeshSettings settings;

    private final long self;

    private int inboundHandshakes;

    private final Map<String, Integer> inboundHandshakesByHost = new HashMap<>();

    /** The inbound links in their handshake, oldest first. */
    private final Map<Long, Link> handshaking = new LinkedHashMap<>();

    public Admission(MeshSettings settings, long self) {
        this.settings = settings;
        this.self = self;
    }

    /** A link opened: an inbound one is a handshake in progress until it ends or is established. */
    public void opened(Link link) {
        if (!link.outbound()) {
            handshaking.put(link.id(), link);
            inboundHandshakes++;
            if (link.remoteHost() != null) {
                inboundHandshakesByHost.merge(link.remoteHost(), 1, Integer::sum);
            }
        }
    }

    /**
     * When an inbound link is one handshake too many, from its address or in all: the older unfinished handshake to
     * end for it; or {@code null}.
     */
    public @Nullable Eviction overPendingLimit(Link link) {
        if (link.outbound()) {
            return null;
        }
        int perAddress = settings.limits().maxPendingHandshakesPerAddress();
        String host = link.remoteHost();
        if (host != null && inboundHandshakesByHost.getOrDefault(host, 0) > perAddress) {
            return new Eviction(oldest(host, link), Rejection.TOO_MANY_HANDSHAKES_FROM_ADDRESS,
                    Reason.TOO_MANY_HANDSHAKES, perAddress + " handshakes from " + host + " were in progress: the "
                            + "oldest unfinished one ends for a new one; finish a handshake within moments");
        }
        int inAll = settings.limits().maxPendingHandshakes();
        if (inboundHandshakes > inAll) {
            return new Eviction(oldest(busiestHost(), link), Rejection.TOO_MANY_HANDSHAKES,
                    Reason.TOO_MANY_HANDSHAKES, inAll + " handshakes were in progress: the oldest unfinished one of "
                            + "the address holding the most ends for a new one; finish a handshake within moments");
        }
        return null;
    }

    /** The oldest handshaking link from the host (any host when null), other than {@code newcomer}. */
    private Link oldest(@Nullable String host, Link newcomer) {
        for (Link candidate : handshaking.values()) {
            if (candidate != newcomer && (host == null || host.equals(candidate.remoteHost()))) {
                return candidate;
            }
        }
        return newcomer; // nobody else to end: the limit is 0 in effect, and the newcomer is refused
    }

    private @Nullable String busiestHost() {
        String busiest = null;
        int most = 0;
        for (Map.Entry<String, Integer> host : inboundHandshakesByHost.entrySet()) {
            if (host.getValue() > most) {
                busiest = host.getKey();
                most = host.getValue();
            }
        }
        return busiest;
    }

    /** An inbound link's handshake ended: established, refused or closed. */
    public void handshakeEnded(Link link) {
        if (handshaking.remove(link.id()) == null) {
            return; // ended already
        }
        inboundHandshakes--;
        if (link.remoteHost() != null) {
            inboundHandshakesByHost.computeIfPresent(link.remoteHost(), (host, count) -> count > 1 ? count - 1 : null);
        }
    }

    /** Inbound links authenticating now: all of them ({@code host} null), or those from one IP address. */
    public int inboundHandshakes(@Nullable String host) {
        return host == null ? inboundHandshakes : inboundHandshakesByHost.getOrDefault(host, 0);
    }

    /**
     * Responder, after a valid AUTH: whether to welcome the peer. {@code existing} is the neighbor link with the
     * same peer, or {@code null}; {@code neighbors} how many the node has.
     */
    public Verdict admit(Link link, @Nullable Link existing, int neighbors) {
        if (existing != null && preferred(existing, link) == existing) {
            return Verdict.DUPLICATE;
        }
        if (existing == null && neighbors >= settings.neighbors().max()) {
            return link.priority() ? Verdict.MAKE_ROOM : Verdict.BUSY;
        }
        return Verdict.WELCOME;
    }

    /** Both ends keep the same one of two links between them: the one dialled by the lower node id. */
    public Link preferred(Link existing, Link candidate) {
        long a = existing.initiator(self);
        long b = candidate.initiator(self);
        if (a == b) {
            return candidate; // the same node dialled again: the older link is stale
        }
        return Long.compareUnsigned(a, b) < 0 ? existing : candidate;
    }
}
