package dev.peermesh.test;

import dev.peermesh.MeshNode;
import dev.peermesh.MeshSettings;
import dev.peermesh.Neighbor;
import dev.peermesh.NodeId;
import dev.peermesh.PeerAddress;
import dev.peermesh.resolver.StaticPeerResolver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * A mesh of real nodes in this JVM, on loopback with ports the system picks, quick timers and a mesh id of its own:
 * what a test needs to publish to an application, or to hear what it publishes, without writing seeds and ports.
 * Each node after the first is seeded with those before it; {@link #awaitFormed()} waits until every node is linked
 * into one mesh. Closing stops every node.
 *
 * <p>{@code try (TestMesh mesh = TestMesh.start(3)) { mesh.node(0).publish("orders", "o-1", Map.of()); }}
 */
public final class TestMesh implements AutoCloseable {

    /** How long {@link #awaitFormed()} and {@link #awaitJoined(long)} wait unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final String meshId;

    private final @Nullable String password;

    private final List<MeshNode> nodes = new ArrayList<>();

    private TestMesh(String meshId, @Nullable String password) {
        this.meshId = meshId;
        this.password = password;
    }

    /** Starts a mesh of {@code nodes} nodes with the defaults (a fresh mesh id, a password) and waits until formed. */
    public static TestMesh start(int nodes) {
        return builder().nodes(nodes).start();
    }

    /** A mesh to configure. */
    public static Builder builder() {
        return new Builder();
    }

    /** The mesh's id. */
    public String meshId() {
        return meshId;
    }

    /** The mesh's password, or null for an open mesh. */
    public @Nullable String password() {
        return password;
    }

    /** The nodes, in the order they started. */
    public List<MeshNode> nodes() {
        return List.copyOf(nodes);
    }

    /** The {@code index}-th node. */
    public MeshNode node(int index) {
        return nodes.get(index);
    }

    /** How many nodes the mesh has. */
    public int size() {
        return nodes.size();
    }

    /** Where the nodes listen, {@code host:port} each: seeds for another node (an application) to join with. */
    public List<String> seeds() {
        List<String> seeds = new ArrayList<>(nodes.size());
        for (MeshNode node : nodes) {
            PeerAddress address = node.address();
            if (address != null) {
                seeds.add(address.toString());
            }
        }
        return seeds;
    }

    /**
     * Waits until every node has a neighbor and all of them are linked into one mesh (through one another or through
     * nodes outside the test mesh); a mesh of one node is formed once it runs.
     *
     * @throws IllegalStateException when that did not happen within {@link #DEFAULT_TIMEOUT}
     */
    public TestMesh awaitFormed() {
        return awaitFormed(DEFAULT_TIMEOUT);
    }

    /** Waits, at most {@code timeout}, until the mesh is formed; see {@link #awaitFormed()}. */
    public TestMesh awaitFormed(Duration timeout) {
        Waiting.until(timeout, this::formed, () -> "The test mesh '" + meshId + "' did not form within " + timeout
                + ": " + describe());
        return this;
    }

    /**
     * Waits until the node with this id (an application's, say) is a neighbor of one of the test mesh's nodes and
     * has a neighbor itself, so a publish from either side reaches the other.
     *
     * @throws IllegalStateException when it did not join within {@link #DEFAULT_TIMEOUT}
     */
    public TestMesh awaitJoined(long nodeId) {
        Waiting.until(DEFAULT_TIMEOUT, () -> nodes.stream().anyMatch(node -> node.state().neighbors().stream()
                .anyMatch(neighbor -> neighbor.nodeId() == nodeId)), () -> "Node " + NodeId.format(nodeId)
                + " did not join the test mesh '" + meshId + "' within " + DEFAULT_TIMEOUT + ": " + describe());
        return this;
    }

    /** Records what the {@code index}-th node delivers on topics matching the pattern, from now on. */
    public MessageRecorder record(int index, String topicPattern) {
        return MessageRecorder.on(node(index), topicPattern);
    }

    /** Stops every node, the last started first. */
    @Override
    public void close() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
    }

    private boolean formed() {
        if (nodes.size() == 1) {
            return nodes.get(0).isRunning(); // alone until something joins it
        }
        Map<Long, Long> parent = new HashMap<>();
        for (MeshNode node : nodes) {
            List<Neighbor> neighbors = node.state().neighbors();
            if (neighbors.isEmpty()) {
                return false;
            }
            for (Neighbor neighbor : neighbors) {
                union(parent, node.nodeId(), neighbor.nodeId());
            }
        }
        long root = find(parent, nodes.get(0).nodeId());
        return nodes.stream().allMatch(node -> find(parent, node.nodeId()) == root);
    }

    private static long find(Map<Long, Long> parent, long id) {
        long current = id;
        Long up;
        while ((up = parent.get(current)) != null && up != current) {
            current = up;
        }
        return current;
    }

    private static void union(Map<Long, Long> parent, long a, long b) {
        long rootA = find(parent, a);
        long rootB = find(parent, b);
        if (rootA != rootB) {
            parent.put(rootA, rootB);
        }
    }

    private String describe() {
        StringBuilder text = new StringBuilder();
        for (MeshNode node : nodes) {
            text.append(text.length() == 0 ? "" : "; ").append(NodeId.format(node.nodeId())).append(" at ")
                    .append(node.address()).append(" has ").append(node.state().neighbors().size())
                    .append(" neighbor(s)");
        }
        return text.toString();
    }

    /** Configures a {@link TestMesh}. */
    public static final class Builder {

        private int nodes = 3;

        private String meshId = "test-mesh-" + UUID.randomUUID().toString().substring(0, 8);

        private @Nullable String password = "Test-Mesh-Pass-" + UUID.randomUUID().toString().substring(0, 8);

        private Consumer<MeshSettings.Builder> settings = builder -> { };

        private Builder() {
        }

        /** How many nodes; 3 unless set. */
        public Builder nodes(int nodes) {
            if (nodes < 1 || nodes > 64) {
                throw new IllegalArgumentException("A test mesh has 1 to 64 nodes, not " + nodes);
            }
            this.nodes = nodes;
            return this;
        }

        /** The mesh id; a fresh {@code test-mesh-…} unless set, so tests running side by side never meet. */
        public Builder meshId(String meshId) {
            this.meshId = meshId;
            return this;
        }

        /** The mesh password; a fresh one unless set; null for an open mesh. */
        public Builder password(@Nullable String password) {
            this.password = password;
            return this;
        }

        /** Changes each node's settings after the kit's (loopback, port 0, quick timers). */
        public Builder settings(Consumer<MeshSettings.Builder> settings) {
            this.settings = settings;
            return this;
        }

        /** Starts the nodes and waits until they form one mesh. */
        public TestMesh start() {
            TestMesh mesh = new TestMesh(meshId, password);
            try {
                for (int i = 0; i < nodes; i++) {
                    MeshSettings.Builder builder = settings(meshId, password);
                    settings.accept(builder);
                    mesh.nodes.add(MeshNode.builder(builder.build())
                            .resolver(StaticPeerResolver.of(mesh.seeds().toArray(String[]::new))).build().start());
                }
                return mesh.awaitFormed();
            }
            catch (RuntimeException ex) {
                mesh.close();
                throw ex;
            }
        }

        /** The kit's settings for a node of the mesh: loopback, any port, timers quick enough for tests. */
        static MeshSettings.Builder settings(String meshId, @Nullable String password) {
            return MeshSettings.builder(meshId).bindAddress("127.0.0.1").port(0).password(password)
                    .maintenanceInterval(Duration.ofMillis(250)).keepalive(Duration.ofMillis(500), 3)
                    .leaveTimeout(Duration.ofSeconds(1));
        }
    }

    /** Looks at a condition every 20 ms until it holds or the time is up, as Awaitility does, without a library. */
    static final class Waiting {

        private static final long LOOK_EVERY_MILLIS = 20;

        private Waiting() {
        }

        static void until(Duration timeout, java.util.function.BooleanSupplier condition,
                java.util.function.Supplier<String> failure) {
            long deadline = System.nanoTime() + timeout.toNanos();
            Object monitor = new Object();
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException(failure.get());
                }
                synchronized (monitor) {
                    try {
                        monitor.wait(LOOK_EVERY_MILLIS);
                    }
                    catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("Interrupted while waiting: " + failure.get(), ex);
                    }
                }
            }
        }
    }
}
