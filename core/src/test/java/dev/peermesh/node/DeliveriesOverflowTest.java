package dev.peermesh.node;

import dev.peermesh.MeshMessage;
import dev.peermesh.MessageId;
import dev.peermesh.TopicFilter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The last bound on messages waiting for subscribers ({@code limits.max-pending-deliveries}): the node stops reading
 * at half the capacity, so what a turn of the loop already read waits on the loop; only what waits beyond four times
 * the capacity (at least 16,384) is dropped — counted, and the rest delivered in order once the subscriber catches
 * up.
 */
class DeliveriesOverflowTest {

    private final CountDownLatch release = new CountDownLatch(1);

    private final List<Long> delivered = Collections.synchronizedList(new ArrayList<>());

    @Test
    void whatWaitsBeyondFourTimesTheCapacityIsDroppedAndCountedTheRestDeliveredInOrder() {
        int capacity = 5_000; // four times it, 20,000, is above the floor of 16,384
        assertDropsBeyond(capacity, 4 * capacity);
    }

    @Test
    void aSmallCapacityStillLetsSixteenThousandWaitBeforeAnythingIsDropped() {
        assertDropsBeyond(10, 16_384);
    }

    private void assertDropsBeyond(int capacity, int waitingLimit) {
        Deliveries deliveries = new Deliveries("overflow", capacity);
        deliveries.subscribe(TopicFilter.of("*"), this::slowSubscriber);
        int beyond = 123;
        long total = capacity + waitingLimit + beyond;
        try {
            for (long sequence = 1; sequence <= total; sequence++) {
                deliveries.deliver(message(sequence));
            }
            deliveries.flush(); // the capacity goes to the delivery thread, the rest waits on the loop

            assertThat(deliveries.overflows()).as("dropped beyond %d waiting", waitingLimit).isEqualTo(beyond);
            release.countDown();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1)).untilAsserted(() -> {
                deliveries.flush(); // the loop hands over what waits as room comes
                assertThat(delivered).hasSize((int) (total - beyond));
            });
            assertThat(delivered).as("in order, the first ones kept")
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, total - beyond).boxed().toList());
            assertThat(deliveries.overflows()).isEqualTo(beyond);
        }
        finally {
            release.countDown();
            deliveries.shutdown(1_000);
        }
    }

    private void slowSubscriber(MeshMessage message) {
        try {
            assertThat(release.await(30, TimeUnit.SECONDS)).as("released").isTrue();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        delivered.add(message.id().sequence());
    }

    private static MeshMessage message(long sequence) {
        return new MeshMessage(new MessageId(7, sequence), "news", Map.of(), new byte[0], 1, 0);
    }
}
