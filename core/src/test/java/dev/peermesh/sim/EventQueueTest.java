package dev.peermesh.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The agenda hands out events in (time, insertion sequence) order, whether they are due within the timing wheel's
 * reach or far beyond it, and however they were interleaved with taking.
 */
class EventQueueTest {

    private final EventQueue queue = new EventQueue();

    @Test
    void eventsDueInTheSameMillisecondComeOutInTheOrderTheyWereScheduled() {
        queue.add(5, 1, 0, 0, "first");
        queue.add(3, 1, 0, 0, "earlier");
        queue.add(5, 1, 0, 0, "second");
        queue.add(5, 1, 0, 0, "third");

        assertThat(drain(Long.MAX_VALUE)).containsExactly("earlier", "first", "second", "third");
    }

    @Test
    void eventsBeyondTheWheelKeepTheirOrderAmongEventsScheduledLaterForTheSameTime() {
        long far = EventQueue.SLOTS * 3L + 7;
        queue.add(far, 1, 0, 0, "scheduled first, far ahead");
        queue.add(far - EventQueue.SLOTS + 1, 1, 0, 0, "step");
        assertThat(queue.poll(Long.MAX_VALUE).payload).isEqualTo("step"); // now the far event is within reach
        queue.add(far, 1, 0, 0, "scheduled second, close by");

        assertThat(drain(Long.MAX_VALUE)).containsExactly("scheduled first, far ahead", "scheduled second, close by");
    }

    @Test
    void pollStopsAtTheLimitAndLeavesTheClockThere() {
        queue.add(10, 1, 0, 0, "due");
        queue.add(20, 1, 0, 0, "not yet");

        assertThat(drain(15)).containsExactly("due");
        assertThat(queue.now()).isEqualTo(15);
        assertThat(queue.size()).isEqualTo(1);
    }

    @Test
    void anEventInThePastIsRefused() {
        queue.add(10, 1, 0, 0, "x");
        queue.poll(Long.MAX_VALUE);

        assertThatIllegalArgumentException().isThrownBy(() -> queue.add(9, 1, 0, 0, "late"))
                .withMessageContaining("9 ms is in the past");
    }

    @Test
    void randomSchedulesComeOutAsAPriorityQueueOrderedByTimeThenSequenceWouldGiveThem() {
        SplittableRandom random = new SplittableRandom(3);
        List<long[]> expected = new ArrayList<>(); // {time, sequence}
        List<long[]> actual = new ArrayList<>();
        long sequence = 0;
        for (int round = 0; round < 2_000; round++) {
            int adds = random.nextInt(5);
            for (int i = 0; i < adds; i++) {
                long delay = random.nextInt(4) == 0 ? random.nextInt(5 * EventQueue.SLOTS) : random.nextInt(12);
                long time = queue.now() + delay;
                queue.add(time, 1, 0, 0, new long[] {time, sequence});
                expected.add(new long[] {time, sequence++});
            }
            EventQueue.Event event = queue.poll(Long.MAX_VALUE);
            if (event != null) {
                assertThat(event.time).isEqualTo(queue.now());
                actual.add((long[]) event.payload);
            }
        }
        for (EventQueue.Event event; (event = queue.poll(Long.MAX_VALUE)) != null; ) {
            actual.add((long[]) event.payload);
        }
        expected.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));

        assertThat(actual).hasSameSizeAs(expected);
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    private List<Object> drain(long until) {
        List<Object> out = new ArrayList<>();
        for (EventQueue.Event event; (event = queue.poll(until)) != null; ) {
            out.add(event.payload);
        }
        return out;
    }
}
