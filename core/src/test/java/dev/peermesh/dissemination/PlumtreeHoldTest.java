package dev.peermesh.dissemination;

import dev.peermesh.wire.Frame;

import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credits up an origin's tree ({@link TreeHolds}): a relay whose child link is congested pauses the origins it pushes
 * there, through their parents, until the link drains; the origin holds its publishes; pauses that are not repeated
 * run out, and never go back down to the child that sent them.
 */
class PlumtreeHoldTest extends PlumtreeFixture {

    @Test
    void aRelayPushingOntoACongestedChildLinkPausesTheOriginThroughItsParentOnce() {
        Plumtree tree = plumtree(1, 2, 3);
        sink.congested.add(3L);

        tree.receive(1, data(1, 0, 0));
        tree.receive(1, data(2, 0, 0));

        assertThat(sink.sentOfType(Frame.Pause.class)).containsExactly(new Frame.Pause(List.of(ORIGIN)));
        assertThat(sink.linksOf(Frame.Pause.class)).containsExactly(1L);
        assertThat(sink.linksOf(Frame.Data.class)).as("below the payload cap the child still gets both")
                .containsExactly(2L, 3L, 2L, 3L);
    }

    @Test
    void theRelayResumesTheOriginOnceTheChildLinkDrained() {
        Plumtree tree = plumtree(1, 2, 3);
        sink.congested.add(3L);
        tree.receive(1, data(1, 0, 0));

        sink.advance(tree, 10);
        assertThat(sink.sentOfType(Frame.Resume.class)).as("still congested").isEmpty();
        sink.congested.clear();
        sink.advance(tree, TreeHolds.CHECK_MILLIS);

        assertThat(sink.sentOfType(Frame.Resume.class)).containsExactly(new Frame.Resume(List.of(ORIGIN)));
        assertThat(sink.linksOf(Frame.Resume.class)).containsExactly(1L);
        sink.fireAll(tree); // nothing held: the check timer stops
        assertThat(sink.sentOfType(Frame.Pause.class)).hasSize(1);
    }

    @Test
    void aRelayRepeatsItsPauseWhileTheChildLinkStaysCongested() {
        Plumtree tree = plumtree(1, 2, 3);
        sink.congested.add(3L);
        tree.receive(1, data(1, 0, 0));

        sink.advance(tree, 3 * TreeHolds.REFRESH_MILLIS);

        assertThat(sink.timesOf(Frame.Pause.class)).containsExactly(0L, TreeHolds.REFRESH_MILLIS,
                2 * TreeHolds.REFRESH_MILLIS, 3 * TreeHolds.REFRESH_MILLIS);
    }

    @Test
    void aPauseNamingThisNodeHoldsItsPublishesUntilResumed() {
        Plumtree tree = plumtree(1, 2);
        tree.publish(own(1));

        tree.receiveControl(2, new Frame.Pause(List.of(SELF)));
        assertThat(sink.publishesHeld).containsExactly(true);
        tree.receiveControl(1, new Frame.Pause(List.of(SELF)));
        tree.receiveControl(2, new Frame.Resume(List.of(SELF)));
        assertThat(sink.publishesHeld).as("link 1 still pauses it").containsExactly(true);
        tree.receiveControl(1, new Frame.Resume(List.of(SELF)));

        assertThat(sink.publishesHeld).containsExactly(true, false);
        assertThat(sink.sentOfType(Frame.Pause.class)).as("an origin pauses nobody for its own messages").isEmpty();
    }

    @Test
    void aPauseThatIsNotRepeatedRunsOutAfterItsLease() {
        Plumtree tree = plumtree(1, 2);
        tree.publish(own(1));
        tree.receiveControl(2, new Frame.Pause(List.of(SELF)));

        sink.advance(tree, TreeHolds.LEASE_MILLIS - TreeHolds.CHECK_MILLIS);
        assertThat(sink.publishesHeld).containsExactly(true);
        tree.receiveControl(2, new Frame.Pause(List.of(SELF))); // repeated: held for another lease
        sink.advance(tree, TreeHolds.LEASE_MILLIS - TreeHolds.CHECK_MILLIS);
        assertThat(sink.publishesHeld).containsExactly(true);
        sink.advance(tree, 2 * TreeHolds.CHECK_MILLIS);

        assertThat(sink.publishesHeld).containsExactly(true, false);
    }

    @Test
    void aNodeBetweenPassesAChildsPauseAndResumeUpToTheOriginsParent() {
        Plumtree tree = plumtree(1, 2);
        tree.receive(1, data(1, 0, 0)); // link 1 is the origin's parent

        tree.receiveControl(2, new Frame.Pause(List.of(ORIGIN)));
        tree.receiveControl(2, new Frame.Resume(List.of(ORIGIN)));

        assertThat(sink.framesOn(1)).containsExactly(new Frame.Pause(List.of(ORIGIN)),
                new Frame.Resume(List.of(ORIGIN)));
        assertThat(sink.publishesHeld).isEmpty();
    }

    @Test
    void aPauseNeverGoesBackDownToTheLinkThatSentIt() {
        Plumtree tree = plumtree(1, 2);
        tree.receive(1, data(1, 0, 0));

        tree.receiveControl(1, new Frame.Pause(List.of(ORIGIN))); // from the parent itself: trees that disagree

        assertThat(sink.sentOfType(Frame.Pause.class)).isEmpty();
    }

    @Test
    void aPausedOriginWhoseMessagesComeOnAnotherLinkIsPausedThereAndResumedOnTheFormerOne() {
        Plumtree tree = plumtree(1, 2, 3);
        sink.congested.add(3L);
        tree.receive(1, data(1, 0, 0));

        tree.receive(2, data(2, 0, 0)); // the origin's tree changed: link 2 is its parent now

        assertThat(sink.sent.stream().filter(s -> !(s.frame() instanceof Frame.Data)).toList()).containsExactly(
                new Sent(1, new Frame.Pause(List.of(ORIGIN))), new Sent(1, new Frame.Resume(List.of(ORIGIN))),
                new Sent(2, new Frame.Pause(List.of(ORIGIN))));
    }

    @Test
    void aChildLinkGoingDownTakesItsPausesWithIt() {
        Plumtree tree = plumtree(1, 2);
        tree.receive(1, data(1, 0, 0));
        tree.receiveControl(2, new Frame.Pause(List.of(ORIGIN)));

        tree.neighborDown(2);

        assertThat(sink.framesOn(1)).containsExactly(new Frame.Pause(List.of(ORIGIN)),
                new Frame.Resume(List.of(ORIGIN)));
    }

    @Test
    void heldOriginsAreBoundedAndPausesBeyondTheBoundAreCounted() {
        TreeHolds holds = new TreeHolds(sink, 9, origin -> OriginTrees.NO_LINK, 3);

        holds.paused(2, LongStream.rangeClosed(1, 5).boxed().toList());

        assertThat(holds.ignored()).isEqualTo(2);
        holds.paused(2, List.of(6L));
        assertThat(holds.ignored()).as("still three held").isEqualTo(3);
        holds.resumed(2, List.of(1L));
        holds.paused(2, List.of(6L));
        assertThat(holds.ignored()).as("room for one").isEqualTo(3);
    }
}
