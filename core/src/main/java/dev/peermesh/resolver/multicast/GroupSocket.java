package dev.peermesh.resolver.multicast;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

import org.jspecify.annotations.Nullable;

/**
 * The resolver's two UDP sockets: one bound to the group's port and joined to the group on one interface, which
 * receives; one on an ephemeral port, which sends to the group with the configured TTL and loops datagrams back to
 * this host, so resolvers on one machine hear each other.
 */
final class GroupSocket implements GroupSender, AutoCloseable {

    private final InetSocketAddress group;

    private final NetworkInterface networkInterface;

    private final DatagramChannel receiver;

    private final DatagramChannel sender;

    private final DatagramKeys keys;

    private GroupSocket(InetSocketAddress group, NetworkInterface networkInterface, DatagramChannel receiver,
            DatagramChannel sender, DatagramKeys keys) {
        this.keys = keys;
        this.group = group;
        this.networkInterface = networkInterface;
        this.receiver = receiver;
        this.sender = sender;
    }

    /**
     * Joins the group.
     *
     * @throws IllegalStateException saying which group, port and interface could not be used, and what to set
     */
    static GroupSocket open(MulticastSettings settings, DatagramKeys keys) {
        NetworkInterface nic = MulticastInterface.choose(settings.networkInterface(), settings.group());
        ProtocolFamily family = settings.group() instanceof Inet6Address ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET;
        InetSocketAddress group = new InetSocketAddress(settings.group(), settings.port());
        DatagramChannel receiver = null;
        DatagramChannel sender = null;
        try {
            receiver = bind(family, group);
            receiver.join(settings.group(), nic);
            sender = DatagramChannel.open(family)
                    .setOption(StandardSocketOptions.IP_MULTICAST_IF, nic)
                    .setOption(StandardSocketOptions.IP_MULTICAST_TTL, settings.ttl())
                    .setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
            return new GroupSocket(group, nic, receiver, sender, keys);
        }
        catch (IOException | RuntimeException ex) {
            closeQuietly(receiver);
            closeQuietly(sender);
            throw new IllegalStateException("Could not join multicast group " + group + " on interface "
                    + nic.getName() + " (" + ex + "); set peermesh.resolver.multicast.network-interface to an"
                    + " interface "
                    + "with multicast, or another port", ex);
        }
    }

    /** Binds to the group address, so no other group's or unicast traffic to the port arrives; where the system
     * refuses that (Windows), to the wildcard address. */
    private static DatagramChannel bind(ProtocolFamily family, InetSocketAddress group) throws IOException {
        DatagramChannel channel = DatagramChannel.open(family).setOption(StandardSocketOptions.SO_REUSEADDR, true);
        try {
            return channel.bind(group);
        }
        catch (IOException ex) {
            channel.close();
            return DatagramChannel.open(family).setOption(StandardSocketOptions.SO_REUSEADDR, true)
                    .bind(new InetSocketAddress(group.getPort()));
        }
    }

    @Override
    public void send(Datagram datagram) throws IOException {
        sender.send(datagram.encode(keys), group);
    }

    /** Blocks until a datagram arrives; throws {@link java.nio.channels.ClosedChannelException} once closed. */
    SocketAddress receive(ByteBuffer into) throws IOException {
        return receiver.receive(into);
    }

    @Override
    public String describe() {
        return group + " on " + networkInterface.getName();
    }

    @Override
    public void close() {
        closeQuietly(receiver);
        closeQuietly(sender);
    }

    private static void closeQuietly(@Nullable DatagramChannel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        }
        catch (IOException ex) {
            // closing: nothing left to do
        }
    }
}
