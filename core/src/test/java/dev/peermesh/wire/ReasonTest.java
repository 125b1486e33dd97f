package dev.peermesh.wire;

import dev.peermesh.CloseReason;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReasonTest {

    @Test
    void everyReasonOnTheWireHasItsCounterpartInTheApiAndNoOtherExists() {
        assertThat(Arrays.stream(Reason.values()).map(Reason::closeReason))
                .containsExactly(CloseReason.values());
    }

    @Test
    void aCodeFromANewerPeerIsReportedAsUnknown() {
        assertThat(Reason.of(31).closeReason()).isEqualTo(CloseReason.UNKNOWN);
    }
}
