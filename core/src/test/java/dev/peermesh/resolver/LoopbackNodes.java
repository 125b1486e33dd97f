package dev.peermesh.resolver;

import dev.peermesh.MeshNode;
import dev.peermesh.MeshSettings;
import dev.peermesh.Neighbor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Real mesh nodes on loopback for resolver tests: test-speed timers, a node started per call, all aborted on close.
 */
public final class LoopbackNodes implements AutoCloseable {

    private final String meshId;

    private final List<MeshNode> nodes = new ArrayList<>();

    public LoopbackNodes(String meshId) {
        this.meshId = meshId;
    }

    /** A TCP port free on 127.0.0.1 right now, for nodes whose port must be known before they start. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Starts a node on 127.0.0.1 and the given port (0 for any) that finds its peers through the resolver. */
    public MeshNode start(int port, PeerResolver resolver) {
        return start("127.0.0.1", port, resolver);
    }

    /** Starts a node on a loopback address (any of 127.0.0.0/8 on Linux) and port that uses the resolver. */
    public MeshNode start(String host, int port, PeerResolver resolver) {
        MeshSettings settings = MeshSettings.builder(meshId)
                .bindAddress(host)
                .port(port)
                .password("Resolver-Test-Pass-1")
                .handshakeTimeout(Duration.ofSeconds(3))
                .keepalive(Duration.ofMillis(500), 3)
                .maintenanceInterval(Duration.ofMillis(250))
                .leaveTimeout(Duration.ofSeconds(1))
                .build();
        MeshNode node = MeshNode.builder(settings).resolver(resolver).build();
        nodes.add(node);
        return node.start();
    }

    /** Whether every node has a neighbor and the links among the nodes connect all of them. */
    public static boolean connected(List<MeshNode> nodes) {
        Map<Long, Set<Long>> graph = new HashMap<>();
        for (MeshNode node : nodes) {
            Set<Long> neighbors = new HashSet<>();
            for (Neighbor neighbor : node.state().neighbors()) {
                neighbors.add(neighbor.nodeId());
            }
            if (neighbors.isEmpty()) {
                return false;
            }
            graph.put(node.nodeId(), neighbors);
        }
        Set<Long> reached = new HashSet<>();
        Deque<Long> frontier = new ArrayDeque<>(List.of(nodes.get(0).nodeId()));
        reached.add(nodes.get(0).nodeId());
        while (!frontier.isEmpty()) {
            for (long next : graph.getOrDefault(frontier.poll(), Set.of())) {
                if (graph.containsKey(next) && reached.add(next)) {
                    frontier.add(next);
                }
            }
        }
        return reached.size() == nodes.size();
    }

    @Override
    public void close() {
        for (MeshNode node : nodes) {
            node.abort();
        }
    }
}
