package dev.peermesh.resolver.dns;

import dev.peermesh.InvalidSettingException;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DnsSettingsTest {

    @Test
    void defaultsAskTheSystemsNameServersForARecordsOnPort7400() {
        DnsSettings settings = DnsSettings.builder("orders").build();
        assertThat(settings.port()).isEqualTo(7400);
        assertThat(settings.recordType()).isEqualTo(DnsRecordType.AUTO);
        assertThat(settings.servers()).isEmpty();
        assertThat(settings.searchDomains()).isNull();
        assertThat(settings.queryTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.resolveTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void nameServersAreParsedWithPort53WhenLeftOut() {
        DnsSettings settings = DnsSettings.builder("orders")
                .servers(List.of("10.96.0.10", "10.96.0.11:5353", "[fd00::53]:54", "fd00::53")).build();
        assertThat(settings.servers()).containsExactly(new InetSocketAddress("10.96.0.10", 53),
                new InetSocketAddress("10.96.0.11", 5353), new InetSocketAddress("fd00::53", 54),
                new InetSocketAddress("fd00::53", 53));
    }

    @Test
    void aNameServerThatIsNotAnIpLiteralIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> DnsSettings.builder("orders").servers(List.of("dns.example:53")).build())
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("resolver.dns.servers").hasMessageContaining("dns.example:53");
        assertThatThrownBy(() -> DnsSettings.builder("orders").servers(List.of("10.0.0.1:99999")).build())
                .hasMessageContaining("resolver.dns.servers");
    }

    @Test
    void badValuesAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> DnsSettings.builder(" ").build()).hasMessageContaining("resolver.dns.name");
        assertThatThrownBy(() -> DnsSettings.builder("a".repeat(254)).build())
                .hasMessageContaining("resolver.dns.name");
        assertThatThrownBy(() -> DnsSettings.builder("orders").port(0).build())
                .hasMessageContaining("resolver.dns.port");
        assertThatThrownBy(() -> DnsSettings.builder("orders").recordType(null).build())
                .hasMessageContaining("resolver.dns.record-type");
        assertThatThrownBy(() -> DnsSettings.builder("orders").queryTimeout(Duration.ZERO).build())
                .hasMessageContaining("resolver.dns.query-timeout");
        assertThatThrownBy(() -> DnsSettings.builder("orders").queryTimeout(Duration.ofSeconds(3))
                .resolveTimeout(Duration.ofSeconds(1)).build()).hasMessageContaining("resolver.dns.resolve-timeout");
        assertThatThrownBy(() -> DnsSettings.builder("orders").searchDomains(List.of("")).build())
                .hasMessageContaining("resolver.dns.search-domains");
    }
}
