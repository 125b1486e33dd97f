package dev.peermesh.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PhaseResultTest {

    @Test
    void aResultReadsBackFromItsLineIncludingUnknownCounters() {
        PhaseResult result = new PhaseResult(1_000, 1_990, 900_000_000L, 120_000_000L, -1, 310_000_000L,
                3_000_000_000L, 512.5, 40_000.25, 80_000, 2_010,
                new NodeCounters(2_100_000, -1, -1, -1, -1, -1, 0, -1), 26_000_000_000L, 0.043, 18_500_000);

        assertThat(PhaseResult.parse(result.toString())).isEqualTo(result);
    }

    @Test
    void aCounterUnknownAtEitherEndOfTheIntervalStaysUnknown() {
        NodeCounters before = new NodeCounters(100, 1, -1, 0, 10, 0, 0, 2);
        NodeCounters after = new NodeCounters(350, 4, 7, 2, 30, -1, 1, 5);

        assertThat(after.minus(before)).isEqualTo(new NodeCounters(250, 3, -1, 2, 20, -1, 1, 3));
    }

    @Test
    void countersPerDeliveryAreOverTheDeliveriesOfTheirOwnInterval() {
        PhaseResult node = new PhaseResult(0, 1_000, 0, 0, 0, 0, 1, 0, 0, 0, 500,
                new NodeCounters(0, 50, 25, 5, 500, 0, 0, 0), 0, 0, -1);

        PhaseCounters counters = PhaseCounters.of(List.of(node, node));

        assertThat(counters.grafts()).isEqualTo(0.1);
        assertThat(counters.duplicates()).isEqualTo(0.05);
        assertThat(counters.forwarded()).isEqualTo(1.0);
    }

    @Test
    void aLineWrittenBeforeTheLiveHeapAndKernelTimeWereMeasuredReadsThemAsUnknown() {
        PhaseResult result = new PhaseResult(1, 2, 3, 4, 5, 3, 6, 7, 8, 9, 10,
                new NodeCounters(1, 2, 3, 4, 5, 6, 7, 8), 11, 0.5, 12_000_000);
        String older = result.toString().replace(" liveHeap=12000000", "").replace(" kernel=3", "");

        assertThat(PhaseResult.parse(older).liveHeapBytes()).isEqualTo(-1);
        assertThat(PhaseResult.parse(older).kernelNanos()).isEqualTo(-1);
        assertThat(PhaseResult.parse(result.toString()).liveHeapBytes()).isEqualTo(12_000_000);
    }
}
