package dev.peermesh;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link MeshSettings} hands out related settings in groups named like their properties, and each group checks its
 * own values however it is made.
 */
class SettingGroupsTest {

    @Test
    void settingsHandOutWhatTheBuilderWasGivenInGroups() {
        MeshSettings settings = MeshSettings.builder("chat")
                .neighbors(1, 4, 9)
                .keepalive(Duration.ofSeconds(7), 5)
                .resolveBatch(9)
                .resolverRefreshInterval(Duration.ofMinutes(1))
                .duplicateCache(500, Duration.ofMinutes(3))
                .messageCache(100, 2L << 20, Duration.ofSeconds(30))
                .tree(Duration.ofMillis(200), Duration.ofMillis(150), Duration.ofMillis(30), 4)
                .payloadBacklogCapBytes(1 << 20)
                .adaptiveGraftWait(true)
                .newOrigins(TreeSettings.NewOrigins.FLOOD)
                .dialBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30))
                .build();

        assertThat(settings.neighbors()).isEqualTo(new NeighborSettings(1, 4, 9));
        assertThat(settings.keepalive()).isEqualTo(new KeepaliveSettings(Duration.ofSeconds(7), 5));
        assertThat(settings.resolver()).isEqualTo(new ResolverSettings(Duration.ofMinutes(1), 9));
        assertThat(settings.duplicateCache()).isEqualTo(new DuplicateCacheSettings(500, Duration.ofMinutes(3)));
        assertThat(settings.messageCache())
                .isEqualTo(new MessageCacheSettings(100, 2L << 20, Duration.ofSeconds(30)));
        assertThat(settings.tree()).isEqualTo(new TreeSettings(Duration.ofMillis(200), Duration.ofMillis(150),
                Duration.ofMillis(30), 4, 1 << 20, true, TreeSettings.NewOrigins.FLOOD));
        assertThat(settings.dialBackoff())
                .isEqualTo(new DialBackoffSettings(Duration.ofSeconds(1), Duration.ofSeconds(30)));
    }

    @Test
    void limitsKeepThePerAddressHandshakesWithinAllHandshakesAndTheVouchedPeersWithinThePassiveView() {
        LimitSettings limits = MeshSettings.builder("chat").passiveViewSize(5).maxPendingHandshakes(4)
                .maxPendingHandshakesPerAddress(8).passiveViewPeersPerNeighbor(8).build().limits();

        assertThat(limits.maxPendingHandshakes()).isEqualTo(4);
        assertThat(limits.maxPendingHandshakesPerAddress()).isEqualTo(4);
        assertThat(limits.passiveViewPeersPerNeighbor()).isEqualTo(5);
    }

    @Test
    void aGroupMadeDirectlyRefusesABadValueNamingItsProperty() {
        assertThatExceptionOfType(InvalidSettingException.class)
                .isThrownBy(() -> new NeighborSettings(3, 2, 7))
                .satisfies(ex -> assertThat(ex.setting()).isEqualTo("neighbors.ideal"));
        assertThatExceptionOfType(InvalidSettingException.class)
                .isThrownBy(() -> new KeepaliveSettings(Duration.ZERO, 3))
                .satisfies(ex -> assertThat(ex.setting()).isEqualTo("keepalive.interval"));
        assertThatExceptionOfType(InvalidSettingException.class)
                .isThrownBy(() -> new DialBackoffSettings(Duration.ofMinutes(2), Duration.ofSeconds(6)))
                .satisfies(ex -> assertThat(ex.setting()).isEqualTo("dial-backoff.max"))
                .withMessageContaining("MeshSettings.Builder.dialBackoff");
        assertThatExceptionOfType(InvalidSettingException.class)
                .isThrownBy(() -> new TreeSettings(Duration.ofMillis(120), Duration.ofMillis(100),
                        Duration.ofMillis(20), 0, 4 << 20, false, TreeSettings.NewOrigins.FOLLOW_TREE))
                .satisfies(ex -> assertThat(ex.setting()).isEqualTo("tree.max-graft-attempts"));
        assertThatExceptionOfType(InvalidSettingException.class)
                .isThrownBy(() -> MeshSettings.builder("chat").maxMessageSize(64 << 10)
                        .maxPendingPublishBytes((64 << 10) - 1).build())
                .satisfies(ex -> assertThat(ex.setting()).isEqualTo("limits.max-pending-publish-bytes"))
                .withMessageContaining("at least max-message-size (65536 bytes)");
        assertThat(MeshSettings.builder("chat").maxMessageSize(64 << 10).maxPendingPublishBytes(64 << 10).build()
                .limits().maxPendingPublishBytes()).isEqualTo(64 << 10);
    }

    @Test
    void pendingPublishBytesDefaultTo16MiB() {
        assertThat(MeshSettings.builder("chat").build().limits().maxPendingPublishBytes()).isEqualTo(16L << 20);
    }
}
