package dev.peermesh;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SealSettingsTest {

    @Test
    void theIntervalGrowsWithTheOriginsHeardSoReceiversCheckAboutTheRate() {
        SealSettings seals = MeshSettings.builder("m").build().seals();

        assertThat(seals.enabled()).isTrue();
        assertThat(seals.intervalNanos(0)).as("alone: the seal interval").isEqualTo(3_000_000L);
        assertThat(seals.intervalNanos(2)).as("2 others at 700 a second: 2.9 ms, so the interval")
                .isEqualTo(3_000_000L);
        assertThat(seals.intervalNanos(7)).as("7 others at 700 a second").isEqualTo(10_000_000L);
        assertThat(new SealSettings(true, Duration.ZERO, 50).intervalNanos(5)).isEqualTo(100_000_000L);
        assertThat(seals.intervalNanos(Integer.MAX_VALUE)).as("at most a second, however many")
                .isEqualTo(SealSettings.MAX_PACED_NANOS);
    }

    @Test
    void aCheckRateOutOfRangeIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> MeshSettings.builder("m").sealCheckRate(0).build())
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("security.signatures.seal-check-rate").hasMessageContaining("1 to 1000000");
        assertThatThrownBy(() -> MeshSettings.builder("m").sealInterval(Duration.ofSeconds(2)).build())
                .hasMessageContaining("security.signatures.seal-interval");
    }
}
