package dev.peermesh.dissemination;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The history an order passed over: skips in a row make one range, a give-up between starts a new one. */
class SkippedRangesTest {

    private final SkippedRanges skipped = new SkippedRanges();

    @Test
    void skipsInARowExtendOneRangeAndAGiveUpBetweenKeepsItsNumbersOut() {
        skipped.skipped(11, 12);
        skipped.skipped(13, 15); // 12 was delivered between
        skipped.gaveUp(); // 16 given up on, and reported lost then
        skipped.skipped(17, 19);

        assertThat(skipped.ranges()).isEqualTo(2);
        assertThat(skipped.contains(11)).isTrue();
        assertThat(skipped.contains(14)).isTrue();
        assertThat(skipped.contains(15)).isFalse();
        assertThat(skipped.contains(16)).as("given up on: reported once").isFalse();
        assertThat(skipped.contains(18)).isTrue();
        assertThat(skipped.contains(19)).isFalse();
        assertThat(skipped.contains(10)).isFalse();
    }

    @Test
    void pastTheBoundTheTwoOldestRangesMerge() {
        for (int i = 0; i < SkippedRanges.MAX_RANGES + 1; i++) {
            skipped.skipped(10L * i, 10L * i + 5);
            skipped.gaveUp();
        }

        assertThat(skipped.ranges()).isEqualTo(SkippedRanges.MAX_RANGES);
        assertThat(skipped.contains(7)).as("between the two oldest, now merged").isTrue();
        assertThat(skipped.contains(17)).as("between the next two: still out").isFalse();
        assertThat(skipped.contains(84)).isTrue();
    }
}
