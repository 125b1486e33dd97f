package dev.peermesh.protocol;

import dev.peermesh.DisseminationMode;
import dev.peermesh.MeshMessage;
import dev.peermesh.MeshSettings;
import dev.peermesh.PeerAddress;
import dev.peermesh.PropagationFilter;
import dev.peermesh.dissemination.Disseminations;
import dev.peermesh.protocol.link.MeshKey;
import dev.peermesh.wire.Frame;

import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Bytes the protocol allocates per message delivered: a few real {@link MeshProtocol} nodes, fully joined by pretend
 * links in one thread, each publishing 1 KiB messages in turn; every frame handed to {@code onFrame} and every timer
 * fired is measured with the thread's allocation counter ({@code com.sun.management.ThreadMXBean}). The harness's
 * own queue and timers are arrays filled once, so what is counted is the protocol's receive and relay path (and the
 * frames it makes to send). Not part of the build; the figures of docs/benchmarks.md's "Primitive maps (issue 17)":
 *
 * <p>{@code java -cp core/target/test-classes:core/target/classes:$(cat cp.txt)
 * dev.peermesh.protocol.DeliveryAllocation --nodes 3 --mode tree --messages 300000}
 */
final class DeliveryAllocation {

    private static final MeshKey KEY = MeshKey.derive("alloc", "s3cret!Pass");

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final List<Node> nodes;

    private final Map<PeerAddress, Node> byAddress = new HashMap<>();

    private final long maintenanceMillis;

    private final long keepaliveMillis;

    /** Link ends by id: the node holding the end and the id of the other end. */
    private Node[] endNode = new Node[64];

    private long[] endPeer = new long[64];

    /**
     * The first link id. A node numbers its links from 1 and on, every dial and accepted connection one more, so a
     * node that has run a while (and every node of the simulator, which numbers links across all nodes) has ids past
     * 127, the last {@code Long} the JDK keeps boxed in advance.
     */
    private final long firstLink;

    private long nextLinkId;

    /** Every this many DATA frames one is lost on the way (0: none), so that the tree repairs by pulling. */
    private int dropEvery;

    private long dataFrames;

    /** Frames in flight, a ring of (end, frame): filled once, so queueing allocates nothing. */
    private long[] queuedEnds = new long[1 << 16];

    private Frame[] queuedFrames = new Frame[1 << 16];

    private int head;

    private int count;

    private final ArrayDeque<Object[]> setup = new ArrayDeque<>();

    /** Dissemination timers pending: (node, timer, due), a handful at most. */
    private Node[] timerNodes = new Node[64];

    private Timer[] timers = new Timer[64];

    private long[] timerDue = new long[64];

    private int timerCount;

    private long now;

    private long nextMaintenance;

    private long nextKeepalive;

    /** Bytes allocated in onFrame and onTimer while measuring. */
    private long frameBytes;

    private long timerBytes;

    private long framesHandled;

    private boolean measuring;

    private DeliveryAllocation(int size, DisseminationMode mode, long firstLink) {
        this.firstLink = firstLink;
        this.nextLinkId = firstLink;
        MeshSettings settings = MeshSettings.builder("alloc").dissemination(mode).joinWalkLength(0).build();
        this.maintenanceMillis = settings.maintenanceInterval().toMillis();
        this.keepaliveMillis = settings.keepalive().interval().toMillis();
        Node[] made = new Node[size];
        for (int i = 0; i < size; i++) {
            long id = 0x5EED_0000_0000_0000L + 7919L * (i + 1);
            PeerAddress address = new PeerAddress("10.0.0." + (i + 1), 7400);
            made[i] = new Node(id, address, settings);
            byAddress.put(address, made[i]);
        }
        this.nodes = List.of(made);
    }

    public static void main(String[] args) {
        int size = 3;
        DisseminationMode mode = DisseminationMode.TREE;
        int messages = 300_000;
        int perMillis = 20;
        long firstLink = 1;
        int dropEvery = 0;
        for (int i = 0; i < args.length - 1; i += 2) {
            switch (args[i]) {
                case "--nodes" -> size = Integer.parseInt(args[i + 1]);
                case "--mode" -> mode = DisseminationMode.valueOf(args[i + 1].toUpperCase());
                case "--messages" -> messages = Integer.parseInt(args[i + 1]);
                case "--per-ms" -> perMillis = Integer.parseInt(args[i + 1]);
                case "--first-link" -> firstLink = Long.parseLong(args[i + 1]);
                case "--drop-every" -> dropEvery = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        DeliveryAllocation harness = new DeliveryAllocation(size, mode, firstLink);
        harness.dropEvery = dropEvery;
        harness.join();
        harness.publish(messages, perMillis); // warm-up: caches fill, trees settle, the JIT compiles
        long delivered = harness.delivered();
        long started = System.nanoTime();
        harness.measuring = true;
        harness.publish(messages, perMillis);
        harness.measuring = false;
        double seconds = (System.nanoTime() - started) / 1e9;
        long deliveries = harness.delivered() - delivered;
        System.out.printf("%d nodes, %s, links from %d, every %d-th DATA frame lost, %d messages (%d per pretend ms),"
                + " %d remote deliveries in %.2f s:%n", size, mode, firstLink, dropEvery, messages, perMillis,
                deliveries, seconds);
        System.out.printf("  onFrame: %.1f bytes per delivery (%.2f frames per delivery)%n",
                (double) harness.frameBytes / deliveries, (double) harness.framesHandled / deliveries);
        System.out.printf("  onTimer: %.1f bytes per delivery%n", (double) harness.timerBytes / deliveries);
        System.out.printf("  both:    %.1f bytes per delivery%n",
                (double) (harness.frameBytes + harness.timerBytes) / deliveries);
        for (Node node : harness.nodes) {
            System.out.println("  " + node.protocol.state(true, 0, 0, 0).counters());
        }
    }

    private void join() {
        for (Node node : nodes) {
            node.protocol.start();
        }
        for (Node node : nodes) {
            node.protocol.onResolved(nodes.stream().filter(n -> n != node).map(n -> n.address).toList());
            pump();
        }
        for (int round = 0; round < 5; round++) {
            for (Node node : nodes) {
                node.protocol.onTimer(Timer.MAINTENANCE);
                pump();
            }
        }
    }

    private long delivered() {
        return nodes.stream().mapToLong(n -> n.delivered).sum();
    }

    private void publish(int messages, int perMillis) {
        byte[] payload = new byte[1024];
        new Random(1).nextBytes(payload);
        Map<String, String> headers = Map.of();
        for (int i = 0; i < messages; i++) {
            Node origin = nodes.get(i % nodes.size());
            origin.protocol.publish(++origin.sequence, "bench", headers, payload, 0);
            pump();
            if ((i + 1) % perMillis == 0) {
                advance(now + 1);
            }
        }
    }

    /** Moves the pretend clock on, firing due timers in order and carrying out what they send. */
    private void advance(long until) {
        while (true) {
            int next = -1;
            for (int t = 0; t < timerCount; t++) {
                if (timerDue[t] <= until && (next < 0 || timerDue[t] < timerDue[next])) {
                    next = t;
                }
            }
            if (next < 0) {
                break;
            }
            Node node = timerNodes[next];
            Timer timer = timers[next];
            now = Math.max(now, timerDue[next]);
            timerCount--;
            timerNodes[next] = timerNodes[timerCount];
            timers[next] = timers[timerCount];
            timerDue[next] = timerDue[timerCount];
            fire(node, timer);
        }
        now = until;
        if (now >= nextMaintenance) {
            nextMaintenance = now + maintenanceMillis;
            nodes.forEach(node -> fire(node, Timer.MAINTENANCE));
        }
        if (now >= nextKeepalive) {
            nextKeepalive = now + keepaliveMillis;
            nodes.forEach(node -> fire(node, Timer.KEEPALIVE));
        }
    }

    private void fire(Node node, Timer timer) {
        long before = measuring ? THREADS.getCurrentThreadAllocatedBytes() : 0;
        node.protocol.onTimer(timer);
        if (measuring) {
            timerBytes += THREADS.getCurrentThreadAllocatedBytes() - before;
        }
        pump();
    }

    /** Carries out queued frames (and, while joining, dials and closes) until none is left. */
    private void pump() {
        while (count > 0 || !setup.isEmpty()) {
            if (count > 0) {
                long end = queuedEnds[head];
                Frame frame = queuedFrames[head];
                queuedFrames[head] = null;
                head = (head + 1) & (queuedEnds.length - 1);
                count--;
                Node node = endNode[end(end)];
                if (frame instanceof Frame.Data && dropEvery > 0 && ++dataFrames % dropEvery == 0) {
                    continue; // lost on the way: the receiver pulls it when an announcement tells it of the gap
                }
                if (node != null) {
                    long before = measuring ? THREADS.getCurrentThreadAllocatedBytes() : 0;
                    node.protocol.onFrame(end, frame);
                    if (measuring) {
                        frameBytes += THREADS.getCurrentThreadAllocatedBytes() - before;
                        framesHandled++;
                    }
                }
                continue;
            }
            Object[] step = setup.poll();
            if (step[1] instanceof PeerAddress address) {
                connect((Node) step[0], address);
            }
            else {
                closed((long) step[1]);
            }
        }
    }

    private void connect(Node from, PeerAddress address) {
        Node target = byAddress.get(address);
        if (target == null) {
            from.protocol.onDialFailed(address, "connection refused");
            return;
        }
        long out = nextLinkId++;
        long in = nextLinkId++;
        if (end(in) >= endNode.length) {
            endNode = Arrays.copyOf(endNode, endNode.length * 2);
            endPeer = Arrays.copyOf(endPeer, endPeer.length * 2);
        }
        endNode[end(out)] = from;
        endNode[end(in)] = target;
        endPeer[end(out)] = in;
        endPeer[end(in)] = out;
        from.protocol.onLinkOpened(out, address);
        target.protocol.onLinkOpened(in, null);
    }

    private void closed(long end) {
        Node node = endNode[end(end)];
        if (node != null) {
            endNode[end(end)] = null;
            node.protocol.onLinkClosed(end);
        }
    }

    /** The slot of a link end in the arrays. */
    private int end(long link) {
        return (int) (link - firstLink);
    }

    private void enqueue(long end, Frame frame) {
        if (count == queuedEnds.length) {
            long[] ends = new long[count * 2];
            Frame[] frames = new Frame[count * 2];
            for (int i = 0; i < count; i++) {
                ends[i] = queuedEnds[(head + i) & (count - 1)];
                frames[i] = queuedFrames[(head + i) & (count - 1)];
            }
            queuedEnds = ends;
            queuedFrames = frames;
            head = 0;
        }
        int at = (head + count) & (queuedEnds.length - 1);
        queuedEnds[at] = end;
        queuedFrames[at] = frame;
        count++;
    }

    /** One protocol instance and what it asks of the pretend world. */
    private final class Node implements Actions {

        final long id;

        final PeerAddress address;

        final MeshProtocol protocol;

        long sequence;

        long delivered;

        Node(long id, PeerAddress address, MeshSettings settings) {
            this.id = id;
            this.address = address;
            this.protocol = new MeshProtocol(settings, id, address, KEY, new Random(id), this,
                    Disseminations.of(settings, PropagationFilter.ALL));
        }

        @Override
        public void send(long link, Frame frame) {
            if (endNode[end(link)] == this) {
                enqueue(endPeer[end(link)], frame);
            }
        }

        @Override
        public void deliver(MeshMessage message) {
            if (message.hops() > 0) {
                delivered++;
            }
        }

        @Override
        public void close(long link) {
            setup.add(new Object[] {this, link});
            setup.add(new Object[] {this, endPeer[end(link)]});
        }

        @Override
        public void dial(PeerAddress peer) {
            setup.add(new Object[] {this, peer});
        }

        @Override
        public void schedule(Timer timer, long delayMillis) {
            if (timer.kind() != Timer.Kind.DISSEMINATION) {
                return; // maintenance and keepalive fire by the harness's clock; handshakes do not time out here
            }
            if (timerCount == timers.length) {
                timerNodes = Arrays.copyOf(timerNodes, timerCount * 2);
                timers = Arrays.copyOf(timers, timerCount * 2);
                timerDue = Arrays.copyOf(timerDue, timerCount * 2);
            }
            timerNodes[timerCount] = this;
            timers[timerCount] = timer;
            timerDue[timerCount] = now + delayMillis;
            timerCount++;
        }

        @Override
        public long now() {
            return now;
        }

        @Override
        public void resolve(int maxAddresses) {
            // the harness resolves once, when joining
        }

        @Override
        public void event(MeshEvent event) {
            // membership events are not what is measured
        }
    }
}
