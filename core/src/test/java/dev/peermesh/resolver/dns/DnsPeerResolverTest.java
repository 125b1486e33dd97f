package dev.peermesh.resolver.dns;

import dev.peermesh.PeerAddress;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * {@link DnsPeerResolver} against a real DNS server (dnsmasq on loopback) serving A, AAAA and SRV records.
 */
class DnsPeerResolverTest {

    private static final String SERVICE = "_peermesh._tcp.orders." + Dnsmasq.DOMAIN;

    private static Dnsmasq dns;

    @BeforeAll
    static void startDnsServer() {
        dns = Dnsmasq.with()
                .host("orders." + Dnsmasq.DOMAIN, "127.0.0.11", "127.0.0.12", "127.0.0.13")
                .host("orders-v6." + Dnsmasq.DOMAIN, "::1")
                .host("node-1." + Dnsmasq.DOMAIN, "127.0.0.21")
                .host("node-2." + Dnsmasq.DOMAIN, "127.0.0.22")
                .host("node-3." + Dnsmasq.DOMAIN, "127.0.0.23")
                .srv(SERVICE, "node-1." + Dnsmasq.DOMAIN, 7401)
                .srv(SERVICE, "node-2." + Dnsmasq.DOMAIN, 7402)
                .srv(SERVICE, "node-3." + Dnsmasq.DOMAIN, 7403)
                .srv("_peermesh._tcp.lost." + Dnsmasq.DOMAIN, "gone." + Dnsmasq.DOMAIN, 7404)
                .start();
    }

    @AfterAll
    static void stopDnsServer() {
        dns.close();
    }

    private static List<PeerAddress> resolve(DnsSettings.Builder settings, int max) {
        try (DnsPeerResolver resolver = new DnsPeerResolver(settings.servers(List.of(dns.server()))
                .searchDomains(List.of()).build())) {
            return resolver.resolve("orders", max);
        }
    }

    @Test
    void aRecordsGiveEveryAddressOnTheConfiguredPort() {
        assertThat(resolve(DnsSettings.builder("orders." + Dnsmasq.DOMAIN).port(7500), 10)).containsExactlyInAnyOrder(
                new PeerAddress("127.0.0.11", 7500), new PeerAddress("127.0.0.12", 7500),
                new PeerAddress("127.0.0.13", 7500));
    }

    @Test
    void aaaaRecordsGiveIpv6Addresses() {
        assertThat(resolve(DnsSettings.builder("orders-v6." + Dnsmasq.DOMAIN).port(7500), 10))
                .singleElement()
                .satisfies(address -> {
                    assertThat(InetAddress.getByName(address.host()).isLoopbackAddress()).isTrue();
                    assertThat(address.host()).contains(":");
                    assertThat(address.port()).isEqualTo(7500);
                });
    }

    @Test
    void srvRecordsGiveEachTargetsAddressWithItsOwnPort() {
        assertThat(resolve(DnsSettings.builder(SERVICE), 10)).containsExactlyInAnyOrder(
                new PeerAddress("127.0.0.21", 7401), new PeerAddress("127.0.0.22", 7402),
                new PeerAddress("127.0.0.23", 7403));
    }

    @Test
    void anSrvRecordTypeIsChosenForNamesStartingWithAnUnderscore() {
        assertThat(DnsSettings.builder(SERVICE).build().effectiveRecordType()).isEqualTo(DnsRecordType.SRV);
        assertThat(DnsSettings.builder("orders").build().effectiveRecordType()).isEqualTo(DnsRecordType.A);
        assertThat(DnsSettings.builder("_odd").recordType(DnsRecordType.A).build().effectiveRecordType())
                .isEqualTo(DnsRecordType.A);
    }

    @Test
    void answersAreCappedAtTheMaximumAndShuffled() {
        assertThat(resolve(DnsSettings.builder("orders." + Dnsmasq.DOMAIN), 2)).hasSize(2)
                .doesNotHaveDuplicates();
        assertThat(resolve(DnsSettings.builder(SERVICE), 1)).hasSize(1);
        try (DnsPeerResolver resolver = new DnsPeerResolver(DnsSettings.builder("orders." + Dnsmasq.DOMAIN)
                .servers(List.of(dns.server())).searchDomains(List.of()).build())) {
            assertThat(java.util.stream.IntStream.range(0, 40).mapToObj(i -> resolver.resolve("orders", 1).get(0))
                    .distinct().count()).as("every address comes first sometimes").isEqualTo(3);
        }
    }

    @Test
    void shortNamesGoThroughTheSearchDomains() {
        try (DnsPeerResolver resolver = new DnsPeerResolver(DnsSettings.builder("orders").port(7500)
                .servers(List.of(dns.server())).searchDomains(List.of("elsewhere.test", Dnsmasq.DOMAIN)).build())) {
            assertThat(resolver.resolve("orders", 10)).hasSize(3);
        }
    }

    @Test
    void anUnknownNameResolvesToNoPeers() {
        assertThat(resolve(DnsSettings.builder("nobody." + Dnsmasq.DOMAIN), 10)).isEmpty();
        assertThat(resolve(DnsSettings.builder("_peermesh._tcp.nobody." + Dnsmasq.DOMAIN), 10)).isEmpty();
    }

    @Test
    void anSrvTargetWithoutAddressesIsSkipped() {
        assertThat(resolve(DnsSettings.builder("_peermesh._tcp.lost." + Dnsmasq.DOMAIN), 10)).isEmpty();
    }

    @Test
    void aNameServerThatNeverAnswersFailsWithinTheTimeoutNamingTheServer() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            String server = "127.0.0.1:" + silent.getLocalPort();
            DnsSettings settings = DnsSettings.builder("orders." + Dnsmasq.DOMAIN).servers(List.of(server))
                    .searchDomains(List.of()).queryTimeout(Duration.ofMillis(300))
                    .resolveTimeout(Duration.ofSeconds(1)).build();
            try (DnsPeerResolver resolver = new DnsPeerResolver(settings)) {
                assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThatThrownBy(
                        () -> resolver.resolve("orders", 10))
                        .isInstanceOf(DnsLookupException.class)
                        .hasMessageContaining("No DNS answer")
                        .hasMessageContaining(String.valueOf(silent.getLocalPort()))
                        .hasMessageContaining("peermesh.resolver.dns.servers"));
            }
        }
    }

    @Test
    void registrationIsLeftToThePlatform() {
        try (DnsPeerResolver resolver = new DnsPeerResolver(DnsSettings.builder("orders").build())) {
            var registration = new dev.peermesh.resolver.PeerRegistration("orders", 1,
                    new PeerAddress("127.0.0.1", 7400));
            resolver.register(registration);
            resolver.refresh(registration);
            resolver.unregister(registration);
        }
    }
}
