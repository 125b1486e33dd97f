package dev.peermesh.actuate;

import dev.peermesh.CloseReason;
import dev.peermesh.MeshMessage;
import dev.peermesh.MeshNode;
import dev.peermesh.NodeState;
import dev.peermesh.Rejection;
import dev.peermesh.Subscription;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Duration;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;

/**
 * Binds a mesh node's counters to Micrometer under {@code peermesh.*} (see {@link MeterNames}), and times delivery
 * latency from the publisher's stamp. Meters read a snapshot of the node taken at most once a second, so a scrape
 * costs the node one round trip to its event loop, not one per meter.
 *
 * <p>{@code new PeermeshMetrics(node).bindTo(registry);}
 */
public class PeermeshMetrics implements MeterBinder, DisposableBean {

    private static final long SNAPSHOT_MILLIS = 1_000;

    private final MeshNode node;

    private volatile @Nullable NodeState snapshot;

    private volatile long snapshotAt;

    private @Nullable Subscription latencySubscription;

    public PeermeshMetrics(MeshNode node) {
        this.node = node;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Tags mesh = Tags.of(MeterNames.TAG_MESH, node.settings().meshId());
        gauge(registry, MeterNames.NEIGHBORS, mesh, "Current neighbor count", s -> s.neighbors().size());
        gauge(registry, MeterNames.ONLINE, mesh, "1 while the node has a neighbor", s -> s.online() ? 1 : 0);
        counter(registry, MeterNames.PUBLISHED, mesh, "Messages published here", c -> c.published());
        counter(registry, MeterNames.DELIVERED, mesh, "Messages delivered to subscribers here", c -> c.delivered());
        counter(registry, MeterNames.FORWARDED, mesh, "Copies sent to neighbors", c -> c.forwarded());
        counter(registry, MeterNames.DUPLICATES, mesh, "Duplicate copies received and dropped", c -> c.duplicates());
        counter(registry, MeterNames.DROPPED, mesh.and(MeterNames.TAG_REASON, "hop-limit"),
                "Messages not sent on, or not delivered", c -> c.hopLimited());
        counter(registry, MeterNames.DROPPED, mesh.and(MeterNames.TAG_REASON, "filtered"),
                "Messages not sent on, or not delivered", c -> c.filtered());
        counter(registry, MeterNames.DROPPED, mesh.and(MeterNames.TAG_REASON, "unrouted"),
                "Messages not sent on, or not delivered", c -> c.unrouted());
        counter(registry, MeterNames.DROPPED, mesh.and(MeterNames.TAG_REASON, "delivery-overflow"),
                "Messages not sent on, or not delivered", c -> c.deliveryOverflows());
        counter(registry, MeterNames.DROPPED, mesh.and(MeterNames.TAG_REASON, "forged"),
                "Messages not sent on, or not delivered", c -> c.forged());
        counter(registry, MeterNames.DROPPED, mesh.and(MeterNames.TAG_REASON, "unknown-origin"),
                "Messages not sent on, or not delivered", c -> c.unknownOrigin());
        counter(registry, MeterNames.DROPPED, mesh.and(MeterNames.TAG_REASON, "too-large-for-neighbor"),
                "Messages not sent on, or not delivered", c -> c.tooLargeForNeighbor());
        counter(registry, MeterNames.BYTES, mesh.and(MeterNames.TAG_DIRECTION, "in"), "Bytes on the wire",
                c -> c.bytesIn());
        counter(registry, MeterNames.BYTES, mesh.and(MeterNames.TAG_DIRECTION, "out"), "Bytes on the wire",
                c -> c.bytesOut());
        counter(registry, MeterNames.LINKS_ESTABLISHED, mesh, "Neighbor links established",
                c -> c.linksEstablished());
        counter(registry, MeterNames.LINKS_REFUSED, mesh, "Links refused during the handshake", c -> c.linksRefused());
        counter(registry, MeterNames.DIALS, mesh, "Links this node dialled, each a handshake attempt",
                c -> c.dials());
        for (CloseReason reason : CloseReason.values()) {
            counter(registry, MeterNames.LINKS_CLOSED, mesh.and(MeterNames.TAG_REASON, MeterNames.tag(reason)),
                    "Neighbor links ended", c -> c.linksClosed().getOrDefault(reason, 0L));
        }
        for (Rejection reason : Rejection.values()) {
            counter(registry, MeterNames.REJECTED, mesh.and(MeterNames.TAG_REASON, reason.tag()),
                    "Links, frames and referrals turned away for breaking a limit or a rule",
                    c -> c.rejected().getOrDefault(reason, 0L));
        }
        gauge(registry, MeterNames.HANDSHAKES_PENDING, mesh, "Inbound links authenticating now",
                s -> s.counters().pendingHandshakes());
        counter(registry, MeterNames.PROTOCOL_ERRORS, mesh, "Malformed or unexpected frames",
                c -> c.protocolErrors());
        counter(registry, MeterNames.GRAFTS, mesh, "Messages pulled from neighbors that announced them",
                c -> c.grafts());
        counter(registry, MeterNames.PRUNES, mesh, "Redundant tree links pruned", c -> c.prunes());
        counter(registry, MeterNames.LOST, mesh, "Messages missed and given up on", c -> c.lost());
        counter(registry, MeterNames.PAYLOADS_OVER_CAP, mesh,
                "Payloads announced instead of pushed: the child's link was over the payload backlog cap",
                c -> c.payloadsOverCap());
        counter(registry, MeterNames.TREE_PAUSES, mesh,
                "PAUSE frames sent up origins' trees: a link towards a child was congested", c -> c.treePauses());
        counter(registry, MeterNames.TREE_PAUSES_IGNORED, mesh,
                "Origins named in PAUSE frames not taken: off the origin's tree, unknown, or over the bound",
                c -> c.treePausesIgnored());
        counter(registry, MeterNames.TREE_STALLS, mesh,
                "Links towards a child congested longer than a pause may hold, which stopped holding origins",
                c -> c.treeStalls());
        gauge(registry, MeterNames.REORDER_HELD, mesh,
                "Messages held back because an earlier message of their origin is missing",
                s -> s.counters().reordering().held());
        gauge(registry, MeterNames.REORDER_HELD_BYTES, mesh, "Bytes of the messages held back for order",
                s -> s.counters().reordering().heldBytes());
        String gaveUp = "Sequence numbers ordering gave up on, also counted as lost";
        counter(registry, MeterNames.REORDER_GAVE_UP, mesh.and(MeterNames.TAG_REASON, "late"), gaveUp,
                c -> c.reordering().late());
        counter(registry, MeterNames.REORDER_GAVE_UP, mesh.and(MeterNames.TAG_REASON, "expired"), gaveUp,
                c -> c.reordering().expired());
        counter(registry, MeterNames.REORDER_GAVE_UP, mesh.and(MeterNames.TAG_REASON, "overflowed"), gaveUp,
                c -> c.reordering().overflowed());
        String requests = "Requests and sends to one node made here, by outcome";
        counter(registry, MeterNames.REQUESTS, mesh.and(MeterNames.TAG_OUTCOME, "answered"), requests,
                c -> c.requests().answered());
        counter(registry, MeterNames.REQUESTS, mesh.and(MeterNames.TAG_OUTCOME, "timed-out"), requests,
                c -> c.requests().timedOut());
        counter(registry, MeterNames.REQUESTS, mesh.and(MeterNames.TAG_OUTCOME, "rejected"), requests,
                c -> c.requests().rejected());
        gauge(registry, MeterNames.REQUESTS_PENDING, mesh, "Requests and sends waiting for a reply or receipt",
                s -> s.counters().requests().pending());
        String replies = "Replies and receipts that came back; late ones were dropped";
        counter(registry, MeterNames.REPLIES, mesh.and(MeterNames.TAG_TIMING, "in-time"), replies,
                c -> c.requests().replies() - c.requests().lateReplies());
        counter(registry, MeterNames.REPLIES, mesh.and(MeterNames.TAG_TIMING, "late"), replies,
                c -> c.requests().lateReplies());
        catchUpMeters(registry, mesh);
        Timer latency = Timer.builder(MeterNames.DELIVERY_LATENCY).tags(mesh)
                .description("Time from publish on the origin to delivery here (wall clocks)")
                .publishPercentileHistogram()
                .register(registry);
        latencySubscription = node.subscribe("*", message -> recordLatency(latency, message));
    }

    @Override
    public void destroy() {
        if (latencySubscription != null) {
            latencySubscription.cancel();
        }
    }

    private static void recordLatency(Timer timer, MeshMessage message) {
        long sentAt = message.sentAt();
        if (sentAt >= 0 && message.hops() > 0) {
            timer.record(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - sentAt)));
        }
    }

    private void catchUpMeters(MeterRegistry registry, Tags mesh) {
        String messages = "Replayed messages a catch-up brought here, by outcome";
        counter(registry, MeterNames.CATCH_UP_MESSAGES, mesh.and(MeterNames.TAG_OUTCOME, "replayed"), messages,
                c -> c.catchUp().replayed());
        counter(registry, MeterNames.CATCH_UP_MESSAGES, mesh.and(MeterNames.TAG_OUTCOME, "duplicate"), messages,
                c -> c.catchUp().duplicates());
        counter(registry, MeterNames.CATCH_UP_MESSAGES, mesh.and(MeterNames.TAG_OUTCOME, "unasked"), messages,
                c -> c.catchUp().unasked());
        counter(registry, MeterNames.CATCH_UP_MESSAGES, mesh.and(MeterNames.TAG_OUTCOME, "too-old"), messages,
                c -> c.catchUp().tooOld());
        counter(registry, MeterNames.CATCH_UPS, mesh, "Catch-ups begun, at start and on rejoining",
                c -> c.catchUp().started());
        counter(registry, MeterNames.CATCH_UPS_TIMED_OUT, mesh, "Catch-ups that timed out with answers owed",
                c -> c.catchUp().timedOut());
        counter(registry, MeterNames.CATCH_UP_SERVED, mesh, "Messages replayed to neighbors catching up",
                c -> c.catchUp().served());
        String direct = "Messages for one node that went straight on the link to it";
        counter(registry, MeterNames.DIRECT_MESSAGES, mesh.and(MeterNames.TAG_OUTCOME, "sent"), direct,
                c -> c.direct().sent());
        counter(registry, MeterNames.DIRECT_MESSAGES, mesh.and(MeterNames.TAG_OUTCOME, "received"), direct,
                c -> c.direct().received());
        counter(registry, MeterNames.DIRECT_MESSAGES, mesh.and(MeterNames.TAG_OUTCOME, "missed"), direct,
                c -> c.direct().missed());
    }

    private void gauge(MeterRegistry registry, String name, Tags tags, String description,
            ToDoubleFunction<NodeState> value) {
        Gauge.builder(name, this, metrics -> value.applyAsDouble(metrics.state())).tags(tags)
                .description(description).register(registry);
    }

    private void counter(MeterRegistry registry, String name, Tags tags, String description,
            ToLongFunction<NodeState.Counters> value) {
        FunctionCounter.builder(name, this, metrics -> value.applyAsLong(metrics.state().counters())).tags(tags)
                .description(description).register(registry);
    }

    private NodeState state() {
        long now = System.currentTimeMillis();
        NodeState current = snapshot;
        if (current == null || now - snapshotAt > SNAPSHOT_MILLIS) {
            current = node.state();
            snapshot = current;
            snapshotAt = now;
        }
        return current;
    }
}
