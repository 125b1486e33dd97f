package dev.peermesh.security;

import dev.peermesh.wire.Frame;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SealsTest {

    @Test
    void aSealIsFoundByAnyMessageItCoversAndByNoOther() {
        Seals seals = new Seals(1 << 20);
        seals.put(seal(7, 11, 5));

        assertThat(seals.covering(7, 11)).isNotNull();
        assertThat(seals.covering(7, 15)).isNotNull();
        assertThat(seals.covering(7, 10)).isNull();
        assertThat(seals.covering(7, 16)).isNull();
        assertThat(seals.covering(8, 12)).as("another origin's").isNull();
        assertThat(seals.startingAt(7, 11)).isNotNull();
    }

    @Test
    void theFirstSealKeptForARunStays() {
        Seals seals = new Seals(1 << 20);
        Frame.Seal first = seal(7, 1, 3);
        seals.put(first);
        seals.put(new Frame.Seal(7, 1, new byte[3 * Frame.DIGEST_LENGTH], new byte[] { 1 }));

        assertThat(seals.keeps(first)).isTrue();
        assertThat(seals.startingAt(7, 1)).as("built anew from what is kept").matches(first::sameAs);
        assertThat(seals.keeps(new Frame.Seal(7, 1, first.digests(), new byte[] { 1 }))).isFalse();
        assertThat(seals.size()).isOne();
    }

    @Test
    void anOlderSealIsBuiltAnewFieldForFieldFromWhereItsDigestsAreKept() {
        Seals seals = new Seals(1 << 20);
        byte[] others = new byte[2 * Frame.DIGEST_LENGTH];
        others[3] = 9;
        Frame.Seal grouped = new Frame.Seal(7, 1, digests(5, (byte) 4), 1, others, new byte[] { 5, 6 });
        seals.put(grouped);
        seals.put(seal(7, 6, 2)); // now the last one of origin 7, the first one's digests only in their chunk

        Frame.Seal found = seals.covering(7, 3);

        assertThat(found).isNotSameAs(grouped).matches(grouped::sameAs);
        assertThat(seals.keeps(new Frame.Seal(7, 1, digests(5, (byte) 3), 1, others, new byte[] { 5, 6 })))
                .as("other digests").isFalse();
    }

    @Test
    void theChunksHoldingTheDigestsStayWithinTheBoundAndAreReused() {
        Frame.Seal full = seal(1, 1, Frame.MAX_SEALED);
        long each = full.digests().length + full.signature().length + 160;
        long bound = 40 * each;
        Seals seals = new Seals(bound);
        for (int i = 0; i < 2_000; i++) {
            seals.put(seal(1 + i % 3, 1 + (long) (i / 3) * Frame.MAX_SEALED, 1 + i % Frame.MAX_SEALED));
            assertThat(seals.chunkBytes()).as("the seals' bytes and three chunks of an eighth of the bound")
                    .isLessThanOrEqualTo(bound + 3 * (bound / 8));
        }
        assertThat(seals.covering(1 + 1_999 % 3, 1 + (long) (1_999 / 3) * Frame.MAX_SEALED)).isNotNull();
    }

    @Test
    void theOldestSealsGoFirstOnceTheyTakeMoreThanTheirBytes() {
        Frame.Seal full = seal(1, 1, Frame.MAX_SEALED);
        long each = full.digests().length + full.signature().length + 160;
        Seals seals = new Seals(3 * each);
        for (int i = 0; i < 5; i++) {
            seals.put(seal(1, 1 + (long) i * Frame.MAX_SEALED, Frame.MAX_SEALED));
        }

        assertThat(seals.size()).isEqualTo(3);
        assertThat(seals.bytes()).isLessThanOrEqualTo(3 * each);
        assertThat(seals.covering(1, 1)).isNull();
        assertThat(seals.covering(1, 1 + Frame.MAX_SEALED)).isNull();
        assertThat(seals.covering(1, 1 + 2L * Frame.MAX_SEALED)).isNotNull();
        assertThat(seals.covering(1, 5L * Frame.MAX_SEALED)).isNotNull();
    }

    @Test
    void aSealLookedUpJustBeforeItIsEvictedIsNotFoundAfter() {
        Frame.Seal full = seal(1, 1, Frame.MAX_SEALED);
        Seals seals = new Seals(full.digests().length + full.signature().length + 160);
        seals.put(full);
        assertThat(seals.covering(1, 2)).as("found, and remembered as the last one found").isSameAs(full);

        seals.put(seal(1, 1 + Frame.MAX_SEALED, Frame.MAX_SEALED));

        assertThat(seals.covering(1, 2)).as("evicted: not answered from memory").isNull();
        assertThat(seals.covering(1, 2 + Frame.MAX_SEALED)).isNotNull();
    }

    @Test
    void originsThatShareTheLastFoundTableAreEachAnsweredRight() {
        Seals seals = new Seals(1 << 20);
        for (long origin = 1; origin <= 500; origin++) {
            seals.put(seal(origin, 10, 2));
            seals.put(seal(origin, 12, 3));
        }
        for (int round = 0; round < 2; round++) {
            for (long origin = 1; origin <= 500; origin++) {
                assertThat(seals.covering(origin, 11)).returns(origin, Frame.Seal::origin).returns(10L,
                        Frame.Seal::first);
                assertThat(seals.covering(origin, 14)).returns(origin, Frame.Seal::origin).returns(12L,
                        Frame.Seal::first);
                assertThat(seals.covering(origin, 15)).isNull();
            }
        }
    }

    private static Frame.Seal seal(long origin, long first, int count) {
        return new Frame.Seal(origin, first, new byte[count * Frame.DIGEST_LENGTH], new byte[64]);
    }

    /** {@code count} digests, every byte {@code fill}. */
    private static byte[] digests(int count, byte fill) {
        byte[] digests = new byte[count * Frame.DIGEST_LENGTH];
        java.util.Arrays.fill(digests, fill);
        return digests;
    }
}
