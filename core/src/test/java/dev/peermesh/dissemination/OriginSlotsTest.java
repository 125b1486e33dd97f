package dev.peermesh.dissemination;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The message cache's index by origin and sequence number: agrees with a map while messages come (in order, out of
 * order, after gaps) and go oldest first, and stays small whatever numbers a peer sends.
 */
class OriginSlotsTest {

    private record Kept(long origin, long sequence, int slot) {
    }

    @Test
    void findsWhatAMapFindsWhileMessagesComeOutOfOrderAndGoOldestFirst() {
        OriginSlots slots = new OriginSlots(500);
        Map<String, Integer> model = new HashMap<>();
        Deque<Kept> fifo = new ArrayDeque<>();
        Deque<Kept> forgotten = new ArrayDeque<>();
        Random random = new Random(17);
        long[] next = new long[5];
        int slot = 0;
        for (int step = 0; step < 50_000; step++) {
            if (!fifo.isEmpty() && (fifo.size() == 500 || random.nextInt(3) == 0)) {
                Kept oldest = fifo.removeFirst();
                slots.unindex(oldest.origin(), oldest.sequence(), oldest.slot());
                model.remove(oldest.origin() + "/" + oldest.sequence());
                forgotten.addLast(oldest);
                if (forgotten.size() > 100) {
                    forgotten.removeFirst();
                }
            }
            else {
                long origin = 32L * random.nextInt(next.length); // the same place among the recent windows
                int index = (int) (origin / 32);
                int roll = random.nextInt(100);
                // mostly the next number; sometimes one skipped and pulled later, a little behind
                long sequence = roll < 85 ? ++next[index] : roll < 95 ? (next[index] += 2) : next[index] - 3;
                if (sequence < 1 || model.containsKey(origin + "/" + sequence)) {
                    continue;
                }
                slot = (slot + 1) % 1_000;
                slots.index(origin, sequence, slot);
                model.put(origin + "/" + sequence, slot);
                fifo.addLast(new Kept(origin, sequence, slot));
            }
            if (step % 97 == 0) {
                for (Kept kept : fifo) {
                    Integer expected = model.get(kept.origin() + "/" + kept.sequence());
                    assertThat(slots.find(kept.origin(), kept.sequence())).as("%s", kept)
                            .isEqualTo(expected == null ? -1 : expected);
                }
                for (Kept gone : forgotten) {
                    if (!model.containsKey(gone.origin() + "/" + gone.sequence())) {
                        assertThat(slots.find(gone.origin(), gone.sequence())).as("forgotten %s", gone).isEqualTo(-1);
                    }
                }
            }
        }
        assertThat(model).hasSameSizeAs(fifo);
    }

    @Test
    void aNumberFarAheadPushesTheLowestOnesOutOfTheWindowWhichStaysSmall() {
        OriginSlots slots = new OriginSlots(50_000);
        for (int sequence = 1; sequence <= 10; sequence++) {
            slots.index(7, sequence, sequence);
        }

        slots.index(7, 1_000_000_000L, 11);

        assertThat(slots.span(7)).isLessThanOrEqualTo(64);
        assertThat(slots.outliers()).isEqualTo(10);
        assertThat(slots.find(7, 1_000_000_000L)).isEqualTo(11);
        assertThat(slots.find(7, 1)).isEqualTo(1);
        slots.unindex(7, 1, 1);
        assertThat(slots.find(7, 1)).isEqualTo(-1);
        assertThat(slots.outliers()).isEqualTo(9);
    }

    @Test
    void numbersNoOriginReachesAreFoundWithoutAWindowWrappingAround() {
        OriginSlots slots = new OriginSlots(50_000);
        long[] numbers = { Long.MAX_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE, -1, -2, Long.MAX_VALUE / 2 + 1 };

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (int i = 0; i < numbers.length; i++) {
                slots.index(7, numbers[i], i);
            }
            for (long sequence = Long.MAX_VALUE - 40; sequence < Long.MAX_VALUE - 1; sequence++) {
                slots.index(8, sequence, 100);
                slots.unindex(8, sequence, 100);
            }
        });

        for (int i = 0; i < numbers.length; i++) {
            assertThat(slots.find(7, numbers[i])).as("%s", numbers[i]).isEqualTo(i);
        }
        assertThat(slots.find(7, 16)).isEqualTo(-1);
        assertThat(slots.origins()).isZero();
        slots.unindex(7, Long.MIN_VALUE, 2);
        assertThat(slots.find(7, Long.MIN_VALUE)).isEqualTo(-1);
    }

    @Test
    void aNumberFarBehindIsKeptOutsideTheWindow() {
        OriginSlots slots = new OriginSlots(50_000);
        slots.index(7, 1_000_000, 1);

        slots.index(7, 3, 2);

        assertThat(slots.span(7)).isEqualTo(16);
        assertThat(slots.find(7, 3)).isEqualTo(2);
        assertThat(slots.find(7, 1_000_000)).isEqualTo(1);
        slots.unindex(7, 3, 2);
        assertThat(slots.outliers()).isZero();
    }

    @Test
    void windowsGrowWithARunAndShrinkAndGoAsItLeaves() {
        OriginSlots slots = new OriginSlots(50_000);
        for (int sequence = 1; sequence <= 10_000; sequence++) {
            slots.index(3, sequence, sequence);
        }
        assertThat(slots.span(3)).isGreaterThanOrEqualTo(10_000).isLessThanOrEqualTo(65_536);

        for (int sequence = 1; sequence <= 9_990; sequence++) {
            slots.unindex(3, sequence, sequence);
        }
        assertThat(slots.span(3)).isLessThanOrEqualTo(64);
        assertThat(slots.find(3, 9_995)).isEqualTo(9_995);

        for (int sequence = 9_991; sequence <= 10_000; sequence++) {
            slots.unindex(3, sequence, sequence);
        }
        assertThat(slots.origins()).isZero();
    }

    @Test
    void sparseNumbersFromManyOriginsKeepEveryWindowAtItsFirstSize() {
        OriginSlots slots = new OriginSlots(50_000);
        for (long origin = 1; origin <= 1_000; origin++) {
            slots.index(origin, 1, (int) origin);
            slots.index(origin, 1L << 40, (int) origin + 1_000);
        }

        for (long origin = 1; origin <= 1_000; origin++) {
            assertThat(slots.span(origin)).isEqualTo(16);
            assertThat(slots.find(origin, 1L << 40)).isEqualTo((int) origin + 1_000);
            assertThat(slots.find(origin, 1)).isEqualTo((int) origin);
        }
    }
}
