package dev.peermesh.resolver.multicast;

import dev.peermesh.InvalidSettingException;
import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Where and how often a {@link MulticastPeerResolver} announces and listens. Settings are named as their properties
 * below {@code peermesh.resolver.multicast.}; a bad value fails {@link Builder#build()} with an
 * {@link InvalidSettingException}.
 *
 * <p>{@code MulticastSettings.builder().networkInterface("eth0").announceInterval(Duration.ofSeconds(2)).build()}
 *
 * @param group the multicast group, an IPv4 or IPv6 multicast address
 * @param port the UDP port every member listens and sends on
 * @param networkInterface the interface's name or one of its addresses; {@code null} to pick one (see
 *     {@link MulticastPeerResolver})
 * @param ttl how many routers a datagram may cross; 1 keeps it on the local link
 * @param announceInterval how often a registered node announces itself
 * @param queryTimeout how long {@code resolve} waits for answers when it knows no peer
 * @param peerExpiry how long a peer is remembered after it last announced itself
 * @param maxPeersPerMesh most peers remembered per mesh
 * @param maxMeshes most meshes remembered
 * @param meshPassword the mesh password: datagrams then carry a MAC keyed from it (version 2) and ones without a
 *     valid MAC are ignored and counted; {@code null} for version 1, unauthenticated. Never shown by
 *     {@link #toString()}
 */
public record MulticastSettings(InetAddress group, int port, @Nullable String networkInterface, int ttl,
        Duration announceInterval, Duration queryTimeout, Duration peerExpiry, int maxPeersPerMesh, int maxMeshes,
        @Nullable String meshPassword) {

    @Override
    public String toString() {
        return "MulticastSettings[group=" + group.getHostAddress() + ", port=" + port + ", networkInterface="
                + networkInterface + ", ttl=" + ttl + ", announceInterval=" + announceInterval + ", queryTimeout="
                + queryTimeout + ", peerExpiry=" + peerExpiry + ", maxPeersPerMesh=" + maxPeersPerMesh
                + ", maxMeshes=" + maxMeshes + ", meshPassword=" + (meshPassword == null ? "none" : "***") + "]";
    }

    public static final String DEFAULT_GROUP = "239.255.74.74";

    public static final int DEFAULT_PORT = 7474;

    /** Starts settings with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds validated {@link MulticastSettings}. */
    public static final class Builder {

        private String group = DEFAULT_GROUP;
        private int port = DEFAULT_PORT;
        private @Nullable String networkInterface;
        private int ttl = 1;
        private Duration announceInterval = Duration.ofSeconds(5);
        private Duration queryTimeout = Duration.ofSeconds(1);
        private @Nullable Duration peerExpiry;
        private int maxPeersPerMesh = 256;
        private int maxMeshes = 64;
        private @Nullable String meshPassword;

        private Builder() {
        }

        /**
         * The mesh password, to authenticate datagrams (version 2): each carries a MAC keyed from it, and datagrams
         * without a valid one are ignored and counted. {@code null} (the default) sends and reads version 1,
         * unauthenticated; the two versions ignore each other.
         */
        public Builder meshPassword(@Nullable String password) { this.meshPassword = password; return this; }

        /** The multicast group; default {@value MulticastSettings#DEFAULT_GROUP} (IPv4 organisation-local). */
        public Builder group(String group) { this.group = group; return this; }

        /** The UDP port; default {@value MulticastSettings#DEFAULT_PORT}. */
        public Builder port(int port) { this.port = port; return this; }

        /** The interface, by name ({@code eth0}) or address; default: chosen (see {@link MulticastPeerResolver}). */
        public Builder networkInterface(@Nullable String networkInterface) {
            this.networkInterface = networkInterface;
            return this;
        }

        /** Routers a datagram may cross; default 1, the local link. 0 keeps it on this host. */
        public Builder ttl(int ttl) { this.ttl = ttl; return this; }

        /** How often a registered node announces itself; default 5 s. */
        public Builder announceInterval(Duration interval) { this.announceInterval = interval; return this; }

        /** How long an empty-handed resolve waits for answers to its query; default 1 s. */
        public Builder queryTimeout(Duration queryTimeout) { this.queryTimeout = queryTimeout; return this; }

        /** How long a silent peer is remembered; default 3 announce intervals. */
        public Builder peerExpiry(@Nullable Duration peerExpiry) { this.peerExpiry = peerExpiry; return this; }

        /** Most peers remembered per mesh; default 256. */
        public Builder maxPeersPerMesh(int max) { this.maxPeersPerMesh = max; return this; }

        /** Most meshes remembered; default 64. */
        public Builder maxMeshes(int max) { this.maxMeshes = max; return this; }

        /**
         * Validates and builds.
         *
         * @throws InvalidSettingException naming the setting, its value and what is allowed
         */
        public MulticastSettings build() {
            InetAddress address = multicastGroup();
            range("resolver.multicast.port", port, 1, 65535);
            if (networkInterface != null && networkInterface.isBlank()) {
                throw new InvalidSettingException("resolver.multicast.network-interface", "'" + networkInterface + "'",
                        "give an interface name (eth0) or one of its addresses, or leave it unset to pick one");
            }
            range("resolver.multicast.ttl", ttl, 0, 255);
            duration("resolver.multicast.announce-interval", announceInterval, Duration.ofMillis(10),
                    Duration.ofHours(1));
            duration("resolver.multicast.query-timeout", queryTimeout, Duration.ofMillis(1), Duration.ofMinutes(1));
            Duration expiry = peerExpiry != null ? peerExpiry
                    : announceInterval.multipliedBy(3);
            if (expiry == null || expiry.compareTo(announceInterval) <= 0 || expiry.compareTo(Duration.ofDays(1)) > 0) {
                throw new InvalidSettingException("resolver.multicast.peer-expiry", expiry, "give more than the "
                        + "announce interval (" + announceInterval + "), at most a day; 3 intervals is usual");
            }
            range("resolver.multicast.max-peers-per-mesh", maxPeersPerMesh, 1, 100_000);
            range("resolver.multicast.max-meshes", maxMeshes, 1, 10_000);
            if (meshPassword != null && meshPassword.isEmpty()) {
                throw new InvalidSettingException("password", "''", "give the mesh password, or none for "
                        + "unauthenticated datagrams");
            }
            return new MulticastSettings(address, port, networkInterface == null ? null : networkInterface.trim(), ttl,
                    announceInterval, queryTimeout, expiry, maxPeersPerMesh, maxMeshes, meshPassword);
        }

        private InetAddress multicastGroup() {
            byte[] bytes = group == null ? null : NetUtil.createByteArrayFromIpAddressString(group.trim());
            InetAddress address = null;
            try {
                address = bytes == null ? null : InetAddress.getByAddress(bytes);
            }
            catch (UnknownHostException ex) {
                // not an address: reported below
            }
            if (address == null || !address.isMulticastAddress()) {
                throw new InvalidSettingException("resolver.multicast.group", group == null ? null : "'" + group + "'",
                        "give an IPv4 or IPv6 multicast address, for example " + DEFAULT_GROUP + " or ff02::7474");
            }
            return address;
        }

        private static void range(String setting, int value, int min, int max) {
            if (value < min || value > max) {
                throw new InvalidSettingException(setting, value, "allowed: " + min + " to " + max);
            }
        }

        private static void duration(String setting, Duration value, Duration min, Duration max) {
            if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new InvalidSettingException(setting, value, "allowed: " + min + " to " + max);
            }
        }
    }
}
