package dev.peermesh.soak;

import dev.peermesh.DisseminationMode;
import dev.peermesh.MeshNode;
import dev.peermesh.MeshSettings;
import dev.peermesh.MessageId;
import dev.peermesh.PeerAddress;
import dev.peermesh.PublishRejectedException;
import dev.peermesh.resolver.StaticPeerResolver;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

import static org.awaitility.Awaitility.await;

/**
 * A churn soak: real nodes on loopback, each with its own port, event loop and sockets, in default settings but
 * for the dissemination mode. Node 0 is every node's seed; nodes 1 to {@code publishers} publish at a fixed rate;
 * the other stable nodes only listen; the remaining nodes depart one at a time ({@link Departure}) and start again,
 * with a new node id on the same port, after {@link SoakPlan#downtime()} — the seeds of a restarted node are the
 * stable nodes, as a resolver would give. Closing the soak aborts every node.
 */
final class ChurnSoak implements AutoCloseable {

    static final String TOPIC = "soak";

    private static final String MESH = "soak";

    private static final String PASSWORD = "Soak-Mesh-Pass-1";

    private static final Duration FORMING = Duration.ofSeconds(60);

    private final SoakPlan plan;

    private final DisseminationMode mode;

    private final Departure departure;

    private final int[] ports;

    private final Incarnation[] current;

    private final List<Incarnation> lives = Collections.synchronizedList(new ArrayList<>());

    private final Map<MessageId, SoakPayload> publishedIds = new ConcurrentHashMap<>();

    private final AtomicIntegerArray published;

    private final Random random;

    private int departures;

    /** Nano time the warm-up ends: {@link Long#MAX_VALUE} until the publishers start. */
    private volatile long measuredFrom = Long.MAX_VALUE;

    ChurnSoak(SoakPlan plan, DisseminationMode mode, Departure departure) {
        this.plan = plan;
        this.mode = mode;
        this.departure = departure;
        this.ports = freePorts(plan.nodes());
        this.current = new Incarnation[plan.nodes()];
        this.published = new AtomicIntegerArray(plan.publishers());
        this.random = new Random(plan.seed());
    }

    static int publisherSlot(int publisher) {
        return publisher + 1;
    }

    /** Starts every node and waits until each has its minimum of neighbors. */
    ChurnSoak form() {
        for (int slot = 0; slot < plan.nodes(); slot++) {
            start(slot);
        }
        await().atMost(FORMING).until(() -> {
            for (Incarnation life : current) {
                MeshNode node = life.node();
                if (node.neighborCount() < node.settings().neighbors().min()) {
                    return false;
                }
            }
            return true;
        });
        return this;
    }

    /**
     * Publishes for the plan's warm-up and length, nodes departing and returning after the warm-up; returns when the
     * last publish is done and the last departed node has started again.
     */
    void churn() throws InterruptedException {
        List<Thread> publishers = new ArrayList<>();
        for (int p = 0; p < plan.publishers(); p++) {
            int publisher = p;
            Thread thread = new Thread(() -> publish(publisher), "soak-publisher-" + p);
            thread.setDaemon(true);
            publishers.add(thread);
        }
        ScheduledExecutorService churn = Executors.newScheduledThreadPool(2);
        try {
            measuredFrom = System.nanoTime() + plan.warmup().toNanos();
            publishers.forEach(Thread::start);
            long every = plan.departEvery().toMillis();
            churn.scheduleAtFixedRate(() -> departOne(churn), plan.warmup().toMillis() + every, every,
                    TimeUnit.MILLISECONDS);
            for (Thread thread : publishers) {
                thread.join();
            }
        }
        finally {
            churn.shutdown(); // no more departures; the restarts already scheduled still run
            if (!churn.awaitTermination(plan.downtime().toMillis() + 30_000, TimeUnit.MILLISECONDS)) {
                churn.shutdownNow();
            }
        }
    }

    SoakAccount account() {
        int[] counts = new int[plan.publishers()];
        for (int p = 0; p < counts.length; p++) {
            counts[p] = published.get(p);
        }
        List<Incarnation> snapshot;
        synchronized (lives) {
            snapshot = List.copyOf(lives);
        }
        return SoakAccount.of(plan, snapshot, counts, publishedIds);
    }

    synchronized int departures() {
        return departures;
    }

    @Override
    public void close() {
        for (Incarnation life : current) {
            if (life != null) {
                life.node().abort();
            }
        }
    }

    private void start(int slot) {
        MeshSettings settings = MeshSettings.builder(MESH).bindAddress("127.0.0.1").port(ports[slot])
                .password(PASSWORD).dissemination(mode).build();
        List<PeerAddress> seeds = new ArrayList<>();
        for (int s = 0; s < (slot < plan.stable() ? Math.min(1, slot) : plan.stable()); s++) {
            seeds.add(new PeerAddress("127.0.0.1", ports[s]));
        }
        MeshNode node = MeshNode.builder(settings).resolver(new StaticPeerResolver(seeds)).build();
        Incarnation life = new Incarnation(slot, node, plan.publishers(), () -> measuredFrom);
        synchronized (this) {
            current[slot] = life;
        }
        lives.add(life);
        node.start();
    }

    private void departOne(ScheduledExecutorService churn) {
        Incarnation life;
        synchronized (this) {
            List<Integer> up = new ArrayList<>();
            for (int slot = plan.stable(); slot < plan.nodes(); slot++) {
                if (!current[slot].departed()) {
                    up.add(slot);
                }
            }
            if (up.isEmpty()) {
                return;
            }
            life = current[up.get(random.nextInt(up.size()))];
            departures++;
        }
        life.depart(departure);
        churn.schedule(() -> start(life.slot()), plan.downtime().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Paced publishing on a fixed schedule; a late message goes at once, push-back is waited out. */
    private void publish(int publisher) {
        MeshNode node = current[publisherSlot(publisher)].node();
        long interval = 1_000_000_000L / plan.rate();
        long next = System.nanoTime();
        for (int sequence = 0; sequence < plan.perPublisher(); sequence++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            next += interval;
            while (true) {
                try {
                    SoakPayload payload = new SoakPayload(publisher, sequence, System.nanoTime());
                    publishedIds.put(node.publish(TOPIC, payload.bytes(), Map.of()), payload);
                    break;
                }
                catch (PublishRejectedException ex) {
                    if (ex.cause() != PublishRejectedException.Cause.BACKPRESSURE) {
                        throw ex;
                    }
                    LockSupport.parkNanos(200_000);
                }
            }
            published.incrementAndGet(publisher);
        }
    }

    private static int[] freePorts(int count) {
        int[] ports = new int[count];
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException("no free port on this machine", ex);
        }
        finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                }
                catch (IOException ignored) {
                    // closing a socket nothing used
                }
            }
        }
        return ports;
    }
}
