package dev.peermesh.dissemination;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peermesh.MeshMessage;
import dev.peermesh.MessageId;
import dev.peermesh.NodeState;
import dev.peermesh.wire.Frame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Per-origin order: a gap holds only its own origin's later messages, until the missing one comes, is reported
 * lost, waits too long or overflows the bound; nothing is delivered out of order and nothing vanishes unreported.
 */
class OriginOrderTest {

    private static final long A = 0xA;
    private static final long B = 0xB;

    private final Sink sink = new Sink();

    /** A start wait of 100 ms, 1 MiB, 3 ticks' wait, 100 origins, forgotten after 50 idle ticks. */
    private OriginOrder order = new OriginOrder(sink, 100, 1 << 20, 3, 100, 50);

    @Test
    void deliversInOrderAtOnce() {
        arrive(A, 1);
        arrive(A, 2);
        arrive(B, 1);
        arrive(A, 3);
        assertThat(sink.said).containsExactly("A1", "A2", "B1", "A3");
        assertThat(order.counters()).isEqualTo(NodeState.Reordering.NONE);
    }

    @Test
    void aGapHoldsItsOriginsLaterMessagesUntilTheMissingOneComes() {
        arrive(A, 1);
        arrive(A, 3);
        arrive(A, 4);
        arrive(B, 1);
        assertThat(sink.said).containsExactly("A1", "B1");
        assertThat(order.counters().held()).isEqualTo(2);
        assertThat(order.counters().heldBytes()).isEqualTo(2 * (OriginOrder.HELD_OVERHEAD + 3));

        arrive(A, 2);

        assertThat(sink.said).containsExactly("A1", "B1", "A2", "A3", "A4");
        assertThat(order.counters()).isEqualTo(NodeState.Reordering.NONE);
    }

    @Test
    void aLossReportedByTheStrategyLetsDeliveryGoOnInOrderWithTheLossEvent() {
        arrive(A, 1);
        arrive(A, 3);
        arrive(A, 5);
        order.lost(new MessageId(A, 4), "pull failed");
        assertThat(sink.said).containsExactly("A1");

        order.lost(new MessageId(A, 2), "pull failed");

        assertThat(sink.said).containsExactly("A1", "lost A2: pull failed", "A3", "lost A4: pull failed", "A5");
        assertThat(order.counters().held()).isZero();
    }

    @Test
    void aLossOfAnOriginNeverHeardOrBeforeTheFirstNumberHeardIsPassedOn() {
        order.lost(new MessageId(B, 9), "never came");
        arrive(A, 10);
        sink.now = 100;
        order.onStartTimer();
        order.lost(new MessageId(A, 4), "never came");
        assertThat(sink.said).containsExactly("lost B9: never came", "A10", "lost A4: never came");
    }

    @Test
    void anOriginFirstHeardPastNumberOneWaitsForLowerNumbersBeforeItsOrderBegins() {
        arrive(A, 7);
        arrive(A, 5);
        arrive(B, 1);
        arrive(B, 2);
        sink.now = 99;
        assertThat(sink.timers).containsExactly(OriginOrder.START_TIMER + "@100");
        assertThat(sink.said).containsExactly("B1", "B2"); // B began at 1: nothing before it to wait for

        arrive(A, 6);
        sink.now = 100;
        order.onStartTimer();

        assertThat(sink.said).containsExactly("B1", "B2", "A5", "A6", "A7");
    }

    @Test
    void gapsBelowTheFirstNumberHeardAreGivenUpWhenTheStartWaitEnds() {
        arrive(A, 10);
        arrive(A, 7); // lower, within the wait: the order begins at 7; 8 and 9 are none of the strategy's gaps
        arrive(A, 11);
        arrive(A, 13);
        sink.now = 100;
        order.onStartTimer();
        assertThat(sink.said).hasSize(5).startsWith("A7").endsWith("A10", "A11");
        assertThat(sink.said.get(1)).startsWith("lost A8: it was published before this node first heard of its");
        assertThat(sink.said.get(2)).startsWith("lost A9: ");
        assertThat(order.counters().held()).as("13 waits for 12, a gap the strategy repairs or reports").isEqualTo(1);
    }

    @Test
    void aNumberBelowWhereTheOrderBeganIsReportedLate() {
        arrive(A, 5);
        sink.now = 100;
        order.onStartTimer();
        arrive(A, 4);
        assertThat(sink.said).containsExactly("A5", "lost A4: it arrived after a later message of its origin had "
                + "been delivered, so it was not delivered (peermesh.ordering=fifo)");
    }

    @Test
    void startWaitsEndInTheOrderTheyBeganEachAfterItsOwnWait() {
        arrive(A, 5);
        sink.now = 60;
        arrive(B, 8);
        sink.now = 100;
        order.onStartTimer();
        assertThat(sink.said).containsExactly("A5");
        assertThat(sink.timers).containsExactly(OriginOrder.START_TIMER + "@100", OriginOrder.START_TIMER + "@160");
        sink.now = 160;
        order.onStartTimer();
        assertThat(sink.said).containsExactly("A5", "B8");
    }

    @Test
    void aGapNobodyReportsIsGivenUpAfterTheWaitAndEachMissingNumberReported() {
        arrive(A, 1);
        arrive(A, 4);
        arrive(A, 5);
        for (int i = 0; i < 3; i++) {
            order.tick();
        }
        assertThat(sink.said).containsExactly("A1"); // waited 3 ticks: not longer yet

        order.tick();

        assertThat(sink.said).hasSize(5).startsWith("A1").endsWith("A4", "A5");
        assertThat(sink.said.get(1)).startsWith("lost A2: it did not arrive within the repair window");
        assertThat(sink.said.get(2)).startsWith("lost A3: ");
        assertThat(order.counters()).isEqualTo(new NodeState.Reordering(0, 0, 0, 2, 0));
    }

    @Test
    void heldBytesPastTheBoundGiveUpTheOldestGapFirst() {
        order = new OriginOrder(sink, 100, 3 * (OriginOrder.HELD_OVERHEAD + 3), 100, 100, 500);
        arrive(A, 1);
        arrive(B, 1);
        arrive(A, 3); // A's gap opens first
        arrive(B, 3);
        arrive(B, 4);
        assertThat(sink.said).containsExactly("A1", "B1");

        arrive(B, 5); // a fourth message held: A's gap goes

        assertThat(sink.said).hasSize(4).endsWith("A3");
        assertThat(sink.said.get(2)).startsWith("lost A2: the messages of its origin behind it reached "
                + "peermesh.limits.max-reorder-bytes");
        assertThat(order.counters()).isEqualTo(new NodeState.Reordering(3, 3 * (OriginOrder.HELD_OVERHEAD + 3), 0,
                0, 1));
    }

    @Test
    void catchingUpOnSomeTopicsReplayedMessagesBelowTheFirstLiveOneWaitForNoGapButLiveGapsStillDo() {
        order = new OriginOrder(sink, 100, 1 << 20, 3, 100, 50, true);
        order.catchingUp(true);
        replay(A, 102); // a catch-up on some topics only: the numbers between are other topics'
        replay(A, 106);
        replay(A, 104);
        arrive(A, 110);
        sink.now = 100;
        order.onStartTimer();
        assertThat(sink.said).as("the catch-up is not over").isEmpty();

        order.catchingUp(false);

        assertThat(sink.said).as("history: no loss, no wait").containsExactly("A102", "A104", "A106");
        assertThat(order.historySkipped()).isEqualTo(2);
        replay(A, 112); // above the first live number: an ordinary message, it waits
        arrive(A, 108);
        arrive(A, 109);
        arrive(A, 107);
        assertThat(sink.said).endsWith("A106", "A107", "A108", "A109", "A110");
        arrive(A, 111);
        assertThat(sink.said).endsWith("A111", "A112");
        assertThat(order.counters()).isEqualTo(NodeState.Reordering.NONE);
    }

    @Test
    void catchingUpOnSomeTopicsTheGapBelowTheFirstLiveMessageIsHistoryOnceAStartWaitPassedAfterTheEnd() {
        order = new OriginOrder(sink, 100, 1 << 20, 3, 100, 50, true);
        order.catchingUp(true);
        replay(A, 11);
        replay(A, 12); // 13 was another topic's, published before this node joined
        arrive(A, 14);
        sink.now = 100;
        order.catchingUp(false);
        order.onStartTimer(); // the start wait's timer, due now too
        assertThat(sink.said).as("13 may still be on its way").containsExactly("A11", "A12");

        sink.now = 199;
        order.onStartTimer();
        assertThat(sink.said).hasSize(2);
        sink.now = 200;
        order.onStartTimer();

        assertThat(sink.said).containsExactly("A11", "A12", "A14");
        assertThat(order.historySkipped()).isEqualTo(1);
        assertThat(order.counters()).isEqualTo(NodeState.Reordering.NONE);
    }

    @Test
    void catchingUpOnSomeTopicsWhenALiveMessageCameFirstTheHistoryBelowItIsNoLossEither() {
        order = new OriginOrder(sink, 100, 1 << 20, 3, 100, 50, true);
        order.catchingUp(true);
        arrive(A, 14); // live traffic reaches a joining node before the paced replays
        replay(A, 11);
        replay(A, 12);
        sink.now = 100;
        order.catchingUp(false);
        order.onStartTimer();

        assertThat(sink.said).containsExactly("A11", "A12", "A14");
        assertThat(order.counters()).isEqualTo(NodeState.Reordering.NONE);
    }

    @Test
    void aReplayedNumberPassedByCountsAsReplayedNotAsTheFirstLiveOne() {
        order = new OriginOrder(sink, 100, 1 << 20, 3, 100, 50, true);
        order.catchingUp(true);
        replay(A, 10);
        order.passedBy(new MessageId(A, 12), true); // a request to every node, replayed: not answered that late
        replay(A, 14);
        arrive(A, 20);
        sink.now = 100;
        order.catchingUp(false);
        order.onStartTimer();
        assertThat(sink.said).as("15 to 19 may be on their way").containsExactly("A10", "A14");
        sink.now = 200;
        order.onStartTimer();

        assertThat(sink.said).containsExactly("A10", "A14", "A20");
        assertThat(order.counters()).isEqualTo(NodeState.Reordering.NONE);
    }

    @Test
    void theFirstLiveMessageOfAReplayedOriginAfterTheCatchUpWaitsForNoHistory() {
        order = new OriginOrder(sink, 100, 1 << 20, 3, 100, 50, true);
        order.catchingUp(true);
        replay(A, 1); // the origin's first: no start wait
        replay(A, 3);
        order.catchingUp(false);
        sink.now = 100;
        order.onStartTimer(); // the history pass: nothing waits yet

        arrive(A, 9); // the origin was silent meanwhile

        assertThat(sink.said).containsExactly("A1", "A3", "A9");
    }

    @Test
    void whatStartWaitsAndACatchUpHoldIsNoDeliveryBacklog() {
        int each = OriginOrder.HELD_OVERHEAD + 3;
        order = new OriginOrder(sink, 100, 4 * each, 100, 100, 500);
        arrive(A, 5);
        arrive(A, 7);
        assertThat(order.deliveryBacklogged()).as("held by the start wait").isFalse();
        order.catchingUp(true);
        arrive(B, 1);
        arrive(B, 3);
        arrive(B, 4);
        assertThat(order.deliveryBacklogged()).as("catching up").isFalse();

        order.catchingUp(false);

        assertThat(order.deliveryBacklogged()).as("B's gap holds two messages: past a quarter").isTrue();
    }

    @Test
    void aMessageOfTheSkippedHistoryThatComesAfterAllIsReportedLost() {
        order = new OriginOrder(sink, 100, 1 << 20, 3, 100, 50, true);
        order.catchingUp(true);
        replay(A, 10);
        replay(A, 13);
        order.catchingUp(false);
        sink.now = 100;
        order.onStartTimer();
        assertThat(sink.said).containsExactly("A10", "A13");

        arrive(A, 12); // a message the rings lacked, still on its way

        assertThat(sink.said).hasSize(3);
        assertThat(sink.said.get(2)).startsWith("lost A12: it arrived after a later message of its origin");
    }

    @Test
    void catchingUpOnEveryTopicReplayedMessagesWaitForGapsAsAnyOther() {
        order.catchingUp(true);
        replay(A, 10);
        replay(A, 12);
        order.catchingUp(false);
        sink.now = 100;
        order.onStartTimer();
        assertThat(sink.said).as("11 may be on its way").containsExactly("A10");

        arrive(A, 11);

        assertThat(sink.said).containsExactly("A10", "A11", "A12");
    }

    @Test
    void heldBytesPastAQuarterOfTheBoundAreABacklogUntilTheGapFills() {
        int each = OriginOrder.HELD_OVERHEAD + 3;
        order = new OriginOrder(sink, 100, 8 * each, 100, 100, 500);
        arrive(A, 1);
        arrive(A, 3);
        arrive(A, 4);
        assertThat(order.deliveryBacklogged()).as("a quarter held, not past it").isFalse();

        arrive(A, 5);
        assertThat(order.deliveryBacklogged()).isTrue();

        arrive(A, 2);
        assertThat(order.deliveryBacklogged()).isFalse();
        assertThat(sink.said).containsExactly("A1", "A2", "A3", "A4", "A5");
    }

    @Test
    void numbersNoOriginReachesPassUnorderedAndNothingWraps() {
        arrive(A, 1);
        arrive(A, Long.MAX_VALUE);
        arrive(A, -5);
        arrive(A, 3);
        for (int i = 0; i < 4; i++) {
            order.tick();
        }
        assertThat(sink.said).hasSize(5).startsWith("A1", "A" + Long.MAX_VALUE, "A-5").endsWith("A3");
        assertThat(sink.said.get(3)).startsWith("lost A2: it did not arrive within the repair window");
    }

    @Test
    void aLossBelowTheFirstNumberWithinTheStartWaitBeginsTheOrderThere() {
        arrive(A, 10);
        order.lost(new MessageId(A, 8), "pull failed");
        arrive(A, 7);
        arrive(A, 9);
        sink.now = 100;
        order.onStartTimer();
        assertThat(sink.said).containsExactly("A7", "lost A8: pull failed", "A9", "A10");
        assertThat(order.counters().held()).isZero();
    }

    @Test
    void aMessageArrivingAfterItsNumberWasGivenUpIsNotReportedTwice() {
        arrive(A, 1);
        arrive(A, 3);
        for (int i = 0; i < 4; i++) {
            order.tick();
        }
        arrive(A, 2);
        order.lost(new MessageId(A, 2), "the strategy's own report");
        assertThat(sink.said).doesNotContain("A2").filteredOn(said -> said.startsWith("lost A2")).hasSize(1);
        assertThat(order.counters().late()).isEqualTo(1);
        assertThat(order.lateBeforeFloor()).isZero();
        assertThat(order.reportedTwice()).isEqualTo(1);
    }

    @Test
    void numbersHeldInTheirPlacesAreNotCountedAsHeldMessages() {
        arrive(A, 1);
        order.passedBy(new MessageId(A, 3), false);
        order.lost(new MessageId(A, 4), "pull failed");
        arrive(A, 5);
        assertThat(order.counters().held()).isEqualTo(1);
        assertThat(order.counters().heldBytes()).isEqualTo(3 * OriginOrder.HELD_OVERHEAD + 3);
    }

    @Test
    void aGapWaitsFromTheArrivalOfTheFirstMessageBehindItNotOfTheLowest() {
        arrive(A, 1);
        arrive(A, 5); // the wait begins
        order.tick();
        order.tick();
        arrive(A, 3); // lower, later: must not restart the wait
        order.tick();
        order.tick(); // 4 ticks since 5 came: past the 3 allowed
        assertThat(sink.said).startsWith("A1", "lost A2: it did not arrive within the repair window, and the "
                + "messages of its origin behind it were delivered (peermesh.ordering=fifo)", "A3");
    }

    @Test
    void aMessageThePropagationFilterKeptAwayIsNotWaitedFor() {
        arrive(A, 1);
        arrive(A, 3);
        order.passedBy(new MessageId(A, 2), false);
        assertThat(sink.said).containsExactly("A1", "A3");
    }

    @Test
    void ownMessagesPassStraightThrough() {
        order.deliver(message(A, 5, 0));
        order.deliver(message(A, 2, 0));
        assertThat(sink.said).containsExactly("A5", "A2");
        assertThat(order.origins()).isZero();
    }

    @Test
    void aGapLongerThanTheReportBoundIsOneLossNamingItsRange() {
        arrive(A, 1);
        arrive(A, 1_000_002);
        for (int i = 0; i < 4; i++) {
            order.tick();
        }
        assertThat(sink.said).containsExactly("A1", "lost A2: it did not arrive within the repair window, and the "
                + "messages of its origin behind it were delivered (peermesh.ordering=fifo); so were the 999999 "
                + "numbers after it, up to 1000001", "A1000002");
        assertThat(order.counters().expired()).isEqualTo(1_000_000);
    }

    @Test
    void anOriginForgottenForTheBoundDeliversWhatItHeld() {
        order = new OriginOrder(sink, 100, 1 << 20, 100, 2, 500);
        arrive(A, 1);
        arrive(A, 3);
        arrive(B, 1);

        arrive(0xC, 1); // a third origin: A, the least recently heard, is forgotten

        assertThat(sink.said).hasSize(5).containsSubsequence("A1", "B1", "A3", "C1");
        assertThat(sink.said).anySatisfy(said -> assertThat(said).startsWith("lost A2: its origin was forgotten"));
        assertThat(order.origins()).isEqualTo(2);
    }

    @Test
    void aSilentOriginIsForgottenAndStartsAfreshWhenHeardAgain() {
        arrive(A, 1);
        for (int i = 0; i < 51; i++) {
            order.tick();
        }
        assertThat(order.origins()).isZero();
        arrive(A, 9);
        sink.now = 100;
        order.onStartTimer();
        assertThat(sink.said).containsExactly("A1", "A9");
    }

    /**
     * Every origin's messages arrive shuffled within a window, some never (the strategy reports some of those, the
     * order gives up on the rest), some after they were given up on: each origin's deliveries rise strictly, and
     * every number from the first heard on is delivered or reported lost exactly once.
     */
    @Test
    void modelCheckOrderAndAccounting() {
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            Sink model = new Sink();
            OriginOrder checked = new OriginOrder(model, 25, 40 * (OriginOrder.HELD_OVERHEAD + 3), 4, 8, 1000);
            List<long[]> arrivals = new ArrayList<>();
            for (long origin = 1; origin <= 5; origin++) {
                for (long sequence = 1; sequence <= 300; sequence++) {
                    int fate = random.nextInt(20);
                    if (fate == 0) {
                        continue; // never comes, never reported: the order's wait or bound gives it up
                    }
                    long kind = fate == 1 ? 1 : 0; // 1: the strategy reports it lost
                    arrivals.add(new long[] {origin, sequence, kind, sequence + random.nextInt(30)});
                }
            }
            arrivals.sort((x, y) -> Long.compare(x[3], y[3]));
            long step = 0;
            int fired = 0;
            for (long[] arrival : arrivals) {
                model.now = arrival[3];
                if (model.timers.size() > fired && Long.parseLong(model.timers.get(fired).split("@")[1]) <= model.now) {
                    fired++;
                    checked.onStartTimer();
                }
                if (arrival[3] / 10 > step) {
                    step = arrival[3] / 10;
                    checked.tick();
                }
                if (arrival[2] == 1) {
                    checked.lost(new MessageId(arrival[0], arrival[1]), "reported");
                }
                else {
                    checked.deliver(message(arrival[0], arrival[1], 1));
                }
            }
            model.now += 1000;
            if (model.timers.size() > fired) {
                checked.onStartTimer();
            }
            for (int i = 0; i < 10; i++) {
                checked.tick();
            }
            Map<Long, Long> lastDelivered = new HashMap<>();
            Set<String> accounted = new HashSet<>();
            for (Object item : model.items) {
                if (item instanceof MeshMessage message) {
                    long previous = lastDelivered.getOrDefault(message.id().origin(), 0L);
                    assertThat(message.id().sequence()).as("order of %s", message.id()).isGreaterThan(previous);
                    lastDelivered.put(message.id().origin(), message.id().sequence());
                    assertThat(accounted.add(message.id().toString())).as("once: %s", message.id()).isTrue();
                }
                else {
                    MessageId id = (MessageId) item;
                    accounted.add(id.toString()); // a late arrival is a second word about a number: allowed
                }
            }
            for (long origin = 1; origin <= 5; origin++) {
                long o = origin;
                long last = arrivals.stream().filter(a -> a[0] == o).mapToLong(a -> a[1]).max().orElse(0);
                for (long sequence = firstMessage(arrivals, origin); sequence <= last; sequence++) {
                    assertThat(accounted).as("round %d", round).contains(new MessageId(origin, sequence).toString());
                }
            }
            assertThat(checked.counters().held()).isZero();
        }
    }

    /** The first number of the origin to arrive as a message: where its order begins. */
    private static long firstMessage(List<long[]> arrivals, long origin) {
        for (long[] arrival : arrivals) {
            if (arrival[0] == origin && arrival[2] == 0) {
                return arrival[1];
            }
        }
        return Long.MAX_VALUE;
    }

    private void arrive(long origin, long sequence) {
        order.deliver(message(origin, sequence, 1));
    }

    private void replay(long origin, long sequence) {
        order.deliver(new MeshMessage(new MessageId(origin, sequence), "t",
                Map.of(MeshMessage.REPLAYED_HEADER, "true"), new byte[3], 1, 0));
    }

    private static MeshMessage message(long origin, long sequence, int hops) {
        return new MeshMessage(new MessageId(origin, sequence), "t", Map.of(), new byte[3], hops, 0);
    }

    /** What the order said, as "A3" for a delivery and "lost A2: reason" for a loss. */
    private static final class Sink implements DisseminationSink {

        final List<String> said = new ArrayList<>();
        final List<Object> items = new ArrayList<>();
        final List<String> timers = new ArrayList<>();
        long now;

        @Override
        public void deliver(MeshMessage message) {
            said.add(name(message.id()));
            items.add(message);
        }

        @Override
        public void lost(MessageId id, String reason) {
            said.add("lost " + name(id) + ": " + reason);
            items.add(id);
        }

        private static String name(MessageId id) {
            return Long.toHexString(id.origin()).toUpperCase() + id.sequence();
        }

        @Override
        public void send(long link, Frame frame) {
            throw new AssertionError("the order sends nothing");
        }

        @Override
        public void schedule(long token, long delayMillis) {
            timers.add(token + "@" + (now + delayMillis));
        }

        @Override
        public long now() {
            return now;
        }
    }
}
