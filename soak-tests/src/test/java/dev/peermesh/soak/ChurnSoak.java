package dev.peermesh.soak;

import dev.peermesh.CatchUpSettings;
import dev.peermesh.DeliveryOrder;
import dev.peermesh.DisseminationMode;
import dev.peermesh.MeshNode;
import dev.peermesh.MeshSettings;
import dev.peermesh.MessageId;
import dev.peermesh.PeerAddress;
import dev.peermesh.PublishRejectedException;
import dev.peermesh.resolver.StaticPeerResolver;

import java.io.IOException;
import java.net.InetSocketAddress;
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

    /** Nano time the last publish was done: {@link Long#MAX_VALUE} until then. */
    private volatile long publishedUntil = Long.MAX_VALUE;

    /** What went wrong on the publisher and churn threads: rethrown by {@link #churn()}. */
    private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());

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
    void form() {
        for (int slot = 0; slot < plan.nodes(); slot++) {
            start(slot);
        }
        await().atMost(FORMING).until(() -> {
            for (Incarnation life : currentLives()) {
                MeshNode node = life.node();
                if (node.neighborCount() < node.settings().neighbors().min()) {
                    return false;
                }
            }
            return true;
        });
    }

    /**
     * Publishes for the plan's warm-up and length, nodes departing and returning after the warm-up; returns when the
     * last publish is done and the last departed node has started again.
     */
    void churn() throws InterruptedException {
        List<Thread> publishers = new ArrayList<>();
        for (int p = 0; p < plan.publishers(); p++) {
            int publisher = p;
            Thread thread = new Thread(() -> guarded(() -> publish(publisher)), "soak-publisher-" + p);
            thread.setDaemon(true);
            publishers.add(thread);
        }
        ScheduledExecutorService churn = Executors.newScheduledThreadPool(2);
        try {
            measuredFrom = System.nanoTime() + plan.warmup().toNanos();
            publishers.forEach(Thread::start);
            long every = plan.departEvery().toMillis();
            churn.scheduleAtFixedRate(() -> guarded(() -> departOne(churn)), plan.warmup().toMillis() + every,
                    every, TimeUnit.MILLISECONDS);
            for (Thread thread : publishers) {
                thread.join();
            }
            publishedUntil = System.nanoTime();
        }
        finally {
            churn.shutdown(); // no more departures; the restarts already scheduled still run
            if (!churn.awaitTermination(plan.downtime().toMillis() + 30_000, TimeUnit.MILLISECONDS)) {
                churn.shutdownNow();
            }
        }
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError("the soak's publishers or departures failed: " + failures);
            failures.forEach(error::addSuppressed);
            throw error;
        }
    }

    /** The account, with its latency figures sorted (slower: for the end of the run). */
    SoakAccount account() {
        return account(true);
    }

    /** Whether the account is complete, without the latency figures: cheap enough to poll. */
    boolean complete() {
        return account(false).complete();
    }

    private SoakAccount account(boolean latencies) {
        int[] counts = new int[plan.publishers()];
        for (int p = 0; p < counts.length; p++) {
            counts[p] = published.get(p);
        }
        List<Incarnation> snapshot;
        synchronized (lives) {
            snapshot = List.copyOf(lives);
        }
        return SoakAccount.of(plan, snapshot, counts, publishedIds, publishedUntil, latencies);
    }

    synchronized int departures() {
        return departures;
    }

    /** Messages each publisher published. */
    int published(int publisher) {
        return published.get(publisher);
    }

    /** Aborts every node the soak started (aborting a stopped one does nothing). */
    @Override
    public void close() {
        synchronized (lives) {
            for (Incarnation life : lives) {
                life.node().abort();
            }
        }
    }

    private synchronized List<Incarnation> currentLives() {
        return List.of(current);
    }

    /** Runs a publisher's or the churn's step, keeping what it throws for {@link #churn()} to report. */
    private void guarded(Runnable step) {
        try {
            step.run();
        }
        catch (RuntimeException | Error ex) {
            failures.add(ex);
        }
    }

    private void start(int slot) {
        // FIFO without catch-up (the defaults, set here because the account relies on them: a node delivers an
        // origin's messages in order from the first it delivered, or reports the missing ones lost)
        MeshSettings settings = MeshSettings.builder(MESH).bindAddress("127.0.0.1").port(ports[slot])
                .password(PASSWORD).dissemination(mode).ordering(DeliveryOrder.FIFO).catchUp(CatchUpSettings.OFF)
                .build();
        List<PeerAddress> seeds = new ArrayList<>();
        for (int s = 0; s < (slot < plan.stable() ? Math.min(1, slot) : plan.stable()); s++) {
            seeds.add(new PeerAddress("127.0.0.1", ports[s]));
        }
        MeshNode node = MeshNode.builder(settings).resolver(new StaticPeerResolver(seeds)).build();
        Incarnation life = new Incarnation(slot, node, plan.publishers(), () -> measuredFrom);
        lives.add(life); // before the start: close() aborts it whatever happens next
        node.start();
        synchronized (this) {
            current[slot] = life; // after the start: a departure never aborts a node still starting
        }
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
        MeshNode node = currentLives().get(publisherSlot(publisher)).node();
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

    /**
     * Ports below the ephemeral range (Linux: from 32,768), free when the soak starts: a departed node starts again on
     * its port a second later, and a port the system hands out for outgoing connections could be taken by then.
     */
    private static int[] freePorts(int count) {
        int[] ports = new int[count];
        int found = 0;
        int start = 20_000 + new Random().nextInt(10_000);
        for (int port = start; found < count && port < 32_768; port++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress("127.0.0.1", port));
                ports[found++] = port;
            }
            catch (IOException taken) {
                // in use: the next one
            }
        }
        if (found < count) {
            throw new IllegalStateException("only " + found + " free ports from " + start + " to 32767; the soak needs "
                    + count);
        }
        return ports;
    }

}
