package dev.peermesh.protocol;

import dev.peermesh.MeshMessage;
import dev.peermesh.MeshSettings;
import dev.peermesh.Neighbor;
import dev.peermesh.NodeState;
import dev.peermesh.PeerAddress;
import dev.peermesh.PropagationFilter;
import dev.peermesh.dissemination.DisseminationFactory;
import dev.peermesh.dissemination.DuplicateCache;
import dev.peermesh.dissemination.Flooding;
import dev.peermesh.protocol.link.MeshKey;
import dev.peermesh.security.OriginVerifier;
import dev.peermesh.wire.Frame;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * Real {@link MeshProtocol} instances joined by pretend TCP links, in one thread and without a clock. Every action a
 * protocol asks for (a dial, a frame, a close) is queued; {@link #pump()} carries the queue out, in order, until
 * nothing is left, so the nodes run their real handshakes against each other. Frames on one link arrive in the order
 * they were sent and before the link's close, as on TCP. Timers and resolver requests are only recorded: a test fires
 * them ({@link #tick}, {@link #keepalive}, {@link #resolved}) when it wants them. Dissemination timers (announcement
 * batches, graft retries) keep their delays on a pretend clock that only {@link #fireDisseminationTimers} moves.
 *
 * <p>Nodes flood by default; {@link #node(long, MeshSettings, MeshKey, DisseminationFactory)} gives a node another
 * strategy, such as the broadcast tree of {@code Disseminations.of(settings, filter)}.
 *
 * <p>{@code InMemoryMesh mesh = new InMemoryMesh(KEY); Node a = mesh.node(1); Node b = mesh.node(2);
 * mesh.start(a, b); mesh.resolved(a, b);}
 */
final class InMemoryMesh {

    static final String MESH_ID = "test-mesh";

    /** Steps before {@link #pump()} gives up: a protocol that never settles is a bug worth a clear failure. */
    private static final int MAX_STEPS = 1_000_000;

    private final MeshKey key;

    private final Map<PeerAddress, Node> byAddress = new HashMap<>();
    private final Map<Long, End> ends = new HashMap<>();
    private final Deque<Step> queue = new ArrayDeque<>();
    private final Set<Long> held = new HashSet<>();
    private final Map<Long, List<Step>> parked = new LinkedHashMap<>();
    private final Set<Node> silenced = new HashSet<>();
    private final Set<Node> killed = new HashSet<>();
    private final PriorityQueue<PendingTimer> disseminationTimers = new PriorityQueue<>();
    private long nextLinkId = 1;
    private long nextTimer;
    private long now;

    InMemoryMesh(MeshKey key) {
        this.key = key;
    }

    /** Default settings of the test mesh: WCF's 2/3/7 neighbors. */
    static MeshSettings.Builder settings() {
        // No join walks: the tests here build exact topologies; Overlay's walks get their own tests.
        return MeshSettings.builder(MESH_ID).joinWalkLength(0);
    }

    // ---- nodes ------------------------------------------------------------------------------------------------

    /** A node with default settings, listening on an address made from its id. */
    Node node(long id) {
        return node(id, settings().build(), key);
    }

    /** A node with the given neighbor bounds. */
    Node node(long id, int min, int ideal, int max) {
        return node(id, settings().neighbors(min, ideal, max).build(), key);
    }

    /** A flooding node. */
    Node node(long id, MeshSettings settings, MeshKey nodeKey) {
        return node(id, settings, nodeKey, flooding(settings));
    }

    /** A node that spreads messages with the given strategy. */
    Node node(long id, MeshSettings settings, MeshKey nodeKey, DisseminationFactory dissemination) {
        return node(id, settings, nodeKey, dissemination, OriginVerifier.NONE);
    }

    /** A node that checks messages with {@code verifier} (its id must be the one its signing key gives). */
    Node node(long id, MeshSettings settings, MeshKey nodeKey, DisseminationFactory dissemination,
            OriginVerifier verifier) {
        PeerAddress address = new PeerAddress("10.0." + (id >>> 8 & 0xFF) + "." + (id & 0xFF), 7400);
        Node node = new Node(id, address, settings, nodeKey, dissemination, verifier);
        byAddress.put(address, node);
        return node;
    }

    /** Flooding with a duplicate cache sized by the settings: what every node of this mesh used to run. */
    static DisseminationFactory flooding(MeshSettings settings) {
        return sink -> new Flooding(new DuplicateCache(settings.duplicateCache().origins(), 300), PropagationFilter.ALL,
                sink);
    }

    /** Passes every frame {@code node} sends through {@code alteration} on its way: a relay that tampers. */
    void tamper(Node node, UnaryOperator<Frame> alteration) {
        node.outgoing = alteration;
    }

    /** Makes {@code alias} another address that reaches {@code node}, as {@code localhost} reaches 127.0.0.1. */
    void alias(Node node, PeerAddress alias) {
        byAddress.put(alias, node);
    }

    /** Starts the nodes, then carries out what they asked for. */
    void start(Node... nodes) {
        for (Node node : nodes) {
            node.protocol.start();
        }
        pump();
    }

    /** Answers a node's resolver request with the addresses of {@code peers}. */
    void resolved(Node node, Node... peers) {
        node.protocol.onResolved(Arrays.stream(peers).map(Node::address).toList());
        pump();
    }

    /** Answers a node's resolver request with these addresses. */
    void resolved(Node node, PeerAddress... addresses) {
        node.protocol.onResolved(List.of(addresses));
        pump();
    }

    /** Fires a node's maintenance timer. */
    void tick(Node node) {
        node.protocol.onTimer(Timer.MAINTENANCE);
        pump();
    }

    /** Fires a node's keepalive timer. */
    void keepalive(Node node) {
        node.protocol.onTimer(Timer.KEEPALIVE);
        pump();
    }

    /** Lets the node's frames vanish on the way, as from a hung process whose TCP connections stay open. */
    void silence(Node node) {
        silenced.add(node);
    }

    /** Kills a node: its links drop without a word, dials to it fail and its timers never fire. */
    void kill(Node node) {
        killed.add(node);
        byAddress.values().removeIf(n -> n == node);
        for (End end : List.copyOf(ends.values())) {
            if (end.node == node && !end.closing) {
                end.closing = true;
                end.notified = true; // a dead process hears nothing
                queue.add(new Closed(end.peer));
            }
        }
        pump();
    }

    /** Holds back everything bound for this end of a link (frames and its close) until {@link #release}. */
    void hold(long end) {
        held.add(end);
    }

    /** Delivers what was held back for this end, in order, and pumps. */
    void release(long end) {
        unhold(end);
        pump();
    }

    /** Queues what was held back for this end, in order, without pumping. */
    void unhold(long end) {
        held.remove(end);
        List<Step> steps = parked.remove(end);
        if (steps != null) {
            queue.addAll(steps);
        }
    }

    /**
     * Moves the pretend clock {@code millis} on, firing on the way, in the order they fall due, the dissemination
     * timers of live nodes, including those scheduled meanwhile, and pumping after each.
     */
    void fireDisseminationTimers(long millis) {
        long until = now + millis;
        int fired = 0;
        while (!disseminationTimers.isEmpty() && disseminationTimers.peek().due <= until) {
            if (++fired > MAX_STEPS) {
                throw new AssertionError("Dissemination timers kept firing: " + MAX_STEPS + " within " + millis
                        + " ms");
            }
            PendingTimer timer = disseminationTimers.poll();
            now = timer.due;
            if (!killed.contains(timer.node)) {
                timer.node.protocol.onTimer(timer.timer);
                pump();
            }
        }
        now = until;
    }

    // ---- links ------------------------------------------------------------------------------------------------

    /** Links between two nodes that neither end has seen close: {@code from}'s end of each. */
    List<Long> openLinks(Node from, Node to) {
        List<Long> out = new ArrayList<>();
        for (End end : ends.values()) {
            End peer = ends.get(end.peer);
            if (end.node == from && peer.node == to && !end.notified && !peer.notified) {
                out.add(end.id);
            }
        }
        out.sort(null);
        return out;
    }

    /** {@code from}'s end of every link it ever had with {@code to}, oldest first. */
    List<Long> allLinks(Node from, Node to) {
        List<Long> out = new ArrayList<>();
        for (End end : ends.values()) {
            if (end.node == from && ends.get(end.peer).node == to) {
                out.add(end.id);
            }
        }
        out.sort(null);
        return out;
    }

    /** The end of the link that faces {@code end}. */
    long peerEnd(long end) {
        return ends.get(end).peer;
    }

    // ---- running ----------------------------------------------------------------------------------------------

    /** Carries out queued actions until none is left. */
    void pump() {
        pumpUntil(() -> false);
    }

    /** Carries out queued actions one by one until {@code done} holds or none is left. */
    void pumpUntil(BooleanSupplier done) {
        int steps = 0;
        while (!queue.isEmpty() && !done.getAsBoolean()) {
            if (++steps > MAX_STEPS) {
                throw new AssertionError("The mesh did not settle within " + MAX_STEPS + " steps");
            }
            run(queue.poll());
        }
    }

    private void run(Step step) {
        if (step instanceof Connect connect) {
            Node target = byAddress.get(connect.address);
            if (target == null) {
                connect.from.protocol.onDialFailed(connect.address, "connection refused");
                return;
            }
            End out = new End(nextLinkId++, connect.from);
            End in = new End(nextLinkId++, target);
            out.peer = in.id;
            in.peer = out.id;
            ends.put(out.id, out);
            ends.put(in.id, in);
            connect.from.protocol.onLinkOpened(out.id, connect.address);
            target.protocol.onLinkOpened(in.id, null);
        }
        else if (step instanceof Deliver deliver) {
            End end = ends.get(deliver.end);
            if (park(deliver.end, step) || end.closing) {
                return;
            }
            end.node.protocol.onFrame(end.id, deliver.frame);
        }
        else if (step instanceof Closed closed) {
            End end = ends.get(closed.end);
            if (park(closed.end, step) || end.notified) {
                return;
            }
            end.closing = true;
            end.notified = true;
            end.node.protocol.onLinkClosed(end.id);
        }
    }

    private boolean park(long end, Step step) {
        if (held.contains(end)) {
            parked.computeIfAbsent(end, e -> new ArrayList<>()).add(step);
            return true;
        }
        return false;
    }

    // ---- types ------------------------------------------------------------------------------------------------

    private sealed interface Step {
    }

    private record Connect(Node from, PeerAddress address) implements Step {
    }

    private record Deliver(long end, Frame frame) implements Step {
    }

    private record Closed(long end) implements Step {
    }

    /** A dissemination timer on the pretend clock; timers due at the same time fire in the order they were set. */
    private record PendingTimer(Node node, Timer timer, long due, long order) implements Comparable<PendingTimer> {

        @Override
        public int compareTo(PendingTimer other) {
            int byDue = Long.compare(due, other.due);
            return byDue != 0 ? byDue : Long.compare(order, other.order);
        }
    }

    /** One node's end of a pretend TCP link. */
    private static final class End {

        final long id;
        final Node node;
        long peer;
        /** The owner closed it or learned it closed: nothing more is read. */
        boolean closing;
        /** The owner was told {@code onLinkClosed}. */
        boolean notified;

        End(long id, Node node) {
            this.id = id;
            this.node = node;
        }
    }

    /** A protocol instance in the mesh, with what it asked for recorded. */
    final class Node implements Actions {

        final long id;
        final PeerAddress address;
        final MeshSettings settings;
        final RecordingActions actions;
        final MeshProtocol protocol;
        UnaryOperator<Frame> outgoing = UnaryOperator.identity();

        Node(long id, PeerAddress address, MeshSettings settings, MeshKey nodeKey,
                DisseminationFactory dissemination, OriginVerifier verifier) {
            this.id = id;
            this.address = address;
            this.settings = settings;
            this.actions = new RecordingActions(this);
            this.protocol = new MeshProtocol(settings, id, address, nodeKey, new Random(id), actions, dissemination,
                    verifier);
        }

        PeerAddress address() {
            return address;
        }

        NodeState state() {
            return protocol.state(true, 0, 0, 0);
        }

        List<Long> neighborIds() {
            return state().neighbors().stream().map(Neighbor::nodeId).toList();
        }

        Optional<Neighbor> neighbor(Node other) {
            return state().neighbors().stream().filter(n -> n.nodeId() == other.id).findFirst();
        }

        // Actions: queue what the protocol asks of the world.

        @Override
        public void send(long link, Frame frame) {
            End end = ends.get(link);
            if (end == null || end.closing || silenced.contains(this)) {
                return;
            }
            queue.add(new Deliver(end.peer, outgoing.apply(frame)));
        }

        @Override
        public void close(long link) {
            End end = ends.get(link);
            if (end == null || end.closing) {
                return;
            }
            end.closing = true;
            queue.add(new Closed(end.id));
            queue.add(new Closed(end.peer));
        }

        @Override
        public void dial(PeerAddress address) {
            queue.add(new Connect(this, address));
        }

        @Override
        public long now() {
            return now; // the pretend clock dissemination timers run on
        }

        @Override
        public void schedule(Timer timer, long delayMillis) {
            // recorded by RecordingActions; tests fire timers themselves, dissemination timers on the pretend clock
            if (timer.kind() == Timer.Kind.DISSEMINATION) {
                disseminationTimers.add(new PendingTimer(this, timer, now + delayMillis, nextTimer++));
            }
        }

        @Override
        public void resolve(int maxAddresses) {
            // recorded by RecordingActions; tests answer with InMemoryMesh.resolved
        }

        @Override
        public void deliver(MeshMessage message) {
            // recorded by RecordingActions
        }

        @Override
        public void event(MeshEvent event) {
            // recorded by RecordingActions
        }

        @Override
        public String toString() {
            return "node " + id + "@" + address;
        }
    }
}
