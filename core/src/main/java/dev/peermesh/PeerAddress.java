package dev.peermesh;

import dev.peermesh.log.PeerText;

import java.util.Objects;

/**
 * Where a peer node listens: a host name or IP literal and a TCP port.
 *
 * <p>{@code PeerAddress.parse("10.0.0.7:7400")}
 *
 * @param host host name or IP address (IPv6 literals without brackets)
 * @param port TCP port, 1 to 65535
 */
public record PeerAddress(String host, int port) {

    /** Longest host name accepted, in UTF-8 bytes (the DNS limit, and the wire limit of the host field). */
    public static final int MAX_HOST_LENGTH = 255;

    public PeerAddress {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("Peer address host is blank; give a host name or IP address");
        }
        // Either would make toString() give text that parse() reads as another host (found by fuzzing).
        if (!host.equals(host.trim()) || !host.equals(host.strip())) {
            throw new IllegalArgumentException("Peer address host '" + PeerText.escape(host)
                    + "' has white space around it; give the host name or IP address alone");
        }
        // Peers send addresses (HELLO, referrals, resolver answers): a host name never holds a control character, and
        // refusing one here keeps every address printed later (logs, the actuator endpoint) on one clean line.
        if (!PeerText.escape(host, host.length()).equals(host)) {
            throw new IllegalArgumentException("Peer address host '" + PeerText.escape(host) + "' contains control "
                    + "characters or a backslash; give a host name or IP address");
        }
        if (host.indexOf('[') >= 0 || host.indexOf(']') >= 0) {
            throw new IllegalArgumentException("Peer address host '" + PeerText.escape(host)
                    + "' contains '[' or ']'; brackets only enclose an IPv6 address in host:port form, as in "
                    + "[fe80::1]:7400");
        }
        if (host.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_HOST_LENGTH) {
            throw new IllegalArgumentException("Peer address host '" + PeerText.escape(host, 32)
                    + "' is longer than " + MAX_HOST_LENGTH + " UTF-8 bytes");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Peer address port " + port + " for host '" + PeerText.escape(host)
                    + "' is out of range; use 1 to 65535");
        }
    }

    /**
     * Parses {@code host:port}, {@code [ipv6]:port} or a bare IPv6 literal followed by {@code :port}.
     *
     * @throws IllegalArgumentException naming the text and the expected form
     */
    public static PeerAddress parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.trim();
        int colon = trimmed.lastIndexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
            throw new IllegalArgumentException("Peer address '" + PeerText.escape(text)
                    + "' is not of the form host:port (for example 127.0.0.1:7400)");
        }
        String host = trimmed.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(trimmed.substring(colon + 1));
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("Peer address '" + PeerText.escape(text)
                    + "' has a port that is not a number; use host:port (for example 127.0.0.1:7400)");
        }
        return new PeerAddress(host, port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
