package dev.peermesh.node;

import dev.peermesh.SealSettings;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SealPacingTest {

    private static final long MS = 1_000_000L;

    private final AtomicInteger heard = new AtomicInteger();

    private final SealPacing pacing = new SealPacing(new SealSettings(true, Duration.ofMillis(3), 700), heard::get,
            0);

    @Test
    void aRunWaitsOutTheIntervalSinceTheLastSealUnlessItIsFull() {
        assertThat(pacing.waitNanos(0, false)).as("the first run goes at once").isZero();
        pacing.sealed(0);

        assertThat(pacing.waitNanos(MS, false)).isEqualTo(2 * MS);
        assertThat(pacing.waitNanos(MS, true)).as("a full run").isZero();
        assertThat(pacing.waitNanos(3 * MS, false)).isZero();
    }

    @Test
    void theIntervalIsPacedOnceASecondByTheOriginsHeardMeanwhile() {
        heard.set(7);
        pacing.waitNanos(0, false);
        assertThat(pacing.intervalNanos()).as("paced at the first call").isEqualTo(10 * MS);

        heard.set(70);
        pacing.waitNanos(999 * MS, false);
        assertThat(pacing.intervalNanos()).as("not again within the second").isEqualTo(10 * MS);
        pacing.waitNanos(1_000 * MS, false);
        assertThat(pacing.intervalNanos()).isEqualTo(100 * MS);
    }

    @Test
    void aCountThatSpansAQuietSpellIsDiscarded() {
        pacing.waitNanos(0, false);
        heard.set(700);

        pacing.waitNanos(60_000 * MS, false);

        assertThat(pacing.intervalNanos()).as("origins heard over a minute, not a second").isEqualTo(3 * MS);
    }
}
