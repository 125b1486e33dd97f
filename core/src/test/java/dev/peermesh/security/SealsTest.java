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

        assertThat(seals.startingAt(7, 1)).isSameAs(first);
        assertThat(seals.size()).isOne();
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

    private static Frame.Seal seal(long origin, long first, int count) {
        return new Frame.Seal(origin, first, new byte[count * Frame.DIGEST_LENGTH], new byte[64]);
    }
}
