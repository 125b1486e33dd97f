package dev.peermesh.resolver.multicast;

import dev.peermesh.PeerAddress;
import dev.peermesh.resolver.PeerRegistration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nodes registered with one resolver and everything sent for them: an announcement every interval on a daemon
 * thread of its own, answers to queries for their meshes, and goodbyes.
 *
 * <p>A node's goodbye is the last datagram sent for it: announcements are sent under the same lock that withdraws a
 * node, so one already under way on the announcer thread cannot overtake the goodbye and bring the node back to
 * life in every peer's cache until it expires.
 */
final class Announcer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Announcer.class);

    /** Least time between two answers for one mesh, so a flood of queries cannot make us flood the group. */
    private static final long MIN_ANSWER_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final GroupSender socket;

    private final Object sending = new Object();

    private final Map<List<Object>, PeerRegistration> registrations = new ConcurrentHashMap<>();

    private final Map<String, Long> lastAnswer = new ConcurrentHashMap<>();

    private final Set<String> answerPending = ConcurrentHashMap.newKeySet();

    private final ScheduledExecutorService thread;

    final AtomicLong queriesAnswered = new AtomicLong();

    final AtomicLong sendFailures = new AtomicLong();

    Announcer(GroupSender socket, Duration interval) {
        this.socket = socket;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread announcer = new Thread(runnable, "peermesh-multicast-announcer");
            announcer.setDaemon(true);
            return announcer;
        });
        thread.scheduleAtFixedRate(this::announceAll, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Keeps announcing the node, and announces it now. */
    void announce(PeerRegistration registration) {
        synchronized (sending) {
            registrations.put(key(registration), registration);
            send(Datagram.announce(registration.meshId(), registration.nodeId(), registration.address()));
        }
    }

    /** Stops announcing the node and says goodbye for it. */
    void withdraw(PeerRegistration registration) {
        synchronized (sending) {
            registrations.remove(key(registration));
            send(Datagram.goodbye(registration.meshId(), registration.nodeId(), registration.address()));
        }
    }

    /** Stops announcing the node, saying nothing. */
    void silence(PeerRegistration registration) {
        synchronized (sending) {
            registrations.remove(key(registration));
        }
    }

    /** Addresses of the nodes registered here in the mesh. */
    List<PeerAddress> addresses(String meshId) {
        return registrations.values().stream().filter(r -> r.meshId().equals(meshId))
                .map(PeerRegistration::address).toList();
    }

    /**
     * Answers a query for a mesh with nodes registered here: at once, or, when it answered less than the gap ago,
     * once the gap has passed (one deferred answer per mesh however many queries arrive meanwhile).
     */
    void answer(String meshId) {
        if (addresses(meshId).isEmpty()) {
            return;
        }
        Long last = lastAnswer.get(meshId);
        long wait = last == null ? 0 : last + MIN_ANSWER_GAP_NANOS - System.nanoTime();
        if (wait <= 0) {
            announceMesh(meshId);
        }
        else if (answerPending.add(meshId)) {
            try {
                thread.schedule(() -> {
                    answerPending.remove(meshId);
                    announceMesh(meshId);
                }, wait, TimeUnit.NANOSECONDS);
            }
            catch (RejectedExecutionException ex) {
                answerPending.remove(meshId);
            }
        }
    }

    /**
     * Sends a datagram to the group.
     *
     * @throws UncheckedIOException saying where it could not be sent and what to check
     */
    void send(Datagram datagram) {
        try {
            socket.send(datagram);
        }
        catch (IOException ex) {
            sendFailures.incrementAndGet();
            throw new UncheckedIOException("Could not send a " + datagram.type() + " for mesh '" + datagram.meshId()
                    + "' to " + socket.describe() + " (" + ex.getMessage() + "); check "
                    + "peermesh.resolver.multicast.network-interface", ex);
        }
    }

    /** Stops announcing and says goodbye for every node still registered. */
    @Override
    public void close() {
        thread.shutdownNow();
        synchronized (sending) {
            for (PeerRegistration registration : registrations.values()) {
                sendQuietly(Datagram.goodbye(registration.meshId(), registration.nodeId(), registration.address()));
            }
            registrations.clear();
        }
    }

    private void announceMesh(String meshId) {
        lastAnswer.put(meshId, System.nanoTime());
        queriesAnswered.incrementAndGet();
        synchronized (sending) {
            for (PeerRegistration registration : registrations.values()) {
                if (registration.meshId().equals(meshId)) {
                    sendQuietly(Datagram.announce(meshId, registration.nodeId(), registration.address()));
                }
            }
        }
    }

    private void announceAll() {
        synchronized (sending) {
            for (PeerRegistration registration : registrations.values()) {
                sendQuietly(Datagram.announce(registration.meshId(), registration.nodeId(), registration.address()));
            }
        }
        lastAnswer.keySet().removeIf(meshId -> addresses(meshId).isEmpty());
    }

    private void sendQuietly(Datagram datagram) {
        try {
            send(datagram);
        }
        catch (RuntimeException ex) {
            // a failed periodic send must not end the schedule: the next interval tries again
            log.debug("Multicast send failed: {}", ex.getMessage());
        }
    }

    private static List<Object> key(PeerRegistration registration) {
        return List.of(registration.meshId(), registration.nodeId());
    }
}
