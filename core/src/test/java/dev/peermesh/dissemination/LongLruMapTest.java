package dev.peermesh.dissemination;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The long-keyed map behaves as the {@code LinkedHashMap<Long, V>} it replaces: the same answers, the same order and
 * the same entries forgotten, through random operations, growth, removals while iterating and shrinking.
 */
class LongLruMapTest {

    /** The model: what {@code DuplicateCache} and {@code OriginTrees} used, eviction reported as they did. */
    private static final class Model extends LinkedHashMap<Long, String> {

        final int maxSize;

        final List<String> evicted = new ArrayList<>();

        Model(int maxSize, boolean accessOrder) {
            super(16, 0.75f, accessOrder);
            this.maxSize = maxSize;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
            if (size() > maxSize) {
                evicted.add(eldest.getKey() + "=" + eldest.getValue());
                return true;
            }
            return false;
        }
    }

    @ParameterizedTest(name = "max {0}, access order {1}, keys from {2}")
    @CsvSource({
        "2147483647, false, 40", "2147483647, true, 40", "2147483647, true, 5000", "2147483647, false, 5000",
        "1, true, 10", "7, true, 30", "64, true, 200", "300, true, 1000", "300, false, 1000", "1000, true, 3000"})
    void answersOrdersAndForgetsAsLinkedHashMapDoes(int maxSize, boolean accessOrder, int keySpace) {
        for (long seed = 1; seed <= 3; seed++) {
            Random random = new Random(seed * 31 + keySpace);
            Model model = new Model(maxSize, accessOrder);
            List<String> evicted = new ArrayList<>();
            LongLruMap<String> map = new LongLruMap<>(maxSize, accessOrder,
                    (key, value) -> evicted.add(key + "=" + value));
            long[] keys = keys(random, keySpace);
            for (int step = 0; step < 20_000; step++) {
                long key = keys[random.nextInt(keys.length)];
                int operation = random.nextInt(100);
                if (operation < 35) {
                    assertThat(map.get(key)).as("get %d at step %d", key, step).isEqualTo(model.get(key));
                }
                else if (operation < 70) {
                    String value = "v" + step;
                    assertThat(map.put(key, value)).as("put %d at step %d", key, step)
                            .isEqualTo(model.put(key, value));
                }
                else if (operation < 85) {
                    assertThat(map.remove(key)).as("remove %d at step %d", key, step).isEqualTo(model.remove(key));
                }
                else if (operation < 90) {
                    assertThat(map.containsKey(key)).isEqualTo(model.containsKey(key));
                }
                else if (operation < 92) {
                    removeSomeWhileIterating(map, model, random);
                }
                else if (operation < 93 && random.nextInt(20) == 0) {
                    removeAll(map, model); // so the table shrinks and grows again
                }
                assertThat(map.size()).isEqualTo(model.size());
                if (step % 97 == 0 || map.size() < 20) {
                    assertThat(entries(map)).as("order at step %d", step).isEqualTo(List.copyOf(model.entrySet()
                            .stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
                }
            }
            assertThat(evicted).isEqualTo(model.evicted);
            assertThat(entries(map)).isEqualTo(model.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .toList());
            Set<String> scanned = new HashSet<>();
            map.forEachValue(scanned::add);
            assertThat(scanned).isEqualTo(new HashSet<>(model.values()));
        }
    }

    @Test
    void keysThatShareTheirFirstSlotAreAllFoundAfterOthersAreRemoved() {
        // multiples of 2^60 all hash to the top bits of a multiple of the constant: few distinct first slots
        LongLruMap<String> map = new LongLruMap<>();
        for (long i = 0; i < 16; i++) {
            map.put(i << 60, "k" + i);
        }
        for (long i = 0; i < 16; i += 2) {
            assertThat(map.remove(i << 60)).isEqualTo("k" + i);
        }
        for (long i = 1; i < 16; i += 2) {
            assertThat(map.get(i << 60)).isEqualTo("k" + i);
        }
        for (long i = 0; i < 16; i += 2) {
            assertThat(map.containsKey(i << 60)).isFalse();
        }
        assertThat(map.size()).isEqualTo(8);
    }

    @Test
    void boundedMapInAccessOrderForgetsTheLeastRecentlyUsed() {
        List<Long> evicted = new ArrayList<>();
        LongLruMap<String> map = new LongLruMap<>(3, true, (key, value) -> evicted.add(key));
        map.put(1, "a");
        map.put(2, "b");
        map.put(3, "c");
        map.get(1);
        map.put(4, "d");

        assertThat(evicted).containsExactly(2L);
        assertThat(entries(map)).containsExactly("3=c", "1=a", "4=d");
    }

    @Test
    void insertionOrderIsKeptWhenAPresentKeyIsPutAgain() {
        LongLruMap<String> map = new LongLruMap<>();
        map.put(Long.MIN_VALUE, "a");
        map.put(0, "b");
        map.put(-1, "c");
        map.put(Long.MIN_VALUE, "A");
        map.get(0);

        assertThat(entries(map)).containsExactly(Long.MIN_VALUE + "=A", "0=b", "-1=c");
    }

    @Test
    void refusesNullValuesAndAnEmptyBound() {
        assertThatThrownBy(() -> new LongLruMap<String>().put(1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new LongLruMap<String>(0, true, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not 0");
    }

    /** Keys as they come in the mesh (random ids, small link numbers) and the extremes. */
    private static long[] keys(Random random, int count) {
        long[] keys = new long[count];
        for (int i = 0; i < count; i++) {
            keys[i] = switch (i % 4) {
                case 0 -> random.nextLong();
                case 1 -> i;
                case 2 -> (long) i << 40;
                default -> -i;
            };
        }
        keys[0] = Long.MIN_VALUE;
        keys[count - 1] = Long.MAX_VALUE;
        return keys;
    }

    private static void removeSomeWhileIterating(LongLruMap<String> map, Model model, Random random) {
        var expected = model.entrySet().iterator();
        for (int slot = map.first(), next; slot >= 0; slot = next) {
            next = map.after(slot);
            Map.Entry<Long, String> entry = expected.next();
            assertThat(map.keyAt(slot)).isEqualTo(entry.getKey());
            assertThat(map.valueAt(slot)).isEqualTo(entry.getValue());
            if (random.nextBoolean()) {
                map.removeAt(slot);
                expected.remove();
            }
        }
        assertThat(expected.hasNext()).isFalse();
    }

    private static void removeAll(LongLruMap<String> map, Model model) {
        for (int slot = map.first(), next; slot >= 0; slot = next) {
            next = map.after(slot);
            map.removeAt(slot);
        }
        model.clear();
        assertThat(map.isEmpty()).isTrue();
    }

    private static List<String> entries(LongLruMap<String> map) {
        List<String> entries = new ArrayList<>();
        for (int slot = map.first(); slot >= 0; slot = map.after(slot)) {
            entries.add(map.keyAt(slot) + "=" + map.valueAt(slot));
        }
        return entries;
    }
}
