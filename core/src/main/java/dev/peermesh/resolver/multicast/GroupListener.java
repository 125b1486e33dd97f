package dev.peermesh.resolver.multicast;

import dev.peermesh.PeerAddress;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiver thread's loop: reads datagrams from the group, ignores and counts what is malformed, foreign or,
 * with the mesh password, unauthenticated,
 * remembers announcements, forgets goodbyes, and hands queries on to be answered. Nothing it reads can throw out
 * of it or grow memory beyond the cache's bounds.
 */
final class GroupListener implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(GroupListener.class);

    private final GroupSocket socket;

    private final PeerCache cache;

    private final Set<String> wanted;

    private final Consumer<String> onQuery;

    final AtomicLong received = new AtomicLong();

    final AtomicLong malformed = new AtomicLong();

    final AtomicLong foreign = new AtomicLong();

    final AtomicLong unauthenticated = new AtomicLong();

    private final DatagramKeys keys;

    GroupListener(GroupSocket socket, PeerCache cache, Set<String> wanted, DatagramKeys keys,
            Consumer<String> onQuery) {
        this.keys = keys;
        this.socket = socket;
        this.cache = cache;
        this.wanted = wanted;
        this.onQuery = onQuery;
    }

    @Override
    public void run() {
        // One byte more than the longest valid datagram, so a longer one shows as too long instead of cut short.
        ByteBuffer buffer = ByteBuffer.allocate(Datagram.MAX_LENGTH + 1);
        while (!Thread.currentThread().isInterrupted()) {
            buffer.clear();
            SocketAddress from;
            try {
                from = socket.receive(buffer);
            }
            catch (ClosedChannelException ex) {
                return;
            }
            catch (IOException ex) {
                log.warn("Multicast resolver could not receive on {}: {}", socket.describe(), ex.toString());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                continue;
            }
            received.incrementAndGet();
            try {
                handle(Datagram.decode(buffer.flip(), keys), from);
            }
            catch (MalformedDatagramException ex) {
                (ex.unauthenticated() ? unauthenticated : ex.foreign() ? foreign : malformed).incrementAndGet();
                log.debug("Ignored a datagram from {} on {}: {}", from, socket.describe(), ex.getMessage());
            }
            catch (RuntimeException ex) {
                malformed.incrementAndGet();
                log.debug("Ignored a datagram from {} on {}: {}", from, socket.describe(), ex.toString());
            }
        }
    }

    private void handle(Datagram datagram, SocketAddress from) {
        switch (datagram.type()) {
            case ANNOUNCE -> {
                PeerAddress address = reachable(datagram.address(), from);
                if (keys.enabled() && !address.equals(datagram.address())) {
                    // the source the wildcard is replaced with is not covered by the MAC: a replay from elsewhere
                    // would point the cache at the replaying host
                    unauthenticated.incrementAndGet();
                    log.debug("Ignored an announcement of a wildcard address from {}: not covered by its MAC", from);
                    return;
                }
                cache.heard(datagram.meshId(), datagram.nodeId(), address, wanted);
            }
            case GOODBYE -> cache.forget(datagram.meshId(), datagram.nodeId());
            case QUERY -> onQuery.accept(datagram.meshId());
        }
    }

    /** A node bound to a wildcard address may announce it; the datagram's source is where it can be reached. */
    private static PeerAddress reachable(PeerAddress announced, SocketAddress from) {
        byte[] host = io.netty.util.NetUtil.createByteArrayFromIpAddressString(announced.host());
        if (host == null || !(from instanceof InetSocketAddress source)) {
            return announced;
        }
        try {
            if (InetAddress.getByAddress(host).isAnyLocalAddress()) {
                return new PeerAddress(source.getAddress().getHostAddress(), announced.port());
            }
        }
        catch (java.net.UnknownHostException ex) {
            // a literal NetUtil accepted: cannot happen
        }
        return announced;
    }
}
