package dev.peermesh.dissemination;

import dev.peermesh.MessageId;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The message cache's entries in arrays: found by origin and sequence number while entries come and the oldest go,
 * whatever their hashes share, and grown without losing one.
 */
class CacheEntriesTest {

    @Test
    void everyKeptEntryIsFoundAndNoForgottenOneWhileTheyTurnOver() {
        CacheEntries entries = new CacheEntries(300);
        Deque<MessageId> kept = new ArrayDeque<>();
        Deque<MessageId> forgotten = new ArrayDeque<>();
        Random random = new Random(15);
        long[] next = new long[7];
        for (int step = 0; step < 20_000; step++) {
            if (!kept.isEmpty() && (kept.size() == 300 || random.nextInt(3) == 0)) {
                assertThat(entries.origin(entries.oldest())).isEqualTo(kept.peekFirst().origin());
                entries.removeOldest();
                forgotten.addLast(kept.removeFirst());
                if (forgotten.size() > 50) {
                    forgotten.removeFirst();
                }
            }
            else {
                int origin = random.nextInt(next.length);
                MessageId id = new MessageId(origin * 0x1000_0000_0000L, ++next[origin]);
                entries.add(id.origin(), id.sequence(), step, step % 97, 1, 0, "news", Map.of(), new byte[0], step);
                kept.addLast(id);
            }
            if (step % 101 == 0) {
                for (MessageId id : kept) {
                    int slot = entries.find(id.origin(), id.sequence());
                    assertThat(slot).as("%s", id).isNotNegative();
                    assertThat(entries.sequence(slot)).isEqualTo(id.sequence());
                }
                for (MessageId id : forgotten) {
                    assertThat(entries.find(id.origin(), id.sequence())).as("%s", id).isEqualTo(-1);
                }
                assertThat(entries.size()).isEqualTo(kept.size());
            }
        }
    }

    @Test
    void entryKeepsWhatItWasGivenAcrossGrowth() {
        CacheEntries entries = new CacheEntries(1_000);
        byte[] signature = {1, 2};
        entries.add(5, 1, 40, 3, 2, 9, "t", Map.of("k", "v"), signature, 7);

        for (long sequence = 2; sequence <= 1_000; sequence++) {
            entries.add(5, sequence, 0, 0, 0, 0, "t", Map.of(), new byte[0], 0);
        }

        int slot = entries.find(5, 1);
        assertThat(slot).isEqualTo(entries.oldest());
        assertThat(entries.position(slot)).isEqualTo(40);
        assertThat(entries.length(slot)).isEqualTo(3);
        assertThat(entries.hops(slot)).isEqualTo(2);
        assertThat(entries.hopLimit(slot)).isEqualTo(9);
        assertThat(entries.topic(slot)).isEqualTo("t");
        assertThat(entries.headers(slot)).containsEntry("k", "v");
        assertThat(entries.signature(slot)).isSameAs(signature);
        assertThat(entries.tick(slot)).isEqualTo(7);
        assertThat(entries.find(5, 1_001)).isEqualTo(-1);
        assertThat(entries.size()).isEqualTo(1_000);
    }

    @Test
    void entriesKeepTheirOwnTopicsHeadersAndSignaturesWhileTheyTurnOverAndHoldNoneOnceGone() {
        CacheEntries entries = new CacheEntries(50);
        byte[] signature = {7};
        for (long sequence = 1; sequence <= 500; sequence++) {
            boolean marked = sequence % 3 == 0;
            if (entries.size() == 50) {
                entries.removeOldest();
            }
            entries.add(9, sequence, 0, 0, 0, 0, "topic-" + sequence % 7, marked ? Map.of("n", "" + sequence)
                    : Map.of(), marked ? signature : new byte[0], 0);
        }

        for (long sequence = 451; sequence <= 500; sequence++) {
            int slot = entries.find(9, sequence);
            boolean marked = sequence % 3 == 0;
            assertThat(entries.topic(slot)).isEqualTo("topic-" + sequence % 7);
            assertThat(entries.headers(slot)).isEqualTo(marked ? Map.of("n", "" + sequence) : Map.of());
            assertThat(entries.signature(slot)).isEqualTo(marked ? signature : new byte[0]);
        }
        assertThat(entries.topicCount()).isEqualTo(7);
        while (!entries.isEmpty()) {
            entries.removeOldest();
        }
        assertThat(entries.topicCount()).isZero();
    }
}
