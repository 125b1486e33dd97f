package dev.peermesh.dissemination;

import dev.peermesh.CatchUpSettings;
import dev.peermesh.DisseminationMode;
import dev.peermesh.MeshMessage;
import dev.peermesh.MeshSettings;
import dev.peermesh.wire.Frame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a node replays to a neighbor catching up, and how fast. */
class ReplaysTest extends PlumtreeFixture {

    private static Frame.CatchUp catchUp(String topics, long maxAgeMillis, int maxMessages) {
        return new Frame.CatchUp(List.of(new Frame.CatchUpRule(topics, maxAgeMillis, maxMessages)));
    }

    private static Frame.Data on(String topic, long sequence, Map<String, String> headers) {
        return new Frame.Data(ORIGIN, sequence, 1, 0, topic, headers, new byte[] {(byte) sequence});
    }

    /** A tree-mode node that heard messages 1 to {@code count} of ORIGIN on link 1, with neighbor 2 up. */
    private Dissemination heard(MeshSettings settings, int count) {
        Dissemination node = Disseminations.of(settings, dev.peermesh.PropagationFilter.ALL).create(sink);
        node.neighborUp(1);
        for (long sequence = 1; sequence <= count; sequence++) {
            node.receive(1, CatchUpTest.message(ORIGIN, sequence));
        }
        node.neighborUp(2);
        sink.clear();
        return node;
    }

    private List<Long> replayedOn(long link) {
        List<Long> sequences = new ArrayList<>();
        for (Frame frame : sink.framesOn(link)) {
            if (frame instanceof Frame.Replay replay) {
                sequences.add(replay.message().sequence());
            }
        }
        return sequences;
    }

    @Test
    void aNeighborCatchingUpGetsTheNewestMessagesItAskedForOldestFirstThenTheirCount() {
        Dissemination node = heard(CatchUpTest.PLAIN, 5);

        node.receiveControl(2, catchUp("*", 60_000, 3));

        assertThat(replayedOn(2)).containsExactly(3L, 4L, 5L);
        assertThat(sink.framesOn(2).get(3)).isEqualTo(new Frame.CaughtUp(3));
        assertThat(node.counters().catchUp().served()).isEqualTo(3);
    }

    @Test
    void theFirstRuleATopicMatchesTakesItAndEachRuleHasItsOwnBounds() {
        Dissemination node = heard(CatchUpTest.PLAIN, 0);
        node.receive(1, on("orders.eu", 1, Map.of()));
        node.receive(1, on("news", 2, Map.of()));
        ticks(node, 2); // 4 s: messages 1 and 2 are two maintenance intervals old
        node.receive(1, on("orders.eu", 3, Map.of()));
        node.receive(1, on("news", 4, Map.of()));
        node.receive(1, on("orders.us", 5, Map.of()));
        node.receive(1, on("sport", 6, Map.of()));

        node.receiveControl(2, new Frame.CatchUp(List.of(new Frame.CatchUpRule("orders.*", 60_000, 1),
                new Frame.CatchUpRule("news", 60_000, 5), new Frame.CatchUpRule("*", 2_000, 5))));

        assertThat(replayedOn(2)).as("orders: the newest one; news: all; the rest: within 2 s").containsExactly(2L,
                4L, 5L, 6L);
    }

    @Test
    void messagesForOneNodeAndRequestsAreReplayedTooSoTheAskingNodeSeesNoGap() {
        Dissemination node = heard(CatchUpTest.PLAIN, 0);
        node.receive(1, on("t", 1, Map.of(MeshMessage.TARGET_HEADER, "00000000000000aa")));
        node.receive(1, on("t", 2, Map.of(MeshMessage.REQUEST_HEADER, "7")));
        node.receive(1, on("t", 3, Map.of("k", "v")));

        node.receiveControl(2, catchUp("*", 60_000, 10));

        assertThat(replayedOn(2)).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aLinkIsAnsweredOnceSoAPeerCannotHaveTheRingWalkedOverAndOver() {
        Dissemination node = heard(CatchUpTest.PLAIN, 5);

        node.receiveControl(2, catchUp("*", 60_000, 10));
        node.receiveControl(2, catchUp("*", 60_000, 10));

        assertThat(replayedOn(2)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(sink.sentOfType(Frame.CaughtUp.class)).hasSize(1);
        node.neighborDown(2);
        node.neighborUp(2); // a new link: answered again
        node.receiveControl(2, catchUp("*", 60_000, 1));
        assertThat(sink.sentOfType(Frame.CaughtUp.class)).hasSize(2);
    }

    @Test
    void aLongAnswerIsPacedAndWaitsWhileTheLinkIsCongested() {
        Dissemination node = heard(CatchUpTest.PLAIN, 600);

        node.receiveControl(2, catchUp("*", 60_000, 1_000));
        assertThat(replayedOn(2)).hasSize(Replays.BATCH);

        sink.congested.add(2L);
        sink.advance(node, 100);
        assertThat(replayedOn(2)).hasSize(Replays.BATCH);

        sink.congested.clear();
        sink.advance(node, 2 * Replays.ROUND_MILLIS);
        assertThat(replayedOn(2)).hasSize(600).isSorted();
        assertThat(sink.framesOn(2).get(600)).isEqualTo(new Frame.CaughtUp(600));
    }

    @Test
    void anAnswerEndsWithItsLink() {
        Dissemination node = heard(CatchUpTest.PLAIN, 600);
        node.receiveControl(2, catchUp("*", 60_000, 1_000));

        node.neighborDown(2);
        sink.advance(node, 100);

        assertThat(replayedOn(2)).hasSize(Replays.BATCH);
        assertThat(sink.sentOfType(Frame.CaughtUp.class)).isEmpty();
    }

    @Test
    void aFloodingNodeKeepsARingToAnswerFromOnlyWhenItCatchesUpItself() {
        MeshSettings flood = MeshSettings.builder("m").dissemination(DisseminationMode.FLOOD).build();
        Dissemination plain = heard(flood, 3);
        plain.receiveControl(2, catchUp("*", 60_000, 10));
        assertThat(replayedOn(2)).isEmpty();
        assertThat(sink.sentOfType(Frame.CaughtUp.class)).containsExactly(new Frame.CaughtUp(0));

        MeshSettings floodCatchingUp = MeshSettings.builder("m").dissemination(DisseminationMode.FLOOD)
                .catchUp(CatchUpSettings.enabled(List.of(CatchUpSettings.Topics.ALL))).build();
        Dissemination catching = heard(floodCatchingUp, 3);
        catching.publish(new Frame.Data(SELF, 1, 1, 0, "news", Map.of(), new byte[] {9}));
        sink.clear();
        catching.receiveControl(2, catchUp("*", 60_000, 10));
        assertThat(sink.framesOn(2)).extracting(frame -> frame instanceof Frame.Replay r ? r.message().origin()
                : -1L).containsExactly(ORIGIN, ORIGIN, ORIGIN, SELF, -1L);
    }
}
