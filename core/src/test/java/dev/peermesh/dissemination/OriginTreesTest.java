package dev.peermesh.dissemination;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trees that keep their links by slot answer as the trees that kept arrays of links of their own
 * ({@link OriginTreesBefore}): every call, in any order, with origins forgotten past the bound, links going down and
 * new ones coming up, more links than one word of places holds, and links named after they went down.
 */
class OriginTreesTest {

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void answersAsTheTreesWithArraysOfTheirOwn(boolean followDefault) {
        Random random = new Random(followDefault ? 7 : 8);
        OriginTrees trees = new OriginTrees(5, followDefault);
        OriginTreesBefore model = new OriginTreesBefore(5, followDefault);
        long[] links = new long[48]; // up: more than the 32 slots a tree's first word of places holds
        for (int i = 0; i < links.length; i++) {
            links[i] = 100 + i;
        }
        long nextLink = 1_000;
        for (int step = 0; step < 200_000; step++) {
            long origin = random.nextInt(8);
            int index = random.nextInt(links.length);
            long link = random.nextInt(20) == 0 ? nextLink - 1 - random.nextInt(40) : links[index]; // some down
            int hops = random.nextInt(6);
            String as = "step " + step;
            switch (random.nextInt(16)) {
                case 0 -> assertThat(trees.onTree(origin, link)).as(as).isEqualTo(model.onTree(origin, link));
                case 1 -> {
                    boolean own = random.nextBoolean();
                    assertThat(trees.pushTo(origin, link, own)).as(as).isEqualTo(model.pushTo(origin, link, own));
                }
                case 2 -> assertThat(trees.parent(origin)).as(as).isEqualTo(model.parent(origin));
                case 3 -> assertThat(trees.hasParent(origin)).as(as).isEqualTo(model.hasParent(origin));
                case 4 -> {
                    trees.firstCopy(origin, link, hops);
                    model.firstCopy(origin, link, hops);
                }
                case 5 -> assertThat(trees.duplicate(origin, link, hops)).as(as)
                        .isEqualTo(model.duplicate(origin, link, hops));
                case 6 -> {
                    trees.pushed(origin, hops);
                    model.pushed(origin, hops);
                }
                case 7 -> {
                    trees.pruned(origin, link);
                    model.pruned(origin, link);
                }
                case 8 -> {
                    trees.grafted(origin, link);
                    model.grafted(origin, link);
                }
                case 9 -> assertThat(trees.pull(origin, link)).as(as).isEqualTo(model.pull(origin, link));
                case 10 -> {
                    trees.moved(origin, hops);
                    model.moved(origin, hops);
                }
                case 11 -> assertThat(trees.shorterPath(origin, link, hops)).as(as)
                        .isEqualTo(model.shorterPath(origin, link, hops));
                case 12 -> {
                    trees.joined(link);
                    model.joined(link);
                }
                case 13 -> { // a link goes down and a new one comes up in its place
                    if (random.nextInt(4) == 0) {
                        trees.forget(links[index]);
                        model.forget(links[index]);
                        links[index] = nextLink++;
                        assertThat(trees.linkUp(links[index])).as(as).isEqualTo(model.linkUp(links[index]));
                    }
                }
                default -> {
                    for (long each : links) {
                        assertThat(trees.onTree(origin, each)).as(as).isEqualTo(model.onTree(origin, each));
                    }
                }
            }
            assertThat(trees.size()).as(as).isEqualTo(model.size());
        }
        assertThat(trees.slots()).as("slots in the link table").isLessThanOrEqualTo(4 * links.length);
    }

    @Test
    void freesTheSlotsOfLinksNoTreeNamesAnyMore() {
        OriginTrees trees = new OriginTrees(2, false);
        for (long origin = 0; origin < 10_000; origin++) {
            trees.pull(origin, 1_000 + origin); // a link that never comes up or goes down here
            trees.pruned(origin, 50_000 + origin);
        }
        assertThat(trees.parent(9_999)).isEqualTo(10_999L);
        assertThat(trees.onTree(9_999, 59_999)).isFalse();
        assertThat(trees.onTree(9_999, 59_998)).isTrue();
        assertThat(trees.slots()).isLessThanOrEqualTo(16);
    }
}
