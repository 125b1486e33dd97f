package dev.peermesh.dissemination;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The link set and the per-link frame counters in arrays answer as the {@code LinkedHashSet<Long>} and
 * {@code HashMap<Long, long[]>} they replace: the same answers and the same order, whatever links come and go.
 */
class LinkSetTest {

    @Test
    void answersAndOrdersAsALinkedHashSet() {
        Random random = new Random(15);
        LinkSet set = new LinkSet();
        Set<Long> model = new LinkedHashSet<>();
        long[] links = {1, 2, 3, 40_000, -5, Long.MAX_VALUE, Long.MIN_VALUE, 0, 9, 10, 11, 12, 13, 14, 15, 16, 17};
        for (int step = 0; step < 20_000; step++) {
            long link = links[random.nextInt(links.length)];
            switch (random.nextInt(3)) {
                case 0 -> assertThat(set.add(link)).isEqualTo(model.add(link));
                case 1 -> assertThat(set.remove(link)).isEqualTo(model.remove(link));
                default -> assertThat(set.contains(link)).isEqualTo(model.contains(link));
            }
            List<Long> inOrder = new ArrayList<>();
            for (int i = 0; i < set.size(); i++) {
                inOrder.add(set.get(i));
            }
            assertThat(inOrder).as("step %d", step).containsExactlyElementsOf(model);
            assertThat(set.isEmpty()).isEqualTo(model.isEmpty());
        }
        assertThat(set.toSet()).containsExactlyElementsOf(model);
    }

    @Test
    void eachLinkCountsFramesFromZeroAgainOnceItCameUpAgain() {
        FramesHeard heard = new FramesHeard();
        for (long link = 1; link <= 12; link++) {
            heard.linkUp(link * 1_000);
        }
        heard.of(3_000)[0] += 5;
        long[] three = heard.of(3_000);

        assertThat(heard.linkDown(3_000)).isSameAs(three).containsExactly(5);
        assertThat(heard.of(3_000)).isNull();
        assertThat(heard.linkDown(3_000)).isNull();
        assertThat(heard.of(12_000)).containsExactly(0);
        heard.of(12_000)[0]++;
        heard.linkUp(12_000);
        assertThat(heard.of(12_000)).containsExactly(0);
        assertThat(heard.of(7)).isNull();
    }
}
