package dev.peermesh.protocol;

import dev.peermesh.CloseReason;
import dev.peermesh.NodeState;
import dev.peermesh.Rejection;
import dev.peermesh.dissemination.DisseminationCounters;
import dev.peermesh.wire.Reason;

import java.util.EnumMap;
import java.util.Map;

/**
 * What the protocol counts of its links and of what it turned away, for {@link MeshProtocol#state}. Each part counts
 * here what it sees; a rejection is counted and passed on to the driver, which logs it.
 */
final class ProtocolCounters implements RejectionSink {

    private final Actions actions;

    private long linksEstablished;
    private long linksRefused;
    private long protocolErrors;
    private long forged;
    private long unknownOrigin;
    private long tooLargeForNeighbor;
    /** Payloads announced instead of pushed because a child's link was over the payload cap. */
    private long payloadsOverCap;

    private final Map<CloseReason, Long> linksClosed = new EnumMap<>(CloseReason.class);
    private final Map<Rejection, Long> rejected = new EnumMap<>(Rejection.class);

    ProtocolCounters(Actions actions) {
        this.actions = actions;
    }

    /** Counts a rejection and passes it to the driver, which logs it. */
    @Override
    public void reject(long link, Rejection reason, String detail) {
        rejected.merge(reason, 1L, Long::sum);
        actions.rejected(link, reason, detail);
    }

    void linkEstablished() {
        linksEstablished++;
    }

    void linkRefused() {
        linksRefused++;
    }

    void linkClosed(Reason reason) {
        linksClosed.merge(reason.closeReason(), 1L, Long::sum);
    }

    void protocolError() {
        protocolErrors++;
    }

    /** A message or origin key found forged ({@code true}) or from an origin without a known key. */
    void unverified(boolean isForged) {
        if (isForged) {
            forged++;
        }
        else {
            unknownOrigin++;
        }
    }

    void tooLargeForNeighbor() {
        tooLargeForNeighbor++;
    }

    void overPayloadCap() {
        payloadsOverCap++;
    }

    /** These counters with the dissemination's and those the membership and the driver keep. */
    NodeState.Counters snapshot(DisseminationCounters d, long deliveryOverflows, int passiveViewSize, long bytesIn,
            long bytesOut, int pendingHandshakes, long dials) {
        return new NodeState.Counters(d.published(), d.delivered(), d.forwarded(), d.duplicates(), d.hopLimited(),
                d.filtered(), d.unrouted(), deliveryOverflows, linksEstablished, linksRefused, linksClosed,
                protocolErrors, passiveViewSize, bytesIn, bytesOut, d.grafts(), d.prunes(), d.lost(), rejected,
                pendingHandshakes, forged, unknownOrigin, tooLargeForNeighbor, dials, payloadsOverCap, d.pauses(),
                d.pausesIgnored(), d.holdStalls(), d.reordering(), NodeState.Requests.NONE,
                d.catchUp(), d.direct());
    }
}
