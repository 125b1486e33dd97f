package dev.peermesh.dissemination;

import dev.peermesh.CatchUpSettings;
import dev.peermesh.DeliveryOrder;
import dev.peermesh.MeshMessage;
import dev.peermesh.MeshSettings;
import dev.peermesh.NodeState;
import dev.peermesh.PropagationFilter;
import dev.peermesh.wire.Frame;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A node catching up: whom it asks, what it delivers of the replays, and when it is done. */
class CatchUpTest extends PlumtreeFixture {

    /** Delivering as messages come ({@code ordering=none}): the catch-up's own rules; with the order, further down. */
    static final MeshSettings CATCHING_UP = MeshSettings.builder("m").ordering(DeliveryOrder.NONE)
            .catchUp(CatchUpSettings.enabled(List.of(CatchUpSettings.Topics.ALL))).build();

    static final MeshSettings PLAIN = MeshSettings.builder("m").build();

    Dissemination node(MeshSettings settings) {
        return Disseminations.of(settings, PropagationFilter.ALL).create(sink);
    }

    static Frame.Data message(long origin, long sequence) {
        return new Frame.Data(origin, sequence, 2, 0, "news", Map.of(), new byte[] {(byte) sequence});
    }

    static Frame.Replay replay(long sequence) {
        return new Frame.Replay(message(ORIGIN, sequence));
    }

    private List<Long> delivered() {
        return sink.deliveries.stream().map(m -> m.id().sequence()).toList();
    }

    private List<Long> deliveredReplayed() {
        return sink.deliveries.stream().filter(MeshMessage::isReplayed).map(m -> m.id().sequence()).toList();
    }

    @Test
    void aStartingNodeAsksItsFirstTwoNeighborsAndEndsWhenBothAnswered() {
        Dissemination node = node(CATCHING_UP);
        node.neighborUp(1);
        node.neighborUp(2);
        node.neighborUp(3);

        assertThat(sink.linksOf(Frame.CatchUp.class)).containsExactly(1L, 2L);
        assertThat(sink.sentOfType(Frame.CatchUp.class).get(0).rules())
                .containsExactly(new Frame.CatchUpRule("*", 60_000, 10_000));
        assertThat(sink.catchingUp).containsExactly(true);

        node.receiveControl(1, new Frame.CaughtUp(0));
        assertThat(sink.catchingUp).containsExactly(true);
        node.receiveControl(2, new Frame.CaughtUp(0));
        assertThat(sink.catchingUp).containsExactly(true, false);
        assertThat(node.counters().catchUp()).isEqualTo(new NodeState.CatchUp(1, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void aNodeWithoutCatchUpAsksNobody() {
        Dissemination node = node(PLAIN);
        node.neighborUp(1);

        assertThat(sink.sentOfType(Frame.CatchUp.class)).isEmpty();
        assertThat(sink.catchingUp).isEmpty();
    }

    @Test
    void replayedMessagesAreDeliveredOnceMarkedAndNeverForwarded() {
        Dissemination node = node(CATCHING_UP);
        node.neighborUp(1);
        node.neighborUp(2);
        node.receive(1, message(ORIGIN, 7)); // heard live
        sink.sent.clear();

        for (long sequence = 5; sequence <= 7; sequence++) {
            node.receiveControl(1, replay(sequence));
            node.receiveControl(2, replay(sequence));
        }

        assertThat(delivered()).containsExactly(7L, 5L, 6L);
        assertThat(deliveredReplayed()).containsExactly(5L, 6L);
        assertThat(sink.deliveries.get(1).headers()).containsEntry(MeshMessage.REPLAYED_HEADER, "true");
        assertThat(sink.sent).as("replays go no further").isEmpty();
        NodeState.CatchUp counters = node.counters().catchUp();
        assertThat(counters.replayed()).isEqualTo(2);
        assertThat(counters.duplicates()).as("5 and 6 from link 2, 7 from both").isEqualTo(4);
        assertThat(node.counters().delivered()).isEqualTo(3);
    }

    @Test
    void aReplayNotAskedForOrAfterTheEndIsDropped() {
        Dissemination node = node(CATCHING_UP);
        node.neighborUp(1);
        node.neighborUp(2);
        node.neighborUp(3);

        node.receiveControl(3, replay(1)); // never asked
        node.receiveControl(1, new Frame.CaughtUp(0));
        node.receiveControl(2, new Frame.CaughtUp(0));
        node.receiveControl(1, replay(2)); // after the end

        assertThat(sink.deliveries).isEmpty();
        assertThat(node.counters().catchUp().unasked()).isEqualTo(2);
    }

    @Test
    void messagesPublishedLongBeforeTheFirstHeardAreDeliveredAndRememberedForTheNextCatchUp() {
        Dissemination node = node(CATCHING_UP);
        node.neighborUp(1);
        node.receive(1, message(ORIGIN, 5_000)); // the duplicate cache's window starts 2,048 below

        for (long sequence = 1; sequence <= 10; sequence++) {
            node.receiveControl(1, replay(sequence));
        }
        node.receiveControl(1, new Frame.CaughtUp(10));
        sink.advance(node, CatchUp.GRACE_MILLIS); // no second neighbor came: the catch-up ends
        node.neighborDown(1);
        node.neighborUp(2); // rejoins: a second catch-up, replaying the same
        for (long sequence = 1; sequence <= 10; sequence++) {
            node.receiveControl(2, replay(sequence));
        }

        assertThat(deliveredReplayed()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(sink.linksOf(Frame.CatchUp.class)).containsExactly(1L, 2L);
        assertThat(node.counters().catchUp().duplicates()).isEqualTo(10);
        assertThat(node.counters().catchUp().started()).isEqualTo(2);
        assertThat(sink.lost).as("numbers before the first heard are no gaps").isEmpty();
    }

    @Test
    void replaysFarBelowLiveMessagesThatCameFirstAreAllDelivered() {
        Dissemination node = node(CATCHING_UP);
        node.neighborUp(1);
        node.neighborUp(2);
        node.receive(1, message(ORIGIN, 5_000));
        node.receive(1, message(ORIGIN, 5_001)); // the duplicate cache's window slides on

        for (long sequence = 1_000; sequence <= 4_999; sequence++) {
            node.receiveControl(2, replay(sequence));
        }
        for (long sequence = 3_000; sequence <= 4_999; sequence++) {
            node.receiveControl(1, replay(sequence)); // a shallower ring, later
        }
        ticks(node, 7);

        assertThat(deliveredReplayed()).hasSize(4_000).doesNotHaveDuplicates();
        assertThat(node.counters().catchUp().duplicates()).isEqualTo(2_000);
        assertThat(sink.lost).isEmpty();
    }

    @Test
    void aFreshFirstNeighborsEmptyAnswerDoesNotEndTheCatchUpBeforeASecondIsAsked() {
        Dissemination node = node(CATCHING_UP);
        node.neighborUp(1);
        node.receiveControl(1, new Frame.CaughtUp(0)); // a node that joined just before: it holds nothing
        assertThat(sink.catchingUp).containsExactly(true);

        node.neighborUp(2);
        node.receiveControl(2, replay(1));
        node.receiveControl(2, new Frame.CaughtUp(1));

        assertThat(sink.linksOf(Frame.CatchUp.class)).containsExactly(1L, 2L);
        assertThat(deliveredReplayed()).containsExactly(1L);
        assertThat(sink.catchingUp).containsExactly(true, false);
    }

    @Test
    void withOnlyEmptyAnswersAndNoOtherNeighborTheCatchUpEndsAfterAGrace() {
        Dissemination node = node(CATCHING_UP);
        node.neighborUp(1);
        node.receiveControl(1, new Frame.CaughtUp(0));

        sink.advance(node, CatchUp.GRACE_MILLIS - 1);
        assertThat(sink.catchingUp).containsExactly(true);
        sink.advance(node, 1);

        assertThat(sink.catchingUp).containsExactly(true, false);
        assertThat(node.counters().catchUp().timedOut()).as("nothing was owed").isZero();
    }

    @Test
    void anEarlierCatchUpsTimerDoesNotEndALaterOne() {
        Dissemination node = node(CATCHING_UP);
        node.neighborUp(1);
        node.receiveControl(1, replay(1));
        node.receiveControl(1, new Frame.CaughtUp(1)); // the first ends at once; its timeout timer stays set
        sink.advance(node, 5_000);
        node.neighborDown(1);
        node.neighborUp(2); // rejoins: a second catch-up, until 15 s

        sink.advance(node, 6_000); // past the first one's timeout (10 s)

        assertThat(sink.catchingUp).containsExactly(true, false, true);
        node.receiveControl(2, replay(2));
        assertThat(deliveredReplayed()).containsExactly(1L, 2L);
    }

    @Test
    void aNeighborGoneBeforeItAnsweredIsReplacedEvenWhileAnotherStillOwesItsAnswer() {
        Dissemination node = node(CATCHING_UP);
        node.neighborUp(1);
        node.neighborUp(2);
        node.neighborUp(3);

        node.neighborDown(1);

        assertThat(sink.linksOf(Frame.CatchUp.class)).containsExactly(1L, 2L, 3L);
    }

    @Test
    void replaysOfMessagesForOtherNodesAndOfRequestsArePassedByAndAMissedStraightMessageReportedLost() {
        sink.self = SELF;
        Dissemination node = node(CATCHING_UP);
        node.neighborUp(1);
        String self = dev.peermesh.NodeId.format(SELF);

        node.receiveControl(1, new Frame.Replay(new Frame.Data(ORIGIN, 1, 2, 0, "t",
                Map.of(MeshMessage.TARGET_HEADER, "0000000000000999"), new byte[] {1})));
        node.receiveControl(1, new Frame.Replay(new Frame.Data(ORIGIN, 2, 2, 0, "t",
                Map.of(MeshMessage.REQUEST_HEADER, "7"), new byte[] {2})));
        node.receiveControl(1, new Frame.Replay(new Frame.Data(ORIGIN, 3, 2, 0, "t",
                Map.of(MeshMessage.TARGET_HEADER, self, MeshMessage.DIRECT_HEADER, "true"), new byte[0])));
        node.receiveControl(1, new Frame.Replay(new Frame.Data(ORIGIN, 4, 2, 0, "t",
                Map.of(MeshMessage.TARGET_HEADER, self), new byte[] {4})));
        ticks(node, 7);

        assertThat(deliveredReplayed()).as("only the message for this node").containsExactly(4L);
        assertThat(sink.lost).singleElement().satisfies(lost -> {
            assertThat(lost.id().sequence()).isEqualTo(3);
            assertThat(lost.reason()).contains("sent to this node straight").contains("did not arrive");
        });
    }

    @Test
    void aLiveMessageCannotPassItselfOffAsReplayed() {
        Dissemination node = node(PLAIN);
        node.neighborUp(1);

        node.receive(1, new Frame.Data(ORIGIN, 1, 2, 0, "t", Map.of(MeshMessage.REPLAYED_HEADER, "true", "k", "v"),
                new byte[] {1}));

        assertThat(sink.deliveries).singleElement().satisfies(m -> {
            assertThat(m.isReplayed()).isFalse();
            assertThat(m.headers()).containsOnlyKeys("k");
        });
    }

    @Test
    void aNeighborGoneBeforeItAnsweredIsReplacedByOneNotAskedYet() {
        Dissemination node = node(CATCHING_UP);
        node.neighborUp(1);
        node.neighborUp(2);
        node.neighborUp(3);
        node.receiveControl(2, new Frame.CaughtUp(0));

        node.neighborDown(1);

        assertThat(sink.linksOf(Frame.CatchUp.class)).containsExactly(1L, 2L, 3L);
        assertThat(sink.catchingUp).containsExactly(true);
        node.receiveControl(3, new Frame.CaughtUp(0));
        assertThat(sink.catchingUp).containsExactly(true, false);
    }

    @Test
    void theCatchUpEndsAtItsTimeoutWithAnswersStillOwed() {
        Dissemination node = node(CATCHING_UP);
        node.neighborUp(1);

        sink.advance(node, 9_999);
        assertThat(sink.catchingUp).containsExactly(true);
        sink.advance(node, 1);

        assertThat(sink.catchingUp).containsExactly(true, false);
        assertThat(node.counters().catchUp().timedOut()).isEqualTo(1);
    }

    @Test
    void aNodeAsksAgainOnlyAfterItHadNoNeighborAtAll() {
        Dissemination node = node(CATCHING_UP);
        node.neighborUp(1);
        node.neighborUp(2);
        node.receiveControl(1, new Frame.CaughtUp(0));
        node.receiveControl(2, new Frame.CaughtUp(0));

        node.neighborDown(1);
        node.neighborUp(3); // still had link 2: no catch-up
        assertThat(sink.linksOf(Frame.CatchUp.class)).containsExactly(1L, 2L);

        node.neighborDown(2);
        node.neighborDown(3);
        node.neighborUp(4);
        assertThat(sink.linksOf(Frame.CatchUp.class)).containsExactly(1L, 2L, 4L);
    }

    @Test
    void underFifoAnOriginFirstHeardWhileCatchingUpWaitsForItsReplayedMessages() {
        Dissemination node = node(MeshSettings.builder("m").ordering(DeliveryOrder.FIFO)
                .catchUp(CatchUpSettings.enabled(List.of(CatchUpSettings.Topics.ALL))).build());
        node.neighborUp(1);
        node.receive(1, message(ORIGIN, 600));
        node.receive(1, message(ORIGIN, 601));
        sink.advance(node, 1_000); // well past the start wait of an origin first heard past 1 (360 ms)
        assertThat(sink.deliveries).isEmpty();

        for (long sequence = 595; sequence <= 599; sequence++) {
            node.receiveControl(1, replay(sequence));
        }
        node.receiveControl(1, new Frame.CaughtUp(5));
        assertThat(sink.deliveries).as("one neighbor of two answered: a second may still come").isEmpty();
        sink.advance(node, CatchUp.GRACE_MILLIS);

        assertThat(delivered()).containsExactly(595L, 596L, 597L, 598L, 599L, 600L, 601L);
        assertThat(deliveredReplayed()).containsExactly(595L, 596L, 597L, 598L, 599L);
        assertThat(sink.lost).isEmpty();
    }

    @Test
    void underFifoWithoutCatchUpAReplayLateForItsOriginIsNotDelivered() {
        // the failure the catch-up's hold prevents: a message older than the origin's order's start comes too late
        Dissemination node = node(MeshSettings.builder("m").ordering(DeliveryOrder.FIFO).build());
        node.neighborUp(1);
        node.receive(1, message(ORIGIN, 600));
        sink.advance(node, 1_000);
        node.receive(1, message(ORIGIN, 599));

        assertThat(delivered()).containsExactly(600L);
        assertThat(sink.lost).hasSize(1);
    }
}
