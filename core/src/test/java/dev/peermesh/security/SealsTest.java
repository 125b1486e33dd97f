package dev.peermesh.security;

import dev.peermesh.wire.Frame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
    }

    @Test
    void theFirstSealKeptForARunStays() {
        Seals seals = new Seals(1 << 20);
        Frame.Seal first = seal(7, 1, 3);
        seals.put(first);
        seals.put(new Frame.Seal(7, 1, new byte[3 * Frame.DIGEST_LENGTH], new byte[] { 1 }));

        assertThat(seals.keeps(first)).isTrue();
        assertThat(seals.covering(7, 1)).as("the first one").usingRecursiveComparison().isEqualTo(first);
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

        assertThat(found).isNotSameAs(grouped).usingRecursiveComparison().isEqualTo(grouped);
        assertThat(seals.keeps(new Frame.Seal(7, 1, digests(5, (byte) 3), 1, others, new byte[] { 5, 6 })))
                .as("other digests").isFalse();
    }

    @Test
    void theChunksHoldingTheDigestsStayWithinTheBoundAndEachKeptSealKeepsItsOwnDigests() {
        for (long bound : new long[] { 65_536, 40L * (Frame.MAX_SEALED * Frame.DIGEST_LENGTH + 64 + 160) }) {
            long chunk = Math.max(Frame.MAX_SEALED * Frame.DIGEST_LENGTH, bound / 8);
            Seals seals = new Seals(bound);
            List<Frame.Seal> put = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                int count = i % 2 == 0 ? 257 : 1 + i % Frame.MAX_SEALED; // 257: one a chunk of 16 KiB, the rest lost
                Frame.Seal seal = new Frame.Seal(1 + i % 3, 1 + (long) (i / 3) * Frame.MAX_SEALED,
                        digests(count, (byte) i), new byte[64]);
                seals.put(seal);
                put.add(seal);
                assertThat(seals.chunkBytes()).as("the bytes counted for the seals and three chunks")
                        .isLessThanOrEqualTo(bound + 3 * chunk);
            }
            int kept = 0;
            for (Frame.Seal seal : put) {
                if (seals.keeps(seal)) {
                    kept++;
                    byte[] last = Arrays.copyOfRange(seal.digests(), seal.digests().length - Frame.DIGEST_LENGTH,
                            seal.digests().length);
                    assertThat(seals.check(seal.origin(), seal.last(), last)).isEqualTo(Seals.Digest.MATCHES);
                    last[0] ^= 1;
                    assertThat(seals.check(seal.origin(), seal.last(), last)).isEqualTo(Seals.Digest.DIFFERS);
                    assertThat(seals.covering(seal.origin(), seal.first())).usingRecursiveComparison()
                            .isEqualTo(seal);
                }
            }
            assertThat(kept).as("seals kept; with the larger bound older ones than the last of each origin too")
                    .isGreaterThan(bound > 65_536 ? 3 : 0);
            assertThat(seals.check(1, 1, new byte[Frame.DIGEST_LENGTH])).as("evicted long ago")
                    .isEqualTo(Seals.Digest.NOT_SEALED);
        }
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
        Arrays.fill(digests, fill);
        return digests;
    }
}
