package dev.peermesh.resolver.dns;

import dev.peermesh.InvalidSettingException;
import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link DnsPeerResolver} asks and whom. Settings are named as their properties below
 * {@code peermesh.resolver.dns.}; a bad value fails {@link Builder#build()} with an {@link InvalidSettingException}.
 *
 * <p>{@code DnsSettings.builder("orders").port(7400).servers(List.of("10.96.0.10:53")).build()}
 *
 * @param name the DNS name: a service name for A/AAAA, an SRV owner name such as
 *     {@code _peermesh._tcp.orders.default.svc.cluster.local}; short names go through the search domains
 * @param port the port nodes listen on, for A/AAAA records (SRV records carry their own)
 * @param recordType which records to ask for
 * @param servers name servers to ask in turn; empty for those of {@code /etc/resolv.conf}
 * @param searchDomains domains tried for short names; {@code null} for those of {@code /etc/resolv.conf}
 * @param queryTimeout how long one DNS query may take
 * @param resolveTimeout how long one {@code resolve} may take in all (search domains, CNAMEs, SRV targets)
 */
public record DnsSettings(String name, int port, DnsRecordType recordType, List<InetSocketAddress> servers,
        @Nullable List<String> searchDomains, Duration queryTimeout, Duration resolveTimeout) {

    /** Port assumed for A/AAAA records when none is set. */
    public static final int DEFAULT_PORT = 7400;

    /** Longest DNS name, in characters. */
    public static final int MAX_NAME_LENGTH = 253;

    public DnsSettings {
        servers = List.copyOf(servers);
        searchDomains = searchDomains == null ? null : List.copyOf(searchDomains);
    }

    /** Starts settings for this DNS name. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The record type actually queried: {@link DnsRecordType#A} or {@link DnsRecordType#SRV}. */
    public DnsRecordType effectiveRecordType() {
        return recordType.forName(name);
    }

    /** Builds validated {@link DnsSettings}. */
    public static final class Builder {

        private final String name;
        private int port = DEFAULT_PORT;
        private DnsRecordType recordType = DnsRecordType.AUTO;
        private List<String> servers = List.of();
        private @Nullable List<String> searchDomains;
        private Duration queryTimeout = Duration.ofSeconds(2);
        private Duration resolveTimeout = Duration.ofSeconds(5);

        private Builder(String name) {
            this.name = name;
        }

        /** The port nodes listen on, for A/AAAA records; default {@value DnsSettings#DEFAULT_PORT}. */
        public Builder port(int port) { this.port = port; return this; }

        /** Which records to ask for; default {@link DnsRecordType#AUTO}. */
        public Builder recordType(DnsRecordType recordType) { this.recordType = recordType; return this; }

        /** Name servers as {@code ip:port} ({@code [ipv6]:port}; port 53 when left out); default: the system's. */
        public Builder servers(List<String> servers) { this.servers = servers; return this; }

        /** Search domains for short names; {@code null} (the default) for those of {@code /etc/resolv.conf}. */
        public Builder searchDomains(@Nullable List<String> searchDomains) {
            this.searchDomains = searchDomains;
            return this;
        }

        /** How long one DNS query may take; default 2 s. */
        public Builder queryTimeout(Duration queryTimeout) { this.queryTimeout = queryTimeout; return this; }

        /** How long one resolve may take in all; default 5 s, at least the query timeout. */
        public Builder resolveTimeout(Duration resolveTimeout) { this.resolveTimeout = resolveTimeout; return this; }

        /**
         * Validates and builds.
         *
         * @throws InvalidSettingException naming the setting, its value and what is allowed
         */
        public DnsSettings build() {
            if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH || name.contains("..")) {
                throw new InvalidSettingException("resolver.dns.name", name == null ? null : "'" + name + "'",
                        "give a DNS name of 1 to " + MAX_NAME_LENGTH + " characters, for example 'orders' or "
                        + "'_peermesh._tcp.orders.default.svc.cluster.local'");
            }
            if (port < 1 || port > 65535) {
                throw new InvalidSettingException("resolver.dns.port", port, "allowed: 1 to 65535");
            }
            if (recordType == null) {
                throw new InvalidSettingException("resolver.dns.record-type", null, "use auto, a or srv");
            }
            List<InetSocketAddress> parsed = new ArrayList<>();
            for (String server : servers == null ? List.<String>of() : servers) {
                parsed.add(parseServer(server));
            }
            if (searchDomains != null && searchDomains.stream().anyMatch(d -> d == null || d.isBlank())) {
                throw new InvalidSettingException("resolver.dns.search-domains", searchDomains,
                        "give non-blank domains, for example 'default.svc.cluster.local'");
            }
            positive("resolver.dns.query-timeout", queryTimeout);
            positive("resolver.dns.resolve-timeout", resolveTimeout);
            if (resolveTimeout.compareTo(queryTimeout) < 0) {
                throw new InvalidSettingException("resolver.dns.resolve-timeout", resolveTimeout,
                        "give at least the query timeout (" + queryTimeout + ")");
            }
            return new DnsSettings(name.trim(), port, recordType, parsed, searchDomains, queryTimeout,
                    resolveTimeout);
        }

        private static void positive(String setting, Duration value) {
            if (value == null || value.isNegative() || value.isZero() || value.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new InvalidSettingException(setting, value, "give a duration above 0 and at most 5 minutes");
            }
        }

        private static InetSocketAddress parseServer(String text) {
            String trimmed = text == null ? "" : text.trim();
            String host = trimmed;
            String portText = null;
            int colon = trimmed.lastIndexOf(':');
            if (trimmed.startsWith("[")) {
                int end = trimmed.indexOf(']');
                host = end < 0 ? "" : trimmed.substring(1, end);
                portText = end < 0 || end == trimmed.length() - 1 ? null : trimmed.substring(end + 1);
                portText = portText == null ? null : portText.startsWith(":") ? portText.substring(1) : "";
            }
            else if (colon > 0 && trimmed.indexOf(':') == colon) {
                host = trimmed.substring(0, colon);
                portText = trimmed.substring(colon + 1);
            }
            int port = portText == null ? 53 : parsePort(portText);
            byte[] ip = NetUtil.createByteArrayFromIpAddressString(host);
            if (ip == null || port < 1 || port > 65535) {
                throw new InvalidSettingException("resolver.dns.servers", "'" + text + "'",
                        "give name servers as ip:port, [ipv6]:port or a bare IP (port 53), for example 10.96.0.10:53");
            }
            try {
                return new InetSocketAddress(InetAddress.getByAddress(ip), port);
            }
            catch (java.net.UnknownHostException ex) {
                throw new IllegalStateException("IP literal " + host + " was not accepted", ex);
            }
        }

        private static int parsePort(String port) {
            try {
                return Integer.parseInt(port);
            }
            catch (NumberFormatException ex) {
                return -1;
            }
        }
    }
}
