package dev.peermesh.protocol.link;

import dev.peermesh.MeshSettings;
import dev.peermesh.Rejection;
import dev.peermesh.wire.Reason;

import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Who may link, as a responder sees it: how many inbound handshakes are in progress (in all and per IP address, each
 * capped by a limit), which of two links with the same peer both ends keep, and whether a full node refuses an
 * authenticated peer or makes room for it. It decides; the protocol carries the decision out.
 *
 * <p>{@code admission.opened(link); Admission.Refused refused = admission.overPendingLimit(link);}
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
     * An inbound link refused before its handshake.
     *
     * @param rejection what is counted and logged
     * @param reason what the peer is told
     * @param detail why, for both
     */
    public record Refused(Rejection rejection, Reason reason, String detail) {
    }

    private final MeshSettings settings;

    private final long self;

    private int inboundHandshakes;

    private final Map<String, Integer> inboundHandshakesByHost = new HashMap<>();

    public Admission(MeshSettings settings, long self) {
        this.settings = settings;
        this.self = self;
    }

    /** A link opened: an inbound one is a handshake in progress until it ends or is established. */
    public void opened(Link link) {
        if (!link.outbound()) {
            inboundHandshakes++;
            if (link.remoteHost() != null) {
                inboundHandshakesByHost.merge(link.remoteHost(), 1, Integer::sum);
            }
        }
    }

    /** The refusal of an inbound link that is one handshake too many, in all or from its address; or {@code null}. */
    public @Nullable Refused overPendingLimit(Link link) {
        if (!link.outbound() && inboundHandshakes > settings.limits().maxPendingHandshakes()) {
            return new Refused(Rejection.TOO_MANY_HANDSHAKES, Reason.TOO_MANY_HANDSHAKES,
                    settings.limits().maxPendingHandshakes()
                            + " handshakes are already in progress; try again shortly");
        }
        int perAddress = settings.limits().maxPendingHandshakesPerAddress();
        if (link.remoteHost() != null && inboundHandshakesByHost.get(link.remoteHost()) > perAddress) {
            return new Refused(Rejection.TOO_MANY_HANDSHAKES_FROM_ADDRESS, Reason.TOO_MANY_HANDSHAKES,
                    perAddress + " handshakes from " + link.remoteHost()
                            + " are already in progress; try again shortly");
        }
        return null;
    }

    /** An inbound link's handshake ended: established, refused or closed. */
    public void handshakeEnded(Link link) {
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
