package dev.peermesh.bench;

import dev.peermesh.DeliveryOrder;
import dev.peermesh.DisseminationMode;
import dev.peermesh.MeshNode;
import dev.peermesh.MeshSettings;
import dev.peermesh.NodeState;
import dev.peermesh.PeerAddress;
import dev.peermesh.PublishRejectedException;
import dev.peermesh.TreeSettings;
import dev.peermesh.resolver.StaticPeerResolver;
import dev.peermesh.security.TrustPolicy;

import java.util.List;
import java.util.Map;

/**
 * A peermesh node with default settings but for loopback, a fixed port and the dissemination mode under test; node 0
 * is every other node's seed.
 *
 * <p>{@code new PeermeshNode(mode, index, nodes, basePort, recorder)}
 */
final class PeermeshNode implements BroadcastNode {

    private static final String TOPIC = "bench";

    /**
     * The order the nodes deliver in: the product's default, or {@code -Dbench.ordering=FIFO|NONE} on the worker;
     * likewise {@code -Dbench.adaptiveGraftWait=true|false} for {@code peermesh.tree.adaptive-graft-wait}, and
     * {@code -Dbench.seeds=previous} to have each node seed on the one before it rather than all on node 0, and
     * {@code -Dbench.nodeTrace=true} for each node's counters and losses on its log every half second
     * ({@link NodeTrace}).
     */
    private static final String DEFAULT_ORDER = MeshSettings.builder("bench").build().ordering().name();

    private final MeshNode node;

    private final int nodes;

    private final DeliveryRecorder recorder;

    PeermeshNode(DisseminationMode mode, int index, int nodes, int basePort, DeliveryRecorder recorder) {
        this(mode, index, nodes, basePort, recorder, false);
    }

    /**
     * A node that, when {@code signed}, signs every message with an Ed25519 key and verifies every other node's
     * (trust policy {@code keys} with all nodes' keys, which every worker derives from the node indexes).
     */
    PeermeshNode(DisseminationMode mode, int index, int nodes, int basePort, DeliveryRecorder recorder,
            boolean signed) {
        this(mode, index, nodes, basePort, recorder, signed, MeshSettings.builder("bench").build().tree().newOrigins());
    }

    /** A node whose tree sends a new origin's first messages as {@code newOrigins} says. */
    PeermeshNode(DisseminationMode mode, int index, int nodes, int basePort, DeliveryRecorder recorder,
            boolean signed, TreeSettings.NewOrigins newOrigins) {
        this.nodes = nodes;
        this.recorder = recorder;
        MeshSettings.Builder settingsBuilder = MeshSettings.builder("bench");
        String sealInterval = System.getProperty("bench.sealInterval"); // e.g. PT0.01S, for trials of the interval
        if (sealInterval != null) {
            settingsBuilder.sealInterval(java.time.Duration.parse(sealInterval));
        }
        String maxSealBytes = System.getProperty("bench.maxSealBytes"); // bytes, for trials of what seals keep
        if (maxSealBytes != null) {
            settingsBuilder.maxSealBytes(Long.parseLong(maxSealBytes));
        }
        MeshSettings settings = settingsBuilder.bindAddress("127.0.0.1").port(basePort + index)
                .dissemination(mode).newOrigins(newOrigins).stampSendTime(false)
                .ordering(DeliveryOrder.valueOf(System.getProperty("bench.ordering", DEFAULT_ORDER)))
                .adaptiveGraftWait(Boolean.parseBoolean(System.getProperty("bench.adaptiveGraftWait",
                        String.valueOf(MeshSettings.builder("bench").build().tree().adaptiveGraftWait())))).build();
        // every node seeds on node 0, or with -Dbench.seeds=previous on the node before it (no hub to begin with)
        int seed = "previous".equals(System.getProperty("bench.seeds")) ? index - 1 : 0;
        List<PeerAddress> seeds = index == 0 ? List.of() : List.of(new PeerAddress("127.0.0.1", basePort + seed));
        MeshNode.Builder builder = MeshNode.builder(settings).resolver(new StaticPeerResolver(seeds));
        if (signed) {
            builder.signingKey(BenchKeys.of(index)).trust(TrustPolicy.keys(
                    java.util.stream.IntStream.range(0, nodes).mapToObj(i -> BenchKeys.of(i).publicKey()).toList()));
        }
        this.node = builder.build();
    }

    @Override
    public void join() {
        long self = node.nodeId();
        node.subscribe(TOPIC, message -> {
            if (message.id().origin() != self) {
                recorder.delivered(message.payload());
            }
        });
        node.start();
        if (Boolean.getBoolean("bench.nodeTrace")) {
            NodeTrace.start(node);
        }
    }

    @Override
    public boolean awaitMembers(long timeoutMillis) throws InterruptedException {
        // A mesh is not a full graph: enough neighbors to be in it, then the coordinator lets it settle.
        int wanted = Math.min(nodes - 1, node.settings().neighbors().min());
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (node.state().neighbors().size() < wanted) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    @Override
    public boolean broadcast(byte[] payload) {
        try {
            node.publish(TOPIC, payload, Map.of());
            return true;
        }
        catch (PublishRejectedException ex) {
            if (ex.cause() == PublishRejectedException.Cause.BACKPRESSURE) {
                return false;
            }
            throw ex;
        }
    }

    @Override
    public long bytesOut() {
        return counters().bytesOut();
    }

    @Override
    public NodeCounters counters() {
        NodeState.Counters c = stateCounters();
        return c == null ? new NodeCounters(-1, -1, -1, -1, -1, -1, 0, -1)
                : new NodeCounters(c.bytesOut(), c.grafts(), c.duplicates(), c.prunes(), c.forwarded(),
                        c.payloadsOverCap(), c.deliveryOverflows(), c.treePauses());
    }

    /** The counters, or null when the saturated event loop did not answer within MeshNode's state timeout. */
    private NodeState.Counters stateCounters() {
        try {
            return node.state().counters();
        }
        catch (IllegalStateException ex) {
            System.err.println("state() did not answer: " + ex.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        node.stop();
    }
}
