package dev.peermesh.resolver.multicast;

import dev.peermesh.InvalidSettingException;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MulticastSettingsTest {

    @Test
    void defaultsAreLinkLocalWithAFiveSecondAnnouncementAndAFifteenSecondExpiry() {
        MulticastSettings settings = MulticastSettings.builder().build();
        assertThat(settings.group().getHostAddress()).isEqualTo("239.255.74.74");
        assertThat(settings.port()).isEqualTo(7474);
        assertThat(settings.networkInterface()).isNull();
        assertThat(settings.ttl()).isEqualTo(1);
        assertThat(settings.announceInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.queryTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.peerExpiry()).isEqualTo(Duration.ofSeconds(15));
        assertThat(settings.maxPeersPerMesh()).isEqualTo(256);
        assertThat(settings.maxMeshes()).isEqualTo(64);
    }

    @Test
    void theExpiryFollowsTheAnnounceIntervalUnlessSet() {
        assertThat(MulticastSettings.builder().announceInterval(Duration.ofSeconds(2)).build().peerExpiry())
                .isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void anIpv6GroupIsAccepted() {
        assertThat(MulticastSettings.builder().group("ff02::7474").build().group().isMulticastAddress()).isTrue();
    }

    @Test
    void badValuesAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> MulticastSettings.builder().group("10.0.0.1").build())
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("resolver.multicast.group")
                .hasMessageContaining("10.0.0.1");
        assertThatThrownBy(() -> MulticastSettings.builder().group("lan.example").build())
                .hasMessageContaining("resolver.multicast.group");
        assertThatThrownBy(() -> MulticastSettings.builder().port(0).build())
                .hasMessageContaining("resolver.multicast.port");
        assertThatThrownBy(() -> MulticastSettings.builder().ttl(256).build())
                .hasMessageContaining("resolver.multicast.ttl");
        assertThatThrownBy(() -> MulticastSettings.builder().networkInterface(" ").build())
                .hasMessageContaining("resolver.multicast.network-interface");
        assertThatThrownBy(() -> MulticastSettings.builder().announceInterval(Duration.ZERO).build())
                .hasMessageContaining("resolver.multicast.announce-interval");
        assertThatThrownBy(() -> MulticastSettings.builder().queryTimeout(null).build())
                .hasMessageContaining("resolver.multicast.query-timeout");
        assertThatThrownBy(() -> MulticastSettings.builder().peerExpiry(Duration.ofSeconds(5)).build())
                .hasMessageContaining("resolver.multicast.peer-expiry");
        assertThatThrownBy(() -> MulticastSettings.builder().maxPeersPerMesh(0).build())
                .hasMessageContaining("resolver.multicast.max-peers-per-mesh");
        assertThatThrownBy(() -> MulticastSettings.builder().maxMeshes(0).build())
                .hasMessageContaining("resolver.multicast.max-meshes");
    }

    @Test
    void anUnknownInterfaceIsRefusedWhenTheResolverStartsNamingTheSetting() {
        assertThatThrownBy(() -> new MulticastPeerResolver(MulticastSettings.builder().networkInterface("nosuch0")
                .port(TestGroup.freeUdpPort()).build()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("resolver.multicast.network-interface")
                .hasMessageContaining("nosuch0");
    }
}
