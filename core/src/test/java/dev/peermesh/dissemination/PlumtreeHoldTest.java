package dev.peermesh.dissemination;

import dev.peermesh.wire.Frame;

import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credits up an origin's tree ({@link TreeHolds}): a relay whose child link is congested pauses the origins it pushes
 * there, through their parents, until the link drains; the origin holds its publishes; nodes between pass pauses on,
 * one hop fewer each time; pauses that are not repeated run out, never go back down to a link that paused, and are
 * taken only from links on the origin's tree; a link congested for too long stops holding anyone.
 */
class PlumtreeHoldTest extends PlumtreeFixture {

    private static final int HOPS = TreeHolds.PAUSE_HOPS;

    private static Frame.Pause pause(int hops, long origin) {
        return new Frame.Pause(hops, List.of(origin));
    }

    private static Frame.Resume resume(long origin) {
        return new Frame.Resume(List.of(origin));
    }

    @Test
    void aRelayPushingOntoACongestedChildLinkPausesTheOriginThroughItsParentOnce() {
        Plumtree tree = plumtree(1, 2, 3);
        sink.congested.add(3L);

        tree.receive(1, data(1, 0, 0));
        tree.receive(1, data(2, 0, 0));

        assertThat(sink.sentOfType(Frame.Pause.class)).containsExactly(pause(HOPS, ORIGIN));
        assertThat(sink.linksOf(Frame.Pause.class)).containsExactly(1L);
        assertThat(sink.linksOf(Frame.Data.class)).as("below the payload cap the child still gets both")
                .containsExactly(2L, 3L, 2L, 3L);
        assertThat(tree.counters().pauses()).isEqualTo(1);
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

        assertThat(sink.framesOn(1)).containsExactly(pause(HOPS, ORIGIN), resume(ORIGIN));
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
    void aLinkCongestedForLongerThanTheCeilingStopsHoldingUntilItDrained() {
        Plumtree tree = plumtree(1, 2, 3);
        sink.congested.add(3L);
        tree.receive(1, data(1, 0, 0));

        sink.advance(tree, TreeHolds.MAX_HOLD_MILLIS);
        assertThat(sink.sent.get(sink.sent.size() - 1)).as("the child counts as stalled")
                .isEqualTo(new Sent(1, resume(ORIGIN)));
        assertThat(tree.counters().holdStalls()).isEqualTo(1);
        int pauses = sink.sentOfType(Frame.Pause.class).size();
        tree.receive(1, data(2, 0, 0));
        sink.advance(tree, 3 * TreeHolds.REFRESH_MILLIS);
        assertThat(sink.sentOfType(Frame.Pause.class)).as("the stalled link holds nobody").hasSize(pauses);

        sink.congested.clear();
        sink.advance(tree, TreeHolds.CHECK_MILLIS);
        sink.congested.add(3L);
        tree.receive(1, data(3, 0, 0));
        assertThat(sink.sentOfType(Frame.Pause.class)).as("drained, then congested anew").hasSize(pauses + 1);
    }

    @Test
    void aNodeWhoseDeliveriesAreBackloggedPausesEveryOriginThatComesInUntilTheyCatchUp() {
        Plumtree tree = plumtree(1, 2, 3);
        sink.deliveryBacklogged = true;

        tree.receive(1, data(1, 0, 0));
        tree.receive(2, from(OTHER, 1));
        tree.receive(1, data(2, 0, 0));

        assertThat(sink.sentOfType(Frame.Pause.class)).as("up each origin's tree, once")
                .containsExactly(pause(HOPS, ORIGIN), pause(HOPS, OTHER));
        assertThat(sink.linksOf(Frame.Pause.class)).containsExactly(1L, 2L);
        assertThat(sink.linksOf(Frame.Data.class)).as("relaying goes on").isNotEmpty();

        sink.advance(tree, TreeHolds.REFRESH_MILLIS);
        assertThat(sink.sentOfType(Frame.Pause.class)).as("repeated while it lasts").hasSize(4);
        sink.deliveryBacklogged = false;
        sink.advance(tree, TreeHolds.CHECK_MILLIS);

        assertThat(sink.sentOfType(Frame.Resume.class)).containsExactlyInAnyOrder(resume(ORIGIN), resume(OTHER));
        assertThat(sink.linksOf(Frame.Resume.class)).containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void aNodeWhoseDeliveriesStayBackloggedPastTheCeilingStopsHolding() {
        Plumtree tree = plumtree(1, 2, 3);
        sink.deliveryBacklogged = true;
        tree.receive(1, data(1, 0, 0));

        sink.advance(tree, TreeHolds.MAX_HOLD_MILLIS);

        assertThat(sink.sent.get(sink.sent.size() - 1)).isEqualTo(new Sent(1, resume(ORIGIN)));
        assertThat(tree.counters().holdStalls()).isEqualTo(1);
    }

    @Test
    void aPauseNamingThisNodeHoldsItsPublishesUntilEveryChildResumed() {
        Plumtree tree = plumtree(1, 2);
        tree.publish(own(1));

        tree.receiveControl(2, pause(5, SELF));
        assertThat(sink.publishesHeld).containsExactly(true);
        tree.receiveControl(1, pause(0, SELF)); // no hops left: it still holds the origin itself
        tree.receiveControl(2, resume(SELF));
        assertThat(sink.publishesHeld).as("link 1 still pauses it").containsExactly(true);
        tree.receiveControl(1, resume(SELF));

        assertThat(sink.publishesHeld).containsExactly(true, false);
        assertThat(sink.sentOfType(Frame.Pause.class)).as("an origin pauses nobody for its own messages").isEmpty();
    }

    @Test
    void aPauseThatIsNotRepeatedRunsOutAfterItsLease() {
        Plumtree tree = plumtree(1, 2);
        tree.publish(own(1));
        tree.receiveControl(2, pause(5, SELF));

        sink.advance(tree, TreeHolds.LEASE_MILLIS - TreeHolds.CHECK_MILLIS);
        assertThat(sink.publishesHeld).containsExactly(true);
        tree.receiveControl(2, pause(5, SELF)); // repeated: held for another lease
        sink.advance(tree, TreeHolds.LEASE_MILLIS - TreeHolds.CHECK_MILLIS);
        assertThat(sink.publishesHeld).containsExactly(true);
        sink.advance(tree, 2 * TreeHolds.CHECK_MILLIS);

        assertThat(sink.publishesHeld).containsExactly(true, false);
    }

    @Test
    void aNodeBetweenPassesAChildsPauseAndResumeUpToTheOriginsParentOneHopFewer() {
        Plumtree tree = plumtree(1, 2);
        tree.receive(1, data(1, 0, 0)); // link 1 is the origin's parent

        tree.receiveControl(2, pause(5, ORIGIN));
        tree.receiveControl(2, resume(ORIGIN));

        assertThat(sink.framesOn(1)).containsExactly(pause(4, ORIGIN), resume(ORIGIN));
        assertThat(sink.publishesHeld).isEmpty();
    }

    @Test
    void aPauseWithNoHopsLeftHoldsTheOriginHereButGoesNoFurther() {
        Plumtree tree = plumtree(1, 2);
        tree.receive(1, data(1, 0, 0));

        tree.receiveControl(2, pause(0, ORIGIN));
        tree.receiveControl(2, pause(0, ORIGIN));

        assertThat(sink.sentOfType(Frame.Pause.class)).isEmpty();
    }

    @Test
    void aNodeBetweenPassesRepeatsOnAtMostTwiceAPeriod() {
        Plumtree tree = plumtree(1, 2);
        tree.receive(1, data(1, 0, 0));

        tree.receiveControl(2, pause(5, ORIGIN));
        sink.now += TreeHolds.REFRESH_MILLIS / 2 - 1;
        tree.receiveControl(2, pause(5, ORIGIN));
        sink.now += 1;
        tree.receiveControl(2, pause(5, ORIGIN));

        assertThat(sink.timesOf(Frame.Pause.class)).containsExactly(0L, TreeHolds.REFRESH_MILLIS / 2);
    }

    @Test
    void aNodeBetweenResumesTheParentWhenItsOnlyChildsPauseRunsOut() {
        Plumtree tree = plumtree(1, 2);
        tree.receive(1, data(1, 0, 0));
        tree.receiveControl(2, pause(5, ORIGIN));

        sink.advance(tree, TreeHolds.LEASE_MILLIS);

        assertThat(sink.framesOn(1)).containsExactly(pause(4, ORIGIN), resume(ORIGIN));
        assertThat(sink.timesOf(Frame.Resume.class)).containsExactly(TreeHolds.LEASE_MILLIS);
    }

    @Test
    void leasesThatRunOutInAnotherOrderThanTheyCameHoldUntilTheLastOne() {
        Plumtree tree = plumtree(1, 2, 3, 4);
        tree.receive(1, data(1, 0, 0));
        tree.receiveControl(2, pause(5, ORIGIN));
        sink.advance(tree, 10);
        tree.receiveControl(3, pause(5, ORIGIN));
        sink.advance(tree, 10);
        tree.receiveControl(4, pause(5, ORIGIN));
        sink.advance(tree, 80);
        tree.receiveControl(3, pause(5, ORIGIN)); // 3's lease now ends last, at 300 ms

        sink.advance(tree, TreeHolds.LEASE_MILLIS - TreeHolds.CHECK_MILLIS);
        assertThat(sink.sentOfType(Frame.Resume.class)).as("3 still pauses it at %d ms", sink.now).isEmpty();
        sink.advance(tree, 2 * TreeHolds.CHECK_MILLIS);

        assertThat(sink.timesOf(Frame.Resume.class)).containsExactly(100 + TreeHolds.LEASE_MILLIS);
    }

    @Test
    void aPauseFromALinkOffTheOriginsTreeOrNamingAnUnknownOriginIsIgnored() {
        Plumtree tree = plumtree(1, 2, 3);
        tree.receive(1, data(1, 0, 0));
        tree.receiveControl(3, new Frame.Prune(List.of(ORIGIN))); // link 3 is off the origin's tree here

        tree.receiveControl(1, pause(5, ORIGIN)); // from the parent itself: trees that disagree
        tree.receiveControl(3, pause(5, ORIGIN));
        tree.receiveControl(2, pause(5, OTHER)); // never heard of

        assertThat(sink.sentOfType(Frame.Pause.class)).isEmpty();
        assertThat(tree.counters().pausesIgnored()).isEqualTo(3);
        sink.fireAll(tree);
        assertThat(sink.publishesHeld).isEmpty();
    }

    @Test
    void aPausedOriginWhoseMessagesComeOnAnotherLinkIsPausedThereAndResumedOnTheFormerOne() {
        Plumtree tree = plumtree(1, 2, 3);
        sink.congested.add(3L);
        tree.receive(1, data(1, 0, 0));

        tree.receive(2, data(2, 0, 0)); // the origin's tree changed: link 2 is its parent now

        assertThat(sink.sent.stream().filter(s -> !(s.frame() instanceof Frame.Data)).toList()).containsExactly(
                new Sent(1, pause(HOPS, ORIGIN)), new Sent(1, resume(ORIGIN)), new Sent(2, pause(HOPS, ORIGIN)));
    }

    @Test
    void aPauseNeverMovesDownToALinkThatPausedTheOrigin() {
        Plumtree tree = plumtree(1, 2, 3);
        sink.congested.add(3L);
        tree.receive(1, data(1, 0, 0));
        tree.receiveControl(2, pause(5, ORIGIN));

        tree.receive(2, data(2, 0, 0)); // a payload from the link that paused it: the trees disagree

        assertThat(sink.linksOf(Frame.Pause.class)).containsExactly(1L);
        assertThat(sink.sentOfType(Frame.Resume.class)).isEmpty();
    }

    @Test
    void aChildLinkGoingDownTakesItsPausesWithIt() {
        Plumtree tree = plumtree(1, 2);
        tree.receive(1, data(1, 0, 0));
        tree.receiveControl(2, pause(5, ORIGIN));

        tree.neighborDown(2);

        assertThat(sink.framesOn(1)).containsExactly(pause(4, ORIGIN), resume(ORIGIN));
    }

    @Test
    void heldOriginsAreBoundedAndPausesBeyondTheBoundAreCounted() {
        TreeHolds holds = new TreeHolds(sink, 9, new TreeHolds.Trees() {
            @Override
            public long parent(long origin) {
                return 1;
            }

            @Override
            public boolean child(long origin, long link) {
                return true;
            }
        }, 3);

        holds.paused(2, 5, LongStream.rangeClosed(1, 5).boxed().toList());

        assertThat(holds.held()).isEqualTo(3);
        assertThat(holds.ignored()).isEqualTo(2);
        assertThat(sink.sent).as("one frame for the three origins").containsExactly(
                new Sent(1, new Frame.Pause(4, List.of(1L, 2L, 3L))));
        holds.paused(2, 5, List.of(6L));
        assertThat(holds.ignored()).as("still three held").isEqualTo(3);
        holds.resumed(2, List.of(1L));
        holds.paused(2, 5, List.of(6L));
        assertThat(holds.ignored()).as("room for one").isEqualTo(3);
        assertThat(holds.held()).isEqualTo(3);
    }
}
