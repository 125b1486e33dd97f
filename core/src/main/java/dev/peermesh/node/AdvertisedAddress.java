package dev.peermesh.node;

import dev.peermesh.MeshSettings;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/**
 * Works out the host a node advertises when none is configured: the bind address when it is a specific one,
 * otherwise the first IPv4 address of an interface that is up and not loopback, otherwise loopback.
 */
final class AdvertisedAddress {

    private AdvertisedAddress() {
    }

    static String host(MeshSettings settings, InetAddress bound) {
        if (settings.advertisedHost() != null) {
            return settings.advertisedHost();
        }
        if (!bound.isAnyLocalAddress()) {
            return bound.getHostAddress();
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback() || nic.isVirtual()) {
                    continue;
                }
                for (InetAddress candidate : Collections.list(nic.getInetAddresses())) {
                    if (candidate instanceof Inet4Address && !candidate.isLinkLocalAddress()) {
                        return candidate.getHostAddress();
                    }
                }
            }
        }
        catch (SocketException ex) {
            // fall through to loopback
        }
        return InetAddress.getLoopbackAddress().getHostAddress();
    }
}
