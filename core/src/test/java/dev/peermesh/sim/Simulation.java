package dev.peermesh.sim;

import dev.peermesh.MeshMessage;
import dev.peermesh.MessageId;
import dev.peermesh.NodeId;
import dev.peermesh.PeerAddress;
import dev.peermesh.protocol.link.MeshKey;
import dev.peermesh.protocol.MeshEvent;
import dev.peermesh.protocol.Timer;
import dev.peermesh.wire.Frame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * A deterministic discrete-event simulation of a mesh: thousands of real {@link dev.peermesh.protocol.MeshProtocol}
 * instances and their dissemination strategies in one thread, on a {@link SimNetwork}, in virtual time. No thread,
 * no sleep, no clock: one {@link EventQueue} ordered by (time, insertion sequence) and one seeded random source for
 * every choice (node ids, latencies, contacts, failures; each protocol gets {@code new Random(seed ^ index)} for its
 * nonces and picks), so the same seed gives the same run.
 *
 * <p>{@code Simulation sim = new Simulation(config); sim.join(1_000, 10); sim.settle(60_000);
 * Broadcast b = sim.publish(sim.randomLive()); sim.runFor(2_000);}
 */
final class Simulation {

    static final int FRAME = 1;
    static final int CONNECT = 2;
    static final int CLOSED = 3;
    static final int TIMER = 4;
    static final int RESOLVED = 5;
    static final int CALLBACK = 6;
    static final int PROCESS = 7;

    /** The topic every simulated message goes to. */
    static final String TOPIC = "sim";

    private static final byte[] PAYLOAD = "simulated payload".getBytes(StandardCharsets.UTF_8);

    /** PBKDF2 is slow by design: one key per mesh id and password for the whole JVM. */
    private static final Map<String, MeshKey> KEYS = new ConcurrentHashMap<>();

    final SimConfig config;
    final MeshKey key;
    final SplittableRandom random;
    final EventQueue queue = new EventQueue();
    final SimNetwork network;
    final Broadcasts broadcasts = new Broadcasts(queue);
    final Traffic traffic = new Traffic();

    /** Where repairs come from, when {@link #traceTrees()} turned it on; else null. */
    TreeTrace trace;

    private final List<SimNode> nodes = new ArrayList<>();
    private final LiveNodes live;
    private long eventsRun;
    private BiConsumer<SimNode, MeshMessage> deliveryListener = (node, message) -> { };
    private BiConsumer<SimNode, MeshEvent> eventListener = (node, event) -> { };

    Simulation(SimConfig config) {
        this.config = config;
        this.key = KEYS.computeIfAbsent(config.settings.meshId() + "\n" + config.settings.password(),
                k -> MeshKey.derive(config.settings.meshId(), config.settings.password()));
        this.random = new SplittableRandom(config.seed);
        this.network = new SimNetwork(this, queue, random);
        this.live = new LiveNodes(nodes, random);
    }

    // ---- nodes ------------------------------------------------------------------------------------------------

    /** A new node, not yet started, at the next synthetic address {@code 10.x.y.z:7400}. */
    SimNode addNode() {
        int index = nodes.size();
        int n = index + 1;
        PeerAddress address = new PeerAddress("10." + (n >>> 16 & 0xFF) + "." + (n >>> 8 & 0xFF) + "." + (n & 0xFF),
                7400);
        SimNode node = new SimNode(this, index, NodeId.random(random), address);
        nodes.add(node);
        network.attach(node);
        return node;
    }

    /** Adds a node and starts it: it resolves contacts and dials them. */
    SimNode startNode() {
        SimNode node = addNode();
        start(node);
        return node;
    }

    void start(SimNode node) {
        if (node.status != SimNode.Status.CREATED) {
            throw new IllegalStateException(node + " cannot start again; add a new node instead");
        }
        node.status = SimNode.Status.RUNNING;
        node.startedAt = now();
        live.add(node);
        node.protocol.start();
    }

    /** Kills a node: it does nothing more, and each of its links' peers learns of it after a latency. */
    void crash(SimNode node) {
        if (stop(node, SimNode.Status.CRASHED)) {
            network.drop(node);
        }
    }

    /** Kills {@code fraction} of the live nodes, chosen at random, at the same instant. */
    List<SimNode> crash(double fraction) {
        List<SimNode> victims = live.random((int) Math.round(fraction * live.count()));
        for (SimNode victim : victims) {
            crash(victim);
        }
        return victims;
    }

    /** Stops a node gracefully: its protocol says goodbye to every neighbor, with referrals. */
    void leave(SimNode node) {
        if (node.running()) {
            node.protocol.leave();
            stop(node, SimNode.Status.LEFT);
            network.drop(node);
        }
    }

    private boolean stop(SimNode node, SimNode.Status status) {
        if (!node.running()) {
            return false;
        }
        node.status = status;
        node.stoppedAt = now();
        live.remove(node);
        return true;
    }

    SimNode node(int index) {
        return nodes.get(index);
    }

    /** Every node ever added, by index. */
    List<SimNode> nodes() {
        return List.copyOf(nodes);
    }

    int liveCount() {
        return live.count();
    }

    /** The running nodes, in index order. */
    List<SimNode> liveNodes() {
        return live.sorted();
    }

    /** A running node chosen at random. */
    SimNode randomLive() {
        return live.random();
    }

    /** Addresses of up to {@code max} distinct running nodes other than {@code except} (which may be null). */
    List<PeerAddress> randomLiveAddresses(int max, SimNode except) {
        return live.addresses(max, except);
    }

    // ---- messages ---------------------------------------------------------------------------------------------

    /** Publishes a message from {@code origin} now; the returned record fills in as the run goes on. */
    Broadcast publish(SimNode origin) {
        return publish(origin, PAYLOAD);
    }

    /** Publishes {@code payload} from {@code origin} now; the returned record fills in as the run goes on. */
    Broadcast publish(SimNode origin, byte[] payload) {
        if (!origin.running()) {
            throw new IllegalStateException(origin + " cannot publish: it is not running");
        }
        long sequence = ++origin.sequence;
        Broadcast broadcast = broadcasts.open(new MessageId(origin.id, sequence), origin, now(), live.count() - 1);
        origin.protocol.publish(sequence, TOPIC, Map.of(), payload, 0);
        return broadcast;
    }

    /** Starts tracing where payloads and pulls go ({@link TreeTrace}); answers the trace. */
    TreeTrace traceTrees() {
        if (trace == null) {
            trace = new TreeTrace();
        }
        return trace;
    }

    /** Also tells {@code listener} of every delivery, as it happens. */
    void onDelivery(BiConsumer<SimNode, MeshMessage> listener) {
        this.deliveryListener = listener;
    }

    /** Also tells {@code listener} of every membership event, as it happens. */
    void onEvent(BiConsumer<SimNode, MeshEvent> listener) {
        this.eventListener = listener;
    }

    void delivered(SimNode node, MeshMessage message) {
        broadcasts.delivered(node, message);
        deliveryListener.accept(node, message);
    }

    void event(SimNode node, MeshEvent event) {
        eventListener.accept(node, event);
    }

    // ---- joining ----------------------------------------------------------------------------------------------

    /**
     * Starts {@code count} nodes one at a time, {@code spacingMillis} apart; each finds its first contacts through
     * the contact service, as a node does through its resolver.
     */
    List<SimNode> join(int count, long spacingMillis) {
        List<SimNode> joined = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            joined.add(startNode());
            runFor(spacingMillis);
        }
        return joined;
    }

    /**
     * Runs until every running node has at least the minimum number of neighbors, looking once per maintenance
     * interval, for at most {@code maxMillis}.
     *
     * @return the virtual milliseconds it took, or -1 when the mesh had not settled by then
     */
    long settle(long maxMillis) {
        long start = now();
        int min = config.settings.neighbors().min();
        boolean settled = runUntil(() -> everyLiveNodeHas(min), config.settings.maintenanceInterval().toMillis(),
                maxMillis);
        return settled ? now() - start : -1;
    }

    /** Whether every running node has at least {@code neighbors} neighbors. */
    boolean everyLiveNodeHas(int neighbors) {
        for (SimNode node : nodes) {
            if (node.running() && node.neighbors < neighbors) {
                return false;
            }
        }
        return true;
    }

    // ---- running ----------------------------------------------------------------------------------------------

    /** The virtual time, in milliseconds. */
    long now() {
        return queue.now();
    }

    /** Events carried out so far. */
    long eventsRun() {
        return eventsRun;
    }

    void runFor(long millis) {
        runUntil(now() + millis);
    }

    /** Carries out every event due up to {@code time}, then leaves the clock at {@code time}. */
    void runUntil(long time) {
        for (EventQueue.Event event; (event = queue.poll(time)) != null; ) {
            eventsRun++;
            dispatch(event);
        }
    }

    /**
     * Runs, checking {@code done} every {@code checkEveryMillis}, until it holds or {@code maxMillis} passed.
     *
     * @return whether {@code done} held
     */
    boolean runUntil(BooleanSupplier done, long checkEveryMillis, long maxMillis) {
        long deadline = now() + maxMillis;
        while (!done.getAsBoolean()) {
            if (now() >= deadline) {
                return false;
            }
            runUntil(Math.min(deadline, now() + checkEveryMillis));
        }
        return true;
    }

    /** Runs {@code action} at virtual time {@code time} (not before now), between the nodes' events. */
    void at(long time, Runnable action) {
        queue.add(time, CALLBACK, -1, 0, action);
    }

    void schedule(SimNode node, Timer timer, long delayMillis) {
        queue.add(now() + delayMillis, TIMER, node.index, 0, timer);
    }

    /** Has {@code node} read its inbox again at {@code time}: it is busy until then. */
    void processLater(SimNode node, long time) {
        queue.add(time, PROCESS, node.index, 0, null);
    }

    void resolve(SimNode node, int max) {
        queue.add(now() + network.latency(), RESOLVED, node.index, max, null);
    }

    private void dispatch(EventQueue.Event event) {
        if (event.kind == CALLBACK) {
            ((Runnable) event.payload).run();
            return;
        }
        SimNode node = nodes.get(event.node);
        if (!node.running()) {
            return; // a dead node's events stop
        }
        switch (event.kind) {
            case FRAME -> {
                if (config.chargesService()) {
                    node.arrive((int) event.link, (Frame) event.payload);
                }
                else {
                    network.onFrame(node, (int) event.link, (Frame) event.payload);
                }
            }
            case CONNECT -> network.onConnect(node, (PeerAddress) event.payload);
            case CLOSED -> {
                if (config.chargesService()) {
                    node.arrive((int) event.link, null); // after the frames read before it
                }
                else {
                    network.onClosed(node, (int) event.link);
                }
            }
            case PROCESS -> node.process();
            case TIMER -> node.protocol.onTimer((Timer) event.payload);
            case RESOLVED -> node.protocol.onResolved(config.contacts.contacts(this, node, (int) event.link));
            default -> throw new IllegalStateException("Unknown event kind " + event.kind);
        }
    }
}
