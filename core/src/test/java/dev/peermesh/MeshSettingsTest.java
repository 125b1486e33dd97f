package dev.peermesh;

import java.time.Duration;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Settings validation: every bad value is refused with an {@link InvalidSettingException} whose message names the
 * setting (as its property below {@code peermesh.}), the value and what is allowed.
 */
class MeshSettingsTest {

    @Test
    void defaultsAreWcfNeighborBoundsAndSafeLimits() {
        MeshSettings settings = MeshSettings.builder("chat").build();

        assertThat(settings.meshId()).isEqualTo("chat");
        assertThat(settings.neighbors().min()).isEqualTo(2);
        assertThat(settings.neighbors().ideal()).isEqualTo(3);
        assertThat(settings.neighbors().max()).isEqualTo(7);
        assertThat(settings.password()).isNull();
        assertThat(settings.port()).isZero();
        assertThat(settings.maxMessageSize()).isEqualTo(1 << 20);
        assertThat(settings.passiveViewSize()).isEqualTo(30);
        assertThat(settings.keepalive().misses()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-chat", "chat-", "chat mesh", "chät", "a/b"})
    void invalidMeshIdIsRefusedWithTheIdAndTheRule(String meshId) {
        assertThatExceptionOfType(InvalidSettingException.class)
                .isThrownBy(() -> MeshSettings.builder(meshId).build())
                .withMessageContaining("'mesh-id'")
                .withMessageContaining("'" + meshId + "'")
                .withMessageContaining("letters, digits")
                .satisfies(ex -> assertThat(ex.setting()).isEqualTo("mesh-id"));
    }

    @Test
    void meshIdOf256CharactersIsTooLong() {
        assertThatExceptionOfType(InvalidSettingException.class)
                .isThrownBy(() -> MeshSettings.builder("a".repeat(256)).build())
                .withMessageContaining("1 to 255");
        assertThat(MeshSettings.builder("a".repeat(255)).build().meshId()).hasSize(255);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "orders-eu.prod", "A_1", "0"})
    void validMeshIdsAreAccepted(String meshId) {
        assertThat(MeshSettings.builder(meshId).build().meshId()).isEqualTo(meshId);
    }

    @Test
    void missingMeshIdIsRefused() {
        assertThatExceptionOfType(InvalidSettingException.class)
                .isThrownBy(() -> MeshSettings.builder(null).build())
                .withMessageContaining("'mesh-id' is null");
    }

    @Test
    void idealBelowMinNamesTheSettingValueAndRange() {
        refused(() -> MeshSettings.builder("chat").neighbors(3, 2, 7).build(), "neighbors.ideal", 2, "3 to 64");
    }

    @Test
    void maxBelowIdealNamesTheSettingValueAndRange() {
        refused(() -> MeshSettings.builder("chat").neighbors(2, 3, 2).build(), "neighbors.max", 2, "3 to 64");
    }

    @Test
    void minOfZeroIsRefused() {
        refused(() -> MeshSettings.builder("chat").neighbors(0, 3, 7).build(), "neighbors.min", 0, "1 to 64");
    }

    @Test
    void portOutOfRangeIsRefused() {
        refused(() -> MeshSettings.builder("chat").port(70000).build(), "port", 70000, "0 to 65535");
    }

    @Test
    void keepaliveMissesOfZeroIsRefused() {
        refused(() -> MeshSettings.builder("chat").keepalive(Duration.ofSeconds(5), 0).build(), "keepalive.misses", 0,
                "1 to 100");
    }

    @Test
    void zeroNegativeOrMissingDurationNamesTheSettingAndValue() {
        refused(() -> MeshSettings.builder("chat").handshakeTimeout(Duration.ZERO).build(), "handshake-timeout",
                Duration.ZERO, "positive duration");
        refused(() -> MeshSettings.builder("chat").maintenanceInterval(Duration.ofSeconds(-1)).build(),
                "maintenance-interval", Duration.ofSeconds(-1), "positive duration");
        refused(() -> MeshSettings.builder("chat").leaveTimeout(null).build(), "leave-timeout", null,
                "positive duration");
    }

    @Test
    void linkBacklogSmallerThanOneMessageIsRefused() {
        refused(() -> MeshSettings.builder("chat").maxLinkBacklogBytes(1000).build(), "limits.max-link-backlog", 1000,
                "1048576 to 2147483647");
    }

    @Test
    void eachOriginIsDeliveredInOrderByDefault() {
        assertThat(MeshSettings.builder("chat").build().ordering()).isEqualTo(DeliveryOrder.FIFO);
    }

    @Test
    void socketBuffersAreSmallByDefaultZeroLeavesThemToTheSystemAndTinyOnesAreRefused() {
        LimitSettings defaults = MeshSettings.builder("chat").build().limits();
        assertThat(defaults.socketSendBufferBytes()).isEqualTo(128 << 10);
        assertThat(defaults.socketReceiveBufferBytes()).isEqualTo(256 << 10);
        LimitSettings system = MeshSettings.builder("chat").socketBuffers(0, 0).build().limits();
        assertThat(system.socketSendBufferBytes()).isZero();
        assertThat(system.socketReceiveBufferBytes()).isZero();

        refused(() -> MeshSettings.builder("chat").socketBuffers(1000, 0).build(), "limits.socket-send-buffer", 1000,
                "0 (the operating system's own) or 4096 to 1073741824");
        refused(() -> MeshSettings.builder("chat").socketBuffers(0, -1).build(), "limits.socket-receive-buffer", -1,
                "0 (the operating system's own) or 4096 to 1073741824");
    }

    @Test
    void payloadBacklogCapIsFourMebibytesByDefaultAndAtMostTheLinkBacklog() {
        assertThat(MeshSettings.builder("chat").build().tree().payloadBacklogCapBytes()).isEqualTo(4 << 20);
        assertThat(MeshSettings.builder("chat").maxLinkBacklogBytes(2 << 20).payloadBacklogCapBytes(2 << 20).build()
                .tree().payloadBacklogCapBytes()).isEqualTo(2 << 20);

        assertThat(MeshSettings.builder("chat").maxLinkBacklogBytes(2 << 20).build().tree().payloadBacklogCapBytes())
                .as("not set: the smaller link backlog").isEqualTo(2 << 20);

        refused(() -> MeshSettings.builder("chat").maxLinkBacklogBytes(2 << 20).payloadBacklogCapBytes(3 << 20)
                .build(), "tree.payload-backlog-cap", 3 << 20, "limits.max-link-backlog (2097152 bytes)");
        refused(() -> MeshSettings.builder("chat").payloadBacklogCapBytes(1000).build(), "tree.payload-backlog-cap",
                1000, "MeshSettings.Builder.payloadBacklogCapBytes");
    }

    @Test
    void duplicateCacheOfFewerThanSixteenOriginsIsRefused() {
        refused(() -> MeshSettings.builder("chat").duplicateCache(15, Duration.ofMinutes(1)).build(),
                "duplicate-cache.origins", 15, "16 to 10000000");
    }

    @Test
    void passiveViewAndResolveBatchAreBounded() {
        refused(() -> MeshSettings.builder("chat").passiveViewSize(0).build(), "passive-view-size", 0,
                "1 to 10000");
        refused(() -> MeshSettings.builder("chat").resolveBatch(101).build(), "resolver.batch-size", 101, "1 to 100");
    }

    @Test
    void maxMessageSizeBelowTheFrameMinimumIsRefused() {
        refused(() -> MeshSettings.builder("chat").maxMessageSize(100), "max-message-size", 100, "32768");
    }

    @Test
    void advertisedAddressTakesAHostOrHostAndPort() {
        MeshSettings hostOnly = MeshSettings.builder("chat").advertisedAddress("node-1.example").build();
        MeshSettings hostAndPort = MeshSettings.builder("chat").advertisedAddress("node-1.example:7401").build();
        MeshSettings ipv6 = MeshSettings.builder("chat").advertisedAddress("[::1]:7402").build();
        MeshSettings blank = MeshSettings.builder("chat").advertisedAddress(" ").build();

        assertThat(hostOnly.advertisedHost()).isEqualTo("node-1.example");
        assertThat(hostOnly.advertisedPort()).isZero();
        assertThat(hostAndPort.advertisedHost()).isEqualTo("node-1.example");
        assertThat(hostAndPort.advertisedPort()).isEqualTo(7401);
        assertThat(ipv6.advertisedHost()).isEqualTo("::1");
        assertThat(ipv6.advertisedPort()).isEqualTo(7402);
        assertThat(blank.advertisedHost()).isNull();
    }

    /** The build fails naming the setting and the value in the message, and saying what is allowed. */
    private static void refused(ThrowingCallable build, String setting, Object value, String allowed) {
        assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(build)
                .withMessageStartingWith("Mesh setting '" + setting + "' is " + value + "; ")
                .withMessageContaining(allowed)
                .satisfies(ex -> {
                    assertThat(ex.setting()).isEqualTo(setting);
                    assertThat(ex.value()).isEqualTo(value);
                });
    }
}
