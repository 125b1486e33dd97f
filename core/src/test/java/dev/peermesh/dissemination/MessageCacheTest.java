package dev.peermesh.dissemination;

import dev.peermesh.MessageId;
import dev.peermesh.wire.Frame;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The recent messages a tree-mode node keeps to answer GRAFTs: bounded by count, payload bytes and age in ticks,
 * oldest out first; payloads are copied into the cache's own ring, so the messages given to it can be collected.
 */
class MessageCacheTest {

    private static final long ORIGIN = 0x0A1L;

    @Test
    void keptMessageIsFoundByItsId() {
        MessageCache cache = new MessageCache(10, 1_000, 10);
        Frame.Data message = new Frame.Data(ORIGIN, 1, 2, 7, "news", Map.of("k", "v"), new byte[] {1, 2, 3},
                new byte[] {9, 8});

        cache.put(message);

        Frame.Data kept = cache.get(new MessageId(ORIGIN, 1));
        assertThat(kept).usingRecursiveComparison().isEqualTo(message);
        assertThat(cache.get(new MessageId(ORIGIN, 2))).isNull();
        assertThat(cache.get(new MessageId(0xBEEF, 1))).isNull();
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void messageBeyondMaxMessagesEvictsTheOldest() {
        MessageCache cache = new MessageCache(3, 1_000, 10);

        for (long seq = 1; seq <= 5; seq++) {
            cache.put(message(seq, 1));
        }

        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.get(id(1))).isNull();
        assertThat(cache.get(id(2))).isNull();
        assertThat(cache.get(id(3))).isNotNull();
        assertThat(cache.get(id(5))).isNotNull();
    }

    @Test
    void messageBeyondMaxBytesEvictsTheOldestUntilThePayloadsFit() {
        MessageCache cache = new MessageCache(100, 250, 10);
        cache.put(message(1, 100));
        cache.put(message(2, 100));
        cache.put(message(3, 40));

        cache.put(message(4, 100));
        assertThat(cache.get(id(1))).as("340 bytes with it, 240 without").isNull();
        assertThat(cache.get(id(2))).isNotNull();
        cache.put(message(5, 150));

        assertThat(cache.get(id(2))).as("390 bytes with it").isNull();
        assertThat(cache.get(id(3))).as("290 bytes with it").isNull();
        assertThat(cache.get(id(4))).as("250 bytes: at the bound, not over it").isNotNull();
        assertThat(cache.get(id(5))).isNotNull();
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void bytesOfEvictedMessagesAreGivenBack() {
        MessageCache cache = new MessageCache(2, 250, 10);
        cache.put(message(1, 100));
        cache.put(message(2, 100));
        cache.put(message(3, 100)); // evicts 1 by count

        cache.put(message(4, 50)); // evicts 2 by count; 150 bytes held

        assertThat(cache.get(id(3))).isNotNull();
        assertThat(cache.get(id(4))).isNotNull();
        cache.put(message(5, 100)); // count evicts 3: 150 bytes, so 4 stays
        assertThat(cache.get(id(4))).isNotNull();
    }

    @Test
    void messageLargerThanMaxBytesIsNotKept() {
        MessageCache cache = new MessageCache(100, 250, 10);

        cache.put(message(1, 251));

        assertThat(cache.get(id(1))).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void sameMessageKeptTwiceCountsOnce() {
        MessageCache cache = new MessageCache(100, 250, 10);
        cache.put(message(1, 100));
        cache.put(message(1, 100));

        cache.put(message(2, 100));

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(id(1))).as("200 bytes held, not 300").isNotNull();
    }

    @Test
    void messageOlderThanMaxAgeTicksIsForgottenAndYoungerOnesStay() {
        MessageCache cache = new MessageCache(100, 1_000, 2);
        cache.put(message(1, 1));
        cache.tick();
        cache.put(message(2, 1));

        cache.tick();
        assertThat(cache.get(id(1))).as("two ticks old").isNotNull();
        cache.tick();

        assertThat(cache.get(id(1))).as("three ticks old").isNull();
        assertThat(cache.get(id(2))).isNotNull();
        cache.tick();
        assertThat(cache.get(id(2))).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void agedOutBytesAreGivenBack() {
        MessageCache cache = new MessageCache(100, 250, 1);
        cache.put(message(1, 200));
        cache.tick();
        cache.tick();

        cache.put(message(2, 200));

        assertThat(cache.get(id(2))).isNotNull();
    }

    @Test
    void keepsNoReferenceToTheMessagesItWasGiven() {
        // A loaded node keeps tens of thousands of messages for seconds: as objects of their own they made most of
        // a node's heap and were copied by every young collection (pauses of 20-190 ms in a 3-node benchmark)
        MessageCache cache = new MessageCache(100, 10_000, 10);
        Frame.Data message = message(1, 1_000);
        WeakReference<Frame.Data> given = new WeakReference<>(message);
        WeakReference<byte[]> payload = new WeakReference<>(message.payload());
        cache.put(message);
        message = null;

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            System.gc();
            return given.get() == null && payload.get() == null;
        });
        assertThat(cache.get(id(1)).payload()).hasSize(1_000);
    }

    @Test
    void keptPayloadsLiveOutsideTheJavaHeap() {
        // on the heap, a cache filling up was copied by every young collection until it was old (pauses of 80-120 ms
        // in a fresh benchmark node); outside it, the collector neither copies nor scans the payloads. The cache's
        // own chunks are counted: the JVM-wide direct pool also shrinks when other tests' buffers are freed meanwhile
        MessageCache cache = new MessageCache(10_000, 64L << 20, 10);

        for (long seq = 1; seq <= 4_096; seq++) {
            cache.put(message(seq, 1_024));
        }

        assertThat(cache.directBytes()).isGreaterThanOrEqualTo(4_096 * 1_024);
        assertThat(cache.get(id(4_096)).payload()).hasSize(1_024);
    }

    @Test
    void cacheThatTurnsOverTakesNoNewMemory() {
        MessageCache cache = new MessageCache(1_000, 64L << 20, 10);
        for (long seq = 1; seq <= 2_000; seq++) { // filled, and turned over once: the spare chunks are there
            cache.put(message(seq, 1_024));
        }
        long taken = cache.chunksTaken();

        for (long seq = 2_001; seq <= 20_000; seq++) {
            cache.put(message(seq, 1_024));
        }

        assertThat(cache.chunksTaken()).isEqualTo(taken);
        assertThat(cache.get(id(20_000)).payload()).hasSize(1_024);
    }

    @Test
    void payloadsComeBackIntactWhileTheCacheGrowsAndTurnsOver() {
        keepsPayloadsIntact(40, 20_000, 2_000, 300, 1_500);
    }

    @Test
    void payloadsLongerThanAChunkComeBackIntact() {
        keepsPayloadsIntact(10, 3_000_000, 60, 100_000, 700_000);
    }

    /** Checks every kept payload against a model of the bounds while messages of random lengths come and go. */
    private static void keepsPayloadsIntact(int maxMessages, long maxBytes, int count, int firstLength,
            int laterLength) {
        MessageCache cache = new MessageCache(maxMessages, maxBytes, 1_000);
        Deque<Frame.Data> expected = new ArrayDeque<>();
        Random random = new Random(15);
        long held = 0;
        for (long seq = 1; seq <= count; seq++) {
            byte[] payload = new byte[random.nextInt(seq < count / 20 ? firstLength : laterLength)];
            random.nextBytes(payload);
            Frame.Data message = new Frame.Data(ORIGIN, seq, 1, 0, "news", Map.of(), payload);
            cache.put(message);
            expected.addLast(message);
            held += payload.length;
            while (expected.size() > maxMessages || held > maxBytes) {
                held -= expected.removeFirst().payload().length;
            }
            if (seq % 7 == 0 || seq == count) {
                for (Frame.Data kept : expected) {
                    assertThat(cache.get(id(kept.sequence())).payload()).as("message %d", kept.sequence())
                            .isEqualTo(kept.payload());
                }
                assertThat(cache.size()).isEqualTo(expected.size());
            }
        }
        assertThat(cache.get(id(expected.peekFirst().sequence() - 1))).isNull();
        assertThat(Arrays.equals(cache.get(id(count)).payload(), expected.peekLast().payload())).isTrue();
    }

    @Test
    void manyOriginsComingAndGoingAreFoundWhileHeldAndOnlyThen() {
        // thousands of puts from a few origins, out of order and repeated, evicted by count, bytes and age: a message
        // is found exactly while it is among the newest held, as a list of what was kept says
        MessageCache cache = new MessageCache(300, 40_000, 3);
        Deque<Frame.Data> held = new ArrayDeque<>();
        long bytes = 0;
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            if (random.nextInt(200) == 0) {
                cache.tick();
                held.clear(); // with ticks this rare, every message held is three ticks old after the third
                for (int t = 0; t < 3; t++) {
                    cache.tick();
                }
                bytes = 0;
                assertThat(cache.size()).isZero();
                continue;
            }
            Frame.Data message = new Frame.Data(random.nextInt(5), 1 + random.nextInt(2_000), 1, 0, "news", Map.of(),
                    new byte[random.nextInt(400)]);
            boolean known = held.stream().anyMatch(h -> h.origin() == message.origin()
                    && h.sequence() == message.sequence());
            cache.put(message);
            if (!known) {
                held.addLast(message);
                bytes += message.payload().length;
                while (held.size() > 300 || bytes > 40_000) {
                    bytes -= held.removeFirst().payload().length;
                }
            }
            assertThat(cache.size()).isEqualTo(held.size());
            Frame.Data probe = new Frame.Data(random.nextInt(5), 1 + random.nextInt(2_000), 1, 0, "news", Map.of(),
                    new byte[0]);
            Frame.Data kept = held.stream().filter(h -> h.origin() == probe.origin()
                    && h.sequence() == probe.sequence()).findFirst().orElse(null);
            assertSameMessage(cache.get(new MessageId(probe.origin(), probe.sequence())), kept);
            assertSameMessage(cache.get(new MessageId(message.origin(), message.sequence())),
                    held.stream().filter(h -> h.origin() == message.origin() && h.sequence() == message.sequence())
                            .findFirst().orElse(null));
        }
    }

    /** The cache builds a message anew from what it kept: the same fields, or none when none is expected. */
    private static void assertSameMessage(Frame.Data found, Frame.Data expected) {
        if (expected == null) {
            assertThat(found).isNull();
            return;
        }
        assertThat(found).isNotNull();
        assertThat(found.origin()).isEqualTo(expected.origin());
        assertThat(found.sequence()).isEqualTo(expected.sequence());
        assertThat(found.payload()).isEqualTo(expected.payload());
    }

    private static MessageId id(long sequence) {
        return new MessageId(ORIGIN, sequence);
    }

    private static Frame.Data message(long sequence, int payloadBytes) {
        return new Frame.Data(ORIGIN, sequence, 1, 0, "news", Map.of(), new byte[payloadBytes]);
    }
}
