package dev.peermesh;

import dev.peermesh.resolver.PeerResolver;
import dev.peermesh.resolver.StaticPeerResolver;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Real nodes on loopback for tests, with timers short enough for tests and a record of what each node delivered.
 * Closing it aborts every node still running.
 */
final class TestMesh implements AutoCloseable {

    static final String PASSWORD = "Test-Mesh-Pass-1";

    private final String meshId;

    private final List<MeshNode> nodes = new ArrayList<>();

    private final Map<MeshNode, Map<MessageId, AtomicInteger>> received = new ConcurrentHashMap<>();

    private final Map<MeshNode, List<MeshMessage>> messages = new ConcurrentHashMap<>();

    private final Map<MeshNode, Map<String, AtomicInteger>> lost = new ConcurrentHashMap<>();

    TestMesh(String meshId) {
        this.meshId = meshId;
    }

    /** Settings for a loopback node with test-speed timers. */
    static MeshSettings.Builder settings(String meshId) {
        return MeshSettings.builder(meshId)
                .bindAddress("127.0.0.1")
                .password(PASSWORD)
                .handshakeTimeout(Duration.ofSeconds(3))
                .keepalive(Duration.ofMillis(500), 3)
                .maintenanceInterval(Duration.ofMillis(250))
                .leaveTimeout(Duration.ofSeconds(1));
    }

    /** Starts a node seeded with the given nodes' addresses, recording everything it delivers. */
    MeshNode start(UnaryOperator<MeshSettings.Builder> customizer, UnaryOperator<MeshNode.Builder> builder,
            MeshNode... seeds) {
        List<PeerAddress> addresses = new ArrayList<>();
        for (MeshNode seed : seeds) {
            addresses.add(seed.address());
        }
        PeerResolver resolver = new StaticPeerResolver(addresses);
        MeshNode node = builder.apply(MeshNode.builder(customizer.apply(settings(meshId)).build()).resolver(resolver))
                .build();
        Map<MessageId, AtomicInteger> counts = new ConcurrentHashMap<>();
        List<MeshMessage> log = java.util.Collections.synchronizedList(new ArrayList<>());
        received.put(node, counts);
        messages.put(node, log);
        Map<String, AtomicInteger> lostReasons = new ConcurrentHashMap<>();
        lost.put(node, lostReasons);
        node.addListener(new MeshListener() {
            @Override
            public void messageLost(MessageId id, String reason) {
                lostReasons.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
            }
        });
        node.subscribe("*", message -> {
            counts.computeIfAbsent(message.id(), id -> new AtomicInteger()).incrementAndGet();
            log.add(message);
        });
        nodes.add(node);
        return node.start();
    }

    MeshNode start(MeshNode... seeds) {
        return start(UnaryOperator.identity(), UnaryOperator.identity(), seeds);
    }

    List<MeshNode> nodes() {
        return nodes;
    }

    /** How many times each message was delivered to the node's subscriber. */
    Map<MessageId, AtomicInteger> received(MeshNode node) {
        return received.get(node);
    }

    /** Messages the node delivered, in order. */
    List<MeshMessage> messages(MeshNode node) {
        synchronized (messages.get(node)) {
            return List.copyOf(messages.get(node));
        }
    }

    /**
     * What a failed wait needs to say about a node: messages delivered per origin (with the highest sequence), its
     * counters, and why messages were reported lost.
     */
    String describe(MeshNode node) {
        Map<String, String> perOrigin = new TreeMap<>();
        messages(node).stream().collect(Collectors.groupingBy(m -> NodeId.format(m.id().origin())))
                .forEach((origin, list) -> perOrigin.put(origin, list.size() + " (highest sequence "
                        + list.stream().mapToLong(m -> m.id().sequence()).max().orElse(0) + ")"));
        return "node %s delivered %s; lost: %s; %s".formatted(NodeId.format(node.nodeId()), perOrigin,
                lost.get(node), node.state().counters());
    }

    /** Whether the node delivered a message on this topic. */
    boolean delivered(MeshNode node, String topic) {
        return messages(node).stream().anyMatch(message -> message.topic().equals(topic));
    }

    /** Node ids of a node's current neighbors. */
    static Set<Long> neighborIds(MeshNode node) {
        Set<Long> ids = new HashSet<>();
        for (Neighbor neighbor : node.state().neighbors()) {
            ids.add(neighbor.nodeId());
        }
        return ids;
    }

    /** Whether the neighbor links among these nodes connect all of them, and name no node outside them. */
    static boolean connected(Collection<MeshNode> nodes) {
        Map<Long, Set<Long>> graph = new HashMap<>();
        for (MeshNode node : nodes) {
            graph.put(node.nodeId(), neighborIds(node));
        }
        for (Set<Long> neighbors : graph.values()) {
            if (!graph.keySet().containsAll(neighbors)) {
                return false;
            }
        }
        Set<Long> reached = new HashSet<>();
        Deque<Long> frontier = new ArrayDeque<>();
        long first = graph.keySet().iterator().next();
        frontier.add(first);
        reached.add(first);
        while (!frontier.isEmpty()) {
            for (long next : graph.get(frontier.poll())) {
                if (reached.add(next)) {
                    frontier.add(next);
                }
            }
        }
        return reached.size() == graph.size();
    }

    @Override
    public void close() {
        for (MeshNode node : nodes) {
            node.abort();
        }
    }
}
