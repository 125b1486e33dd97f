package dev.peermesh.resolver.multicast;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A multicast group of its own for one test, on the loopback interface: real multicast through the kernel that
 * never leaves the host and needs no network. Linux delivers multicast on {@code lo} when a socket names it as its
 * multicast interface, although {@code lo} lacks the MULTICAST flag, so nothing on the host is changed. A random
 * group and port keep concurrent test runs apart.
 */
final class TestGroup implements AutoCloseable {

    final String group;

    final int port;

    private final NetworkInterface loopback;

    private final DatagramChannel raw;

    TestGroup() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        this.group = "239.255." + random.nextInt(1, 255) + "." + random.nextInt(1, 255);
        this.port = freeUdpPort();
        this.loopback = loopback();
        try {
            this.raw = DatagramChannel.open(StandardProtocolFamily.INET)
                    .setOption(StandardSocketOptions.IP_MULTICAST_IF, loopback)
                    .setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Settings for a resolver on this group, on loopback, with test-speed announcements and a long expiry. */
    MulticastSettings.Builder settings() {
        return MulticastSettings.builder().group(group).port(port).networkInterface(loopback.getName())
                .announceInterval(Duration.ofMillis(200)).queryTimeout(Duration.ofMillis(500))
                .peerExpiry(Duration.ofSeconds(30));
    }

    /** Sends bytes to the group as they are, like a foreign or broken sender would. */
    void sendRaw(ByteBuffer bytes) {
        try {
            raw.send(bytes, new InetSocketAddress(group, port));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    void sendRaw(Datagram datagram) {
        sendRaw(datagram.encode());
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }

    private static NetworkInterface loopback() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && nic.isLoopback()) {
                    return nic;
                }
            }
        }
        catch (SocketException ex) {
            throw new UncheckedIOException(ex);
        }
        throw new IllegalStateException("No loopback interface is up; the multicast resolver tests need one");
    }

    static int freeUdpPort() {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
