package dev.peermesh.dissemination;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.peermesh.dissemination.DuplicateCache.MAX_WINDOW;
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

    private static final long REPAIR_TICKS = 3;

    private final DuplicateCache cache = new DuplicateCache(100, 10);

    /** What {@link DuplicateCache#expireGaps} reported, as "origin/sequence". */
    private final List<String> reported = new ArrayList<>();

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
        cache.firstSighting(A, 10 + 2 * MAX_WINDOW); // past the largest window: slides it far ahead

        assertThat(cache.firstSighting(A, 5)).as("too old to tell: never delivered again").isFalse();
        assertThat(cache.firstSighting(A, 9 + MAX_WINDOW)).isFalse();
        assertThat(cache.firstSighting(A, 11 + MAX_WINDOW)).as("inside the new window").isTrue();
    }

    @Test
    void slidingTheWindowCountsTheSequencesItPassedOverUnseen() {
        cache.firstSighting(A, 1);
        cache.firstSighting(A, 3);
        cache.firstSighting(A, 5);

        cache.firstSighting(A, 1 + MAX_WINDOW + 100); // grown to the most, then new base 101: 2..101 leave it

        assertThat(cache.windowSkips()).as("2..101 less the seen 3 and 5").isEqualTo(98);
        assertThat(cache.firstSighting(A, 101)).isFalse();
        assertThat(cache.firstSighting(A, 102)).isTrue();
    }

    @Test
    void windowGrowsSoALateMessageOfAnOpenGapIsStillDeliveredAndShrinksOnceTheGapCloses() {
        cache.firstSighting(A, 1);
        cache.firstSighting(A, 3); // 2 is missing: a pull on a loaded tree can come thousands of messages later

        for (long s = 4; s <= 3 * WINDOW; s++) {
            assertThat(cache.firstSighting(A, s)).isTrue();
        }

        assertThat(cache.grownBytes()).as("doubled twice").isEqualTo((4L * WINDOW - WINDOW) / 8);
        assertThat(cache.firstSighting(A, 2)).as("not passed over").isTrue();
        assertThat(cache.windowSkips()).isZero();
        assertThat(cache.firstSighting(A, 3 * WINDOW + 1)).as("the gap closed").isTrue();
        assertThat(cache.grownBytes()).as("shrunk back").isZero();
        for (long s = 1; s <= 3 * WINDOW + 1; s++) {
            assertThat(cache.firstSighting(A, s)).as("sequence %d again", s).isFalse();
        }
    }

    @Test
    void windowsGrowOnlyWithinTheirSharedBudget() {
        DuplicateCache many = new DuplicateCache(10_000, 10);
        int origins = (int) (DuplicateCache.GROWTH_BUDGET_BYTES / ((MAX_WINDOW - WINDOW) / 8)) + 100;
        for (long origin = 1; origin <= origins; origin++) {
            many.firstSighting(origin, 1);
            many.firstSighting(origin, 3);
            many.firstSighting(origin, 1 + MAX_WINDOW);
        }

        assertThat(many.grownBytes()).isPositive().isLessThanOrEqualTo(DuplicateCache.GROWTH_BUDGET_BYTES);
        assertThat(many.windowSkips()).as("the last origins' windows had to slide instead").isPositive();
        assertThat(many.firstSighting(1, 2)).as("the first origins kept their gap").isTrue();
    }

    @Test
    void jumpFarBeyondTheLargestWindowCountsEverySkippedSequence() {
        cache.firstSighting(A, 1);

        cache.firstSighting(A, 1 + 3L * MAX_WINDOW);

        assertThat(cache.windowSkips()).isEqualTo(2L * MAX_WINDOW);
    }

    @Test
    void messageMoreThanAWindowAheadOfAnInOrderRunOpensAGapThatIsPulledOrReportedNeverPassedOver() {
        // SaturatedPublishTest: a relay brought 1..1074 in order, then the origin's own link 3934 first. The window
        // slid to 3934 - WINDOW as if no gap were open, and 1075..1886 counted as seen: never pulled (dropped as
        // duplicates when they came), never reported lost
        for (long s = 1; s <= 1074; s++) {
            cache.firstSighting(A, s);
        }

        assertThat(cache.firstSighting(A, 3934)).isTrue();

        assertThat(cache.windowSkips()).isZero();
        assertThat(cache.seenUpTo(A)).as("what a pull starts from").isEqualTo(1074);
        assertThat(cache.contains(A, 1075)).isFalse();
        assertThat(cache.firstSighting(A, 1075)).as("late, but delivered").isTrue();
        ticks(REPAIR_TICKS + 1);
        assertThat(reported).as("what did not come in the repair window is reported lost")
                .hasSize(3933 - 1076 + 1).startsWith("a/1076").endsWith("a/3933");
    }

    @Test
    void originFirstHeardLateAcceptsOlderMessagesOnceEachHoweverFarBelow() {
        assertThat(cache.firstSighting(A, 5000)).isTrue();

        assertThat(cache.firstSighting(A, 5000 - WINDOW + 1)).isTrue();
        assertThat(cache.firstSighting(A, 5000 - WINDOW)).as("published before, never seen here").isTrue();
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

    // ---- contains ---------------------------------------------------------------------------------------------

    @Test
    void containsSaysWhetherAMessageWasSeenWithoutRecordingIt() {
        cache.firstSighting(A, 1);

        assertThat(cache.contains(A, 1)).isTrue();
        assertThat(cache.contains(A, 2)).isFalse();
        assertThat(cache.firstSighting(A, 2)).as("contains recorded nothing").isTrue();
        assertThat(cache.contains(A, 2)).isTrue();
    }

    @Test
    void containsForAnOriginNeverHeardIsFalseAndRemembersNothing() {
        assertThat(cache.contains(B, 1)).isFalse();

        assertThat(cache.origins()).isZero();
        assertThat(cache.firstSighting(B, 1)).isTrue();
    }

    @Test
    void containsAnswersForMessagesOutOfOrderAndBeforeTheWindow() {
        cache.firstSighting(A, 1);
        cache.firstSighting(A, 5);

        assertThat(cache.contains(A, 3)).isFalse();
        assertThat(cache.contains(A, 5)).isTrue();
        cache.firstSighting(A, 10 + 2 * MAX_WINDOW);
        assertThat(cache.contains(A, 3)).as("too old to tell: taken as seen, as firstSighting does").isTrue();
    }

    @Test
    void numberBelowTheFirstHeardIsNotSeenUntilItArrives() {
        cache.firstSighting(A, 5000);

        assertThat(cache.contains(A, 4000)).isFalse();
        assertThat(cache.firstSighting(A, 4000)).isTrue();
        assertThat(cache.contains(A, 4000)).isTrue();
    }

    // ---- gaps: ticks here run as the strategies run them, tick() then expireGaps() ----------------------------

    @Test
    void gapIsReportedOnceItWasOpenForAWholeRepairWindowNotBefore() {
        cache.firstSighting(A, 1);
        cache.firstSighting(A, 3);

        // the gap may have opened just before a tick, so that tick does not count towards its window
        ticks(REPAIR_TICKS);
        assertThat(reported).isEmpty();
        ticks(1);

        assertThat(reported).containsExactly("a/2");
        ticks(10);
        assertThat(reported).as("reported once").hasSize(1);
    }

    @Test
    void gapClosedWithinTheRepairWindowIsNotReported() {
        cache.firstSighting(A, 1);
        cache.firstSighting(A, 3);
        ticks(REPAIR_TICKS);

        assertThat(cache.firstSighting(A, 2)).isTrue();
        ticks(10);

        assertThat(reported).isEmpty();
    }

    @Test
    void everyNumberOfAGapIsReportedInOrderAndPerOrigin() {
        cache.firstSighting(A, 1);
        cache.firstSighting(A, 5);
        cache.firstSighting(A, 3);
        cache.firstSighting(B, 1);
        cache.firstSighting(B, 3);

        ticks(REPAIR_TICKS + 1);

        assertThat(reported).containsExactly("a/2", "a/4", "b/2");
    }

    @Test
    void gapsAreReportedInTheOrderTheirOriginsBeganToRiseAndNoneOfAForgottenOrigin() {
        DuplicateCache small = new DuplicateCache(2, 10);
        List<String> lost = new ArrayList<>();
        small.firstSighting(C, 1);
        small.firstSighting(C, 3);
        small.firstSighting(B, 1);
        small.firstSighting(B, 3);
        small.firstSighting(C, 5);
        small.firstSighting(A, 1);
        small.firstSighting(A, 3); // B, least recently heard, is forgotten with its gap

        for (int i = 0; i <= REPAIR_TICKS; i++) {
            small.tick();
            small.expireGaps(REPAIR_TICKS, (origin, sequence) -> lost.add(Long.toHexString(origin) + "/" + sequence));
        }
        small.firstSighting(A, 7);
        small.firstSighting(C, 7);
        for (int i = 0; i <= REPAIR_TICKS; i++) {
            small.tick();
            small.expireGaps(REPAIR_TICKS, (origin, sequence) -> lost.add(Long.toHexString(origin) + "/" + sequence));
        }

        assertThat(lost).containsExactly("c/2", "c/4", "a/2", "a/4", "a/5", "a/6", "c/6");
    }

    @Test
    void numbersBelowTheFirstHeardAreNeverReported() {
        cache.firstSighting(A, 5);
        cache.firstSighting(A, 7);
        cache.firstSighting(B, 1000);
        cache.firstSighting(B, 1001);

        ticks(10);

        assertThat(reported).as("1 to 4 of A and 1 to 999 of B went out before this node heard of them")
                .containsExactly("a/6");
    }

    @Test
    void reportedNumbersThenCountAsSeen() {
        cache.firstSighting(A, 1);
        cache.firstSighting(A, 4);
        ticks(REPAIR_TICKS + 1);
        assertThat(reported).containsExactly("a/2", "a/3");

        assertThat(cache.contains(A, 2)).isTrue();
        assertThat(cache.firstSighting(A, 3)).as("given up on: a late copy is not delivered").isFalse();
        cache.firstSighting(A, 6);
        ticks(REPAIR_TICKS + 1);

        assertThat(reported).as("a later gap is reported on its own").containsExactly("a/2", "a/3", "a/5");
    }

    @Test
    void gapOpenedLaterGetsItsOwnRepairWindow() {
        cache.firstSighting(A, 1);
        cache.firstSighting(A, 3); // 2 missing
        ticks(2);
        cache.firstSighting(A, 5); // 4 missing, two ticks later

        ticks(2); // 2 has been missing for a whole window, 4 for two ticks

        assertThat(reported).containsExactly("a/2");
        assertThat(cache.firstSighting(A, 4)).as("4 arrives within its window").isTrue();
    }

    @Test
    void numbersHeardInOrderThenOutOfOrderAreEachNewOnce() {
        for (long s = 500; s <= 600; s++) {
            assertThat(cache.firstSighting(A, s)).isTrue(); // in order: the window keeps a run
        }
        for (long s : new long[] {605, 603, 601, 499, 602, 604}) {
            assertThat(cache.firstSighting(A, s)).as("sequence %d", s).isTrue();
        }

        for (long s = 499; s <= 605; s++) {
            assertThat(cache.contains(A, s)).as("sequence %d seen", s).isTrue();
            assertThat(cache.firstSighting(A, s)).as("sequence %d again", s).isFalse();
        }
        assertThat(cache.contains(A, 498)).isFalse();
        assertThat(cache.contiguous(A)).isEqualTo(605);
    }

    @Test
    void gapAfterANumberHeardInOrderIsReportedOnceAndTheRunGoesOn() {
        for (long s = 1; s <= 10; s++) {
            cache.firstSighting(A, s);
        }
        cache.firstSighting(A, 12);

        ticks(REPAIR_TICKS + 1);
        assertThat(reported).containsExactly("a/11");
        assertThat(cache.firstSighting(A, 13)).isTrue();
        ticks(REPAIR_TICKS + 1);

        assertThat(reported).containsExactly("a/11");
        assertThat(cache.contiguous(A)).isEqualTo(13);
        assertThat(cache.firstSighting(A, 11)).as("given up on, so treated as seen").isFalse();
    }

    @Test
    void cacheNeedsAtLeastOneOriginAndOneTick() {
        assertThatIllegalArgumentException().isThrownBy(() -> new DuplicateCache(0, 1))
                .withMessageContaining("0");
        assertThatIllegalArgumentException().isThrownBy(() -> new DuplicateCache(1, 0))
                .withMessageContaining("0");
    }

    private void ticks(long count) {
        for (long i = 0; i < count; i++) {
            cache.tick();
            cache.expireGaps(REPAIR_TICKS,
                    (origin, sequence) -> reported.add(Long.toHexString(origin) + "/" + sequence));
        }
    }

    @Test
    void numbersBelowTheFirstHeardAreRememberedApartWhileTheWindowSlidesOn() {
        DuplicateCache cache = new DuplicateCache(10, 100);
        cache.firstSighting(7, 5_000);
        cache.firstSighting(7, 5_001); // the window slides: its base passes the numbers below the first heard
        for (long s = 5_002; s <= 9_000; s++) {
            cache.firstSighting(7, s);
        }

        assertThat(cache.contains(7, 1_000)).as("published before this node heard of the origin").isFalse();
        for (long s = 1_000; s <= 4_999; s++) {
            assertThat(cache.firstSighting(7, s)).as("replayed %d", s).isTrue();
        }
        assertThat(cache.firstSighting(7, 2_500)).isFalse();
        assertThat(cache.contains(7, 999)).isFalse();
        assertThat(cache.contains(7, 4_999)).isTrue();
        List<Long> lost = new ArrayList<>();
        for (int tick = 0; tick < 5; tick++) {
            cache.tick();
            cache.expireGaps(2, (origin, sequence) -> lost.add(sequence));
        }
        assertThat(lost).as("numbers below the first heard are no gaps").isEmpty();
    }

    @Test
    void rangesBelowTheFirstHeardMergeAndPastTheirBoundANumberIsTakenAsSeenAndCounted() {
        DuplicateCache cache = new DuplicateCache(10, 100);
        cache.firstSighting(7, 1_000);
        for (int i = 0; i < DuplicateCache.MAX_BELOW_RANGES; i++) {
            assertThat(cache.firstSighting(7, 10L * i + 5)).isTrue(); // 5, 15, 25, …: one range each
        }
        assertThat(cache.firstSighting(7, 6)).as("extends a range").isTrue();
        assertThat(cache.firstSighting(7, 14)).as("extends the next: 5 to 6 and 14 to 15").isTrue();
        assertThat(cache.belowOverflows()).isZero();

        assertThat(cache.firstSighting(7, 500)).as("a range too many").isFalse();

        assertThat(cache.belowOverflows()).isEqualTo(1);
        assertThat(cache.contains(7, 6)).isTrue();
        assertThat(cache.contains(7, 10)).isFalse();
        assertThat(cache.firstSighting(7, 0)).as("no origin numbers 0").isFalse();
    }
}
