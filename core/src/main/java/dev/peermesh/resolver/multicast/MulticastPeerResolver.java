package dev.peermesh.resolver.multicast;

import dev.peermesh.PeerAddress;
import dev.peermesh.log.PeerText;
import dev.peermesh.resolver.PeerRegistration;
import dev.peermesh.resolver.PeerResolver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zero-configuration discovery on a LAN: registered nodes announce themselves on a UDP multicast group (at once and
 * every announce interval), every resolver remembers what it hears per mesh for a while, and a resolve that knows
 * no peer asks the group and waits briefly for members to answer. With the mesh password
 * ({@link MulticastSettings#meshPassword()}) datagrams carry a MAC and those without a valid one are ignored; without
 * it they are not authenticated. Either way the mesh handshake still decides who links. The format is in
 * {@code docs/resolvers.md}.
 *
 * <p>Without a configured interface it joins on the first interface that is up, multicast-capable, not loopback
 * and has an address of the group's family, else on loopback. It owns two daemon threads (receiver and announcer)
 * and two sockets, released by {@link #close()}.
 *
 * <p>{@code MeshNode.builder(settings).resolver(new MulticastPeerResolver(MulticastSettings.builder().build()))}
 */
public final class MulticastPeerResolver implements PeerResolver {

    private static final Logger log = LoggerFactory.getLogger(MulticastPeerResolver.class);

    private final MulticastSettings settings;

    private final GroupSocket socket;

    private final PeerCache cache;

    /** Meshes registered or resolved here: the cache makes room for them first. */
    private final Set<String> wanted = ConcurrentHashMap.newKeySet();

    private final Announcer announcer;

    private final GroupListener listener;

    private final Thread receiver;

    private volatile boolean closed;

    /**
     * Joins the group and starts listening.
     *
     * @throws IllegalStateException when the group cannot be joined, saying which setting to change
     * @throws dev.peermesh.InvalidSettingException when the configured interface does not exist or is down
     */
    public MulticastPeerResolver(MulticastSettings settings) {
        this.settings = settings;
        this.cache = new PeerCache(settings.maxMeshes(), settings.maxPeersPerMesh(), settings.peerExpiry().toNanos(),
                System::nanoTime);
        DatagramKeys keys = new DatagramKeys(settings.meshPassword(), wanted);
        this.socket = GroupSocket.open(settings, keys);
        this.announcer = new Announcer(socket, settings.announceInterval());
        this.listener = new GroupListener(socket, cache, wanted, keys, announcer::answer);
        this.receiver = new Thread(listener, "peermesh-multicast-receiver");
        receiver.setDaemon(true);
        receiver.start();
        log.debug("Multicast resolver listening on {}", socket.describe());
    }

    /** Announces the node at once and every announce interval, and asks the group who else is in its mesh. */
    @Override
    public void register(PeerRegistration registration) {
        wanted.add(registration.meshId());
        announcer.announce(registration);
        announcer.send(Datagram.query(registration.meshId(), registration.nodeId()));
    }

    /** Announces the node again, registering it if it was not. */
    @Override
    public void refresh(PeerRegistration registration) {
        wanted.add(registration.meshId());
        announcer.announce(registration);
    }

    /** Stops announcing the node and tells the group it left, so peers forget it at once. */
    @Override
    public void unregister(PeerRegistration registration) {
        cache.forget(registration.meshId(), registration.nodeId());
        announcer.withdraw(registration);
    }

    /** Stops announcing the node, without a goodbye: peers forget it when it has been silent for the expiry. */
    @Override
    public void abandon(PeerRegistration registration) {
        announcer.silence(registration);
    }

    /**
     * A random sample of the peers heard in the mesh, possibly including this resolver's own nodes. When it knows
     * no other peer, sends a query and waits up to the query timeout for the first answer.
     */
    @Override
    public List<PeerAddress> resolve(String meshId, int maxAddresses) {
        if (wanted.size() < settings.maxMeshes()) {
            wanted.add(meshId);
        }
        else if (settings.meshPassword() != null && !wanted.contains(meshId)) {
            // no key is derived for it (max-meshes bounds the keys too), so no answer could be authenticated
            log.debug("Not resolving mesh '{}' over multicast: this resolver already uses max-meshes ({}) meshes",
                    PeerText.escape(meshId), settings.maxMeshes());
            return List.of();
        }
        List<PeerAddress> own = announcer.addresses(meshId);
        List<PeerAddress> peers = cache.peers(meshId);
        if (own.containsAll(peers)) {
            announcer.send(Datagram.query(meshId, 0));
            try {
                peers = cache.await(meshId, live -> !own.containsAll(live),
                        System.nanoTime() + settings.queryTimeout().toNanos());
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                peers = cache.peers(meshId);
            }
        }
        List<PeerAddress> shuffled = new ArrayList<>(peers);
        Collections.shuffle(shuffled);
        return List.copyOf(shuffled.subList(0, Math.min(Math.max(0, maxAddresses), shuffled.size())));
    }

    /** The settings this resolver was built with. */
    public MulticastSettings settings() {
        return settings;
    }

    /** What this resolver has seen on the group. */
    public MulticastCounters counters() {
        return new MulticastCounters(listener.received.get(), listener.malformed.get(), listener.foreign.get(),
                listener.unauthenticated.get(), cache.dropped(), announcer.queriesAnswered.get(),
                announcer.sendFailures.get());
    }

    /** Says goodbye for every node still registered, then leaves the group and stops its threads. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        announcer.close();
        socket.close();
        receiver.interrupt();
        try {
            receiver.join(TimeUnit.SECONDS.toMillis(2));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "MulticastPeerResolver[" + socket.describe() + "]";
    }
}
