package dev.peermesh.resolver.multicast;

import dev.peermesh.InvalidSettingException;
import io.netty.util.NetUtil;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Picks the network interface the resolver joins the group on: the configured one (by name or address), else the
 * first interface that is up, multicast-capable, not loopback, not point-to-point and has an address of the
 * group's family, else loopback (nodes on this host only).
 */
final class MulticastInterface {

    private MulticastInterface() {
    }

    static NetworkInterface choose(@Nullable String configured, InetAddress group) {
        try {
            return configured != null ? named(configured) : firstUsable(group);
        }
        catch (SocketException ex) {
            throw new IllegalStateException("Could not list network interfaces for the multicast resolver ("
                    + ex.getMessage() + "); set peermesh.resolver.multicast.network-interface", ex);
        }
    }

    private static NetworkInterface named(String configured) throws SocketException {
        NetworkInterface found = NetworkInterface.getByName(configured);
        byte[] address = NetUtil.createByteArrayFromIpAddressString(configured);
        if (found == null && address != null) {
            try {
                found = NetworkInterface.getByInetAddress(InetAddress.getByAddress(address));
            }
            catch (UnknownHostException ex) {
                found = null;
            }
        }
        if (found == null || !found.isUp()) {
            throw new InvalidSettingException("resolver.multicast.network-interface", "'" + configured + "'",
                    (found == null ? "no such interface" : "the interface is down") + "; give one of "
                    + names() + " or one of its addresses");
        }
        return found;
    }

    private static NetworkInterface firstUsable(InetAddress group) throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && nic.supportsMulticast() && !nic.isLoopback() && !nic.isPointToPoint()
                    && !nic.isVirtual() && hasFamily(nic, group)) {
                return nic;
            }
        }
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && nic.isLoopback()) {
                return nic;
            }
        }
        throw new IllegalStateException("No network interface is up for the multicast resolver; set "
                + "peermesh.resolver.multicast.network-interface");
    }

    private static boolean hasFamily(NetworkInterface nic, InetAddress group) {
        Class<? extends InetAddress> family = group instanceof Inet6Address ? Inet6Address.class : Inet4Address.class;
        return Collections.list(nic.getInetAddresses()).stream().anyMatch(family::isInstance);
    }

    private static List<String> names() throws SocketException {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream().map(NetworkInterface::getName)
                .sorted().toList();
    }
}
