package dev.peermesh.dissemination;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default tree in two arrays answers as the {@code HashMap<Long, Boolean>} it replaces in {@link OriginTrees}:
 * a link's place (on when undecided), whether any link is on, and what a removed link was, whatever links come and
 * go.
 */
class DefaultTreeTest {

    @Test
    void answersAsAMapOfLinksToTheirPlace() {
        Random random = new Random(17);
        DefaultTree tree = new DefaultTree();
        Map<Long, Boolean> model = new HashMap<>();
        long[] links = {1, 2, 3, 40_000, -5, Long.MAX_VALUE, 0, 9, 10, 11, 12, 13, 14, 15, 16, 17};
        for (int step = 0; step < 20_000; step++) {
            long link = links[random.nextInt(links.length)];
            switch (random.nextInt(4)) {
                case 0, 1 -> {
                    boolean on = random.nextBoolean();
                    tree.put(link, on);
                    model.put(link, on);
                }
                case 2 -> assertThat(tree.remove(link)).as("step %d", step)
                        .isEqualTo(Boolean.TRUE.equals(model.remove(link)));
                default -> assertThat(tree.on(link)).as("step %d", step)
                        .isEqualTo(model.getOrDefault(link, true));
            }
            assertThat(tree.anyOn()).as("step %d", step).isEqualTo(model.containsValue(Boolean.TRUE));
        }
    }
}
