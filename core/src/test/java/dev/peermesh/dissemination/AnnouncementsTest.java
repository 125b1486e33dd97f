package dev.peermesh.dissemination;

import dev.peermesh.MeshMessage;
import dev.peermesh.MessageId;
import dev.peermesh.wire.Frame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Announcement batches kept in arrays send exactly the IHAVEs, in the order, that batches of maps made per link and
 * interval sent (the former implementation, kept here as the model), whatever links, origins and numbers come.
 */
class AnnouncementsTest {

    @ParameterizedTest(name = "{0} links, {1} origins, flush every {2} adds")
    @CsvSource({"1, 1, 3", "5, 3, 10", "5, 40, 50", "8, 300, 400", "3, 2000, 3000", "6, 5, 5000"})
    void sendsWhatMapsPerBatchSent(int linkCount, int originCount, int flushEvery) {
        Random random = new Random(linkCount * 1_000L + originCount);
        Recorder sent = new Recorder();
        Recorder expected = new Recorder();
        Announcements announcements = new Announcements(sent, 0);
        Model model = new Model(expected);
        long[] links = new long[linkCount];
        for (int i = 0; i < linkCount; i++) {
            links[i] = random.nextInt(4) == 0 ? i : random.nextLong();
        }
        long[] next = new long[originCount];
        for (int step = 0; step < 60_000; step++) {
            long link = links[random.nextInt(linkCount)];
            int origin = random.nextInt(originCount);
            long sequence = switch (random.nextInt(6)) {
                case 0 -> Math.max(1, next[origin] - random.nextInt(4)); // again, or a little back
                case 1 -> next[origin] += 2 + random.nextInt(3); // a gap
                default -> ++next[origin];
            };
            int hops = random.nextInt(12);
            long originId = origin * 0x9E37_79B9L - 7;
            assertThat(announcements.add(link, originId, sequence, hops)).as("step %d", step)
                    .isEqualTo(model.add(link, originId, sequence, hops));
            if (random.nextInt(flushEvery) == 0) {
                announcements.flush();
                model.flush();
            }
            if (random.nextInt(2_000) == 0) {
                long gone = links[random.nextInt(linkCount)];
                announcements.forget(gone);
                model.forget(gone);
            }
            assertThat(sent.frames).as("step %d", step).hasSameSizeAs(expected.frames);
        }
        announcements.flush();
        model.flush();
        assertThat(sent.frames).isEqualTo(expected.frames);
        assertThat(announcements.announced()).isEqualTo(model.announced);
        assertThat(sent.frames.stream().filter(frame -> frame.contains("IHave")).count()).isPositive();
    }

    @Test
    void consecutiveNumbersOfAnOriginBecomeOneRangeWithTheFewestHops() {
        Recorder sent = new Recorder();
        Announcements announcements = new Announcements(sent, 0);

        assertThat(announcements.add(7, 100, 1, 4)).isTrue();
        assertThat(announcements.add(7, 100, 2, 2)).isFalse();
        announcements.add(7, 200, 9, 1);
        announcements.add(7, 100, 3, 3);
        announcements.add(8, 100, 5, 6);
        announcements.flush();

        assertThat(sent.frames).containsExactly(
                "7 " + new Frame.IHave(List.of(new Frame.Announcement(100, 1, 3, 2),
                        new Frame.Announcement(200, 9, 1))),
                "8 " + new Frame.IHave(List.of(new Frame.Announcement(100, 5, 6))));
    }

    @Test
    void aFullBatchGoesOutAtOnceAndTheLinkComesLastAfterwards() {
        Recorder sent = new Recorder();
        Announcements announcements = new Announcements(sent, 0);

        announcements.add(1, 5, 1, 0);
        announcements.add(2, 5, 1, 0);
        for (int origin = 1; origin < Frame.MAX_MESSAGE_IDS; origin++) {
            announcements.add(1, 1_000 + origin, 1, 0);
        }
        assertThat(sent.frames).hasSize(1).allMatch(frame -> frame.startsWith("1 "));
        announcements.add(1, 5, 2, 0);
        announcements.flush();

        assertThat(sent.frames).hasSize(3);
        assertThat(sent.frames.get(1)).isEqualTo("2 " + new Frame.IHave(List.of(new Frame.Announcement(5, 1, 0))));
        assertThat(sent.frames.get(2)).isEqualTo("1 " + new Frame.IHave(List.of(new Frame.Announcement(5, 2, 0))));
    }

    /** Records what was sent, link and frame, in order. */
    private static final class Recorder implements DisseminationSink {

        final List<String> frames = new ArrayList<>();

        @Override
        public void send(long link, Frame frame) {
            frames.add(link + " " + frame);
        }

        @Override
        public void deliver(MeshMessage message) {
        }

        @Override
        public void schedule(long token, long delayMillis) {
        }

        @Override
        public long now() {
            return 0;
        }

        @Override
        public void lost(MessageId id, String reason) {
        }
    }

    /** The implementation before the arrays (commit c914d17): a map of batches, each with a map of origins. */
    private static final class Model {

        private final DisseminationSink sink;

        private final Map<Long, Batch> batches = new LinkedHashMap<>();

        private boolean flushScheduled;

        long announced;

        Model(DisseminationSink sink) {
            this.sink = sink;
        }

        boolean add(long link, long origin, long sequence, int hops) {
            announced++;
            Batch batch = batches.computeIfAbsent(link, l -> new Batch());
            batch.add(origin, sequence, hops);
            if (batch.ranges.size() >= Frame.MAX_MESSAGE_IDS) {
                sink.send(link, batch.frame());
                batches.remove(link);
                return false;
            }
            if (flushScheduled) {
                return false;
            }
            flushScheduled = true;
            return true;
        }

        void flush() {
            flushScheduled = false;
            for (Map.Entry<Long, Batch> batch : batches.entrySet()) {
                sink.send(batch.getKey(), batch.getValue().frame());
            }
            batches.clear();
        }

        void forget(long link) {
            batches.remove(link);
        }

        private static final class Batch {

            final List<long[]> ranges = new ArrayList<>();

            final Map<Long, Integer> open = new HashMap<>();

            void add(long origin, long sequence, int hops) {
                Integer index = open.get(origin);
                if (index != null) {
                    long[] range = ranges.get(index);
                    if (sequence == range[2] + 1 || (sequence >= range[1] && sequence <= range[2])) {
                        range[2] = Math.max(range[2], sequence);
                        range[3] = Math.min(range[3], hops);
                        return;
                    }
                }
                open.put(origin, ranges.size());
                ranges.add(new long[] {origin, sequence, sequence, hops});
            }

            Frame.IHave frame() {
                List<Frame.Announcement> announcements = new ArrayList<>(ranges.size());
                for (long[] range : ranges) {
                    announcements.add(new Frame.Announcement(range[0], range[1], range[2], (int) range[3]));
                }
                return new Frame.IHave(announcements);
            }
        }
    }
}
