package dev.peermesh.dissemination;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The duplicate cache answers as it did with an {@code ArrayDeque} of (tick, highest) pairs per window
 * ({@link DuplicateCacheBefore}): every sighting, look-up and lost number, in order, with numbers out of order, gaps
 * open for several ticks, origins forgotten by count and by age, and windows that grow and slide.
 */
class DuplicateCacheModelTest {

    @Test
    void answersAsTheCacheWithADequePerWindow() {
        Random random = new Random(23);
        DuplicateCache cache = new DuplicateCache(6, 40);
        DuplicateCacheBefore model = new DuplicateCacheBefore(6, 40);
        long[] next = new long[9];
        List<String> lost = new ArrayList<>();
        List<String> modelLost = new ArrayList<>();
        int reported = 0;
        for (int step = 0; step < 100_000; step++) {
            int origin = random.nextInt(next.length);
            String as = "step " + step;
            switch (random.nextInt(12)) {
                case 0, 1, 2, 3, 4 -> { // mostly in order, some late, some far ahead
                    long sequence = switch (random.nextInt(8)) {
                        case 0 -> Math.max(1, next[origin] - random.nextInt(50));
                        case 1 -> next[origin] + random.nextInt(3_000);
                        default -> next[origin]++;
                    };
                    assertThat(cache.firstSighting(origin, sequence)).as(as)
                            .isEqualTo(model.firstSighting(origin, sequence));
                }
                case 5 -> {
                    long sequence = Math.max(1, next[origin] - random.nextInt(100));
                    assertThat(cache.contains(origin, sequence)).as(as).isEqualTo(model.contains(origin, sequence));
                }
                case 6, 7 -> {
                    long repair = 1 + random.nextInt(5);
                    cache.expireGaps(repair, (o, s) -> lost.add(o + ":" + s));
                    model.expireGaps(repair, (o, s) -> modelLost.add(o + ":" + s));
                    assertThat(lost).as(as).isEqualTo(modelLost);
                    reported += lost.size();
                    lost.clear();
                    modelLost.clear();
                }
                case 8 -> {
                    cache.tick();
                    model.tick();
                }
                default -> {
                    assertThat(cache.highest(origin)).as(as).isEqualTo(model.highest(origin));
                    assertThat(cache.contiguous(origin)).as(as).isEqualTo(model.contiguous(origin));
                    assertThat(cache.seenUpTo(origin)).as(as).isEqualTo(model.seenUpTo(origin));
                }
            }
            assertThat(cache.origins()).as(as).isEqualTo(model.origins());
            assertThat(cache.evictions()).as(as).isEqualTo(model.evictions());
            assertThat(cache.windowSkips()).as(as).isEqualTo(model.windowSkips());
            assertThat(cache.grownBytes()).as(as).isEqualTo(model.grownBytes());
        }
        assertThat(reported).as("numbers reported lost").isGreaterThan(100);
    }
}
