package dev.peermesh.sample.topology;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The latest topology report of every node heard from, forgotten {@code expiry} after it was received, and at most
 * {@code maxNodes} of them (the longest silent is dropped first). Thread-safe.
 *
 * <p>{@code if (map.accept(report)) { stream.publish("topology", map.graph(self)); }}
 */
public final class TopologyMap {

    private final Clock clock;

    private final Duration expiry;

    private final int maxNodes;

    /** By node id, in order of last report: the first entry is the longest silent. */
    private final LinkedHashMap<String, Entry> reports = new LinkedHashMap<>();

    public TopologyMap(Clock clock, Duration expiry, int maxNodes) {
        this.clock = clock;
        this.expiry = expiry;
        this.maxNodes = maxNodes;
    }

    /** Records a report; returns whether the picture changed (a new node, other neighbors, another address). */
    public synchronized boolean accept(TopologyReport report) {
        boolean expired = expire();
        Entry previous = reports.remove(report.nodeId());
        reports.put(report.nodeId(), new Entry(report, clock.millis()));
        while (reports.size() > maxNodes) {
            Map.Entry<String, Entry> eldest = reports.entrySet().iterator().next();
            reports.remove(eldest.getKey());
        }
        return expired || previous == null || !previous.report.equals(report);
    }

    /** Forgets the nodes silent for longer than the expiry; returns whether any was forgotten. */
    public synchronized boolean expire() {
        long oldest = clock.millis() - expiry.toMillis();
        return reports.values().removeIf(entry -> entry.receivedAt < oldest);
    }

    /** The picture now, marking {@code self} as this node. */
    public synchronized MeshGraph graph(String self) {
        expire();
        long now = clock.millis();
        Map<String, MeshGraph.Node> nodes = new LinkedHashMap<>();
        Set<MeshGraph.Edge> edges = new LinkedHashSet<>();
        for (Entry entry : reports.values()) {
            TopologyReport report = entry.report;
            nodes.put(report.nodeId(), new MeshGraph.Node(report.nodeId(), shortId(report.nodeId()), report.httpUrl(),
                    report.nodeId().equals(self), true, now - entry.receivedAt));
        }
        for (Entry entry : reports.values()) {
            String from = entry.report.nodeId();
            for (String neighbor : entry.report.neighbors()) {
                nodes.computeIfAbsent(neighbor,
                        id -> new MeshGraph.Node(id, shortId(id), null, id.equals(self), false, -1));
                edges.add(from.compareTo(neighbor) < 0 ? new MeshGraph.Edge(from, neighbor)
                        : new MeshGraph.Edge(neighbor, from));
            }
        }
        List<MeshGraph.Node> sorted = new ArrayList<>(nodes.values());
        sorted.sort(Comparator.comparing(MeshGraph.Node::id));
        List<MeshGraph.Edge> sortedEdges = new ArrayList<>(edges);
        sortedEdges.sort(Comparator.comparing(MeshGraph.Edge::a).thenComparing(MeshGraph.Edge::b));
        return new MeshGraph(self, List.copyOf(sorted), List.copyOf(sortedEdges));
    }

    /** Nodes with a report kept. */
    public synchronized int size() {
        return reports.size();
    }

    private static String shortId(String id) {
        return id.length() > 6 ? id.substring(0, 6) : id;
    }

    private record Entry(TopologyReport report, long receivedAt) {
    }
}
