package dev.peermesh.sample.topology;

import dev.peermesh.CloseReason;
import dev.peermesh.MeshListener;
import dev.peermesh.MeshMessage;
import dev.peermesh.MeshNode;
import dev.peermesh.Neighbor;
import dev.peermesh.NodeId;
import dev.peermesh.PublishRejectedException;
import dev.peermesh.Subscription;
import dev.peermesh.autoconfigure.MeshNodeLifecycle;
import dev.peermesh.integration.MeshPayloadCodec;
import dev.peermesh.sample.stream.EventStream;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Shares this node's neighbors on the topology topic every interval and at once when a neighbor comes or goes,
 * reads the other nodes' reports into the {@link TopologyMap}, and tells the event streams when the picture or
 * this node's neighbors change. Runs while the mesh node runs.
 */
public final class TopologyReporter implements SmartLifecycle, MeshListener {

    /** Name of the server-sent event carrying the whole {@link MeshGraph}. */
    public static final String TOPOLOGY_EVENT = "topology";

    /** Name of the server-sent event carrying this node's {@link NodeView}. */
    public static final String NODE_EVENT = "node";

    private static final Logger log = LoggerFactory.getLogger(TopologyReporter.class);

    private final MeshNode node;

    private final TopologyMap map;

    private final ReportCodec codec;

    private final EventStream stream;

    private final String topic;

    private final Duration interval;

    private final @Nullable String httpUrl;

    private @Nullable ScheduledExecutorService timer;

    private @Nullable Subscription subscription;

    public TopologyReporter(MeshNode node, TopologyMap map, ReportCodec codec, EventStream stream, String topic,
            Duration interval, @Nullable String httpUrl) {
        this.node = node;
        this.map = map;
        this.codec = codec;
        this.stream = stream;
        this.topic = topic;
        this.interval = interval;
        this.httpUrl = httpUrl;
    }

    @Override
    public synchronized void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sample-topology");
            thread.setDaemon(true);
            return thread;
        });
        subscription = node.subscribe(topic, this::received);
        node.addListener(this);
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(this::report, 0, millis, TimeUnit.MILLISECONDS);
        timer = executor;
    }

    @Override
    public synchronized void stop() {
        node.removeListener(this);
        if (subscription != null) {
            subscription.cancel();
            subscription = null;
        }
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }

    /** After the mesh node starts, before it stops. */
    @Override
    public int getPhase() {
        return MeshNodeLifecycle.PHASE + 1;
    }

    @Override
    public void neighborUp(Neighbor neighbor) {
        reportSoon();
    }

    @Override
    public void neighborDown(Neighbor neighbor, CloseReason reason, String detail) {
        reportSoon();
    }

    private synchronized void reportSoon() {
        if (timer != null) {
            timer.execute(this::report);
        }
    }

    /** Publishes this node's report, and pushes the picture and this node to the event streams. */
    private void report() {
        try {
            if (!node.isRunning()) {
                return;
            }
            NodeView self = NodeView.of(node, httpUrl);
            TopologyReport report = new TopologyReport(self.nodeId(), httpUrl,
                    self.neighbors().stream().map(NodeView.NeighborView::nodeId).toList());
            boolean changed = map.accept(report);
            node.publish(topic, codec.encode(report), Map.of(MeshPayloadCodec.CONTENT_TYPE, "application/json"));
            stream.publish(NODE_EVENT, self);
            if (changed) {
                stream.publish(TOPOLOGY_EVENT, map.graph(self.nodeId()));
            }
        }
        catch (PublishRejectedException ex) {
            log.debug("Topology report not published: {}", ex.getMessage());
        }
        catch (RuntimeException ex) {
            if (isRunning() && node.isRunning()) {
                log.warn("Topology report failed: {}", ex.toString());
            }
            else {
                log.debug("Topology report ended by shutdown: {}", ex.toString());
            }
        }
    }

    private void received(MeshMessage message) {
        String origin = NodeId.format(message.id().origin());
        codec.decode(message.payload(), origin).ifPresent(report -> {
            if (map.accept(report)) {
                stream.publish(TOPOLOGY_EVENT, map.graph(NodeId.format(node.nodeId())));
            }
        });
    }
}
