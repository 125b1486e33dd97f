package dev.peermesh.dissemination;

import org.junit.jupiter.api.Test;

import static dev.peermesh.dissemination.DuplicateCache.WINDOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The per-origin sequence window that keeps a node from delivering or forwarding a message twice.
 */
class DuplicateCacheTest {

    private static final long A = 0xA;
    private static final long B = 0xB;
    private static final long C = 0xC;

    private final DuplicateCache cache = new DuplicateCache(100, 10);

    @Test
    void sameSequenceFromTheSameOriginIsADuplicate() {
        assertThat(cache.firstSighting(A, 1)).isTrue();
        assertThat(cache.firstSighting(A, 1)).isFalse();
        assertThat(cache.firstSighting(A, 2)).isTrue();
        assertThat(cache.firstSighting(A, 2)).isFalse();
    }

    @Test
    void sameSequenceFromAnotherOriginIsNew() {
        assertThat(cache.firstSighting(A, 1)).isTrue();
        assertThat(cache.firstSighting(B, 1)).isTrue();
        assertThat(cache.origins()).isEqualTo(2);
    }

    @Test
    void outOfOrderSequencesWithinTheWindowAreEachSeenOnce() {
        assertThat(cache.firstSighting(A, 1)).isTrue();
        assertThat(cache.firstSighting(A, 5)).isTrue();
        assertThat(cache.firstSighting(A, 3)).isTrue();
        assertThat(cache.firstSighting(A, 2)).isTrue();
        assertThat(cache.firstSighting(A, 4)).isTrue();

        for (long s = 1; s <= 5; s++) {
            assertThat(cache.firstSighting(A, s)).as("sequence %d again", s).isFalse();
        }
        assertThat(cache.firstSighting(A, 6)).isTrue();
    }

    @Test
    void gapAtTheFullWidthOfTheWindowIsStillTracked() {
        assertThat(cache.firstSighting(A, 1)).isTrue();
        assertThat(cache.firstSighting(A, 1 + WINDOW)).isTrue();

        assertThat(cache.firstSighting(A, 2)).as("oldest unseen, still inside the window").isTrue();
        assertThat(cache.firstSighting(A, WINDOW)).isTrue();
        assertThat(cache.firstSighting(A, 1 + WINDOW)).isFalse();
        assertThat(cache.windowSkips()).isZero();
    }

    @Test
    void sequenceFromBeforeTheWindowIsTreatedAsSeen() {
        cache.firstSighting(A, 1);
        cache.firstSighting(A, 10 + 2 * WINDOW); // slides the window far ahead

        assertThat(cache.firstSighting(A, 5)).as("too old to tell: never delivered again").isFalse();
        assertThat(cache.firstSighting(A, 9 + WINDOW)).isFalse();
        assertThat(cache.firstSighting(A, 11 + WINDOW)).as("inside the new window").isTrue();
    }

    @Test
    void slidingTheWindowCountsTheSequencesItPassedOverUnseen() {
        cache.firstSighting(A, 1);
        cache.firstSighting(A, 3);
        cache.firstSighting(A, 5);

        cache.firstSighting(A, 1 + WINDOW + 100); // new base 101: 2..101 leave the window

        assertThat(cache.windowSkips()).as("2..101 less the seen 3 and 5").isEqualTo(98);
        assertThat(cache.firstSighting(A, 101)).isFalse();
        assertThat(cache.firstSighting(A, 102)).isTrue();
    }

    @Test
    void jumpFarBeyondTheWindowCountsEverySkippedSequence() {
        cache.firstSighting(A, 1);

        cache.firstSighting(A, 1 + 3 * WINDOW);

        assertThat(cache.windowSkips()).isEqualTo(2L * WINDOW);
    }

    @Test
    void originFirstHeardLateAcceptsOlderMessagesOnlyWithinTheWindow() {
        assertThat(cache.firstSighting(A, 5000)).isTrue();

        assertThat(cache.firstSighting(A, 5000 - WINDOW + 1)).isTrue();
        assertThat(cache.firstSighting(A, 5000 - WINDOW)).isFalse();
        assertThat(cache.windowSkips()).isZero();
    }

    @Test
    void contiguousSequencesKeepNoMoreThanTheWindowWhateverTheirNumber() {
        for (long s = 1; s <= 10 * WINDOW; s++) {
            assertThat(cache.firstSighting(A, s)).isTrue();
        }

        assertThat(cache.firstSighting(A, 1)).isFalse();
        assertThat(cache.firstSighting(A, 10L * WINDOW)).isFalse();
        assertThat(cache.windowSkips()).isZero();
    }

    @Test
    void leastRecentlyHeardOriginIsForgottenBeyondMaxOrigins() {
        DuplicateCache small = new DuplicateCache(2, 100);
        small.firstSighting(A, 1);
        small.firstSighting(B, 1);
        small.firstSighting(A, 2); // A heard more recently than B

        small.firstSighting(C, 1);

        assertThat(small.origins()).isEqualTo(2);
        assertThat(small.evictions()).isEqualTo(1);
        assertThat(small.firstSighting(A, 2)).as("A remembered").isFalse();
        assertThat(small.firstSighting(B, 1)).as("B forgotten: its old message looks new").isTrue();
    }

    @Test
    void originSilentForMoreThanMaxIdleTicksIsForgotten() {
        DuplicateCache aging = new DuplicateCache(100, 3);
        aging.firstSighting(A, 1);
        aging.firstSighting(B, 1);

        aging.tick();
        aging.tick();
        aging.firstSighting(B, 2);
        aging.tick();
        assertThat(aging.origins()).as("silent for 3 ticks: kept").isEqualTo(2);
        aging.tick();

        assertThat(aging.origins()).isEqualTo(1);
        assertThat(aging.evictions()).isEqualTo(1);
        assertThat(aging.firstSighting(B, 2)).as("B heard two ticks ago").isFalse();
        assertThat(aging.firstSighting(A, 1)).as("A forgotten").isTrue();
    }

    @Test
    void cacheNeedsAtLeastOneOriginAndOneTick() {
        assertThatIllegalArgumentException().isThrownBy(() -> new DuplicateCache(0, 1))
                .withMessageContaining("0");
        assertThatIllegalArgumentException().isThrownBy(() -> new DuplicateCache(1, 0))
                .withMessageContaining("0");
    }
}
