package dev.peermesh.dissemination;

import dev.peermesh.MessageId;
import dev.peermesh.wire.Frame;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An origin whose parent link went down (a crashed neighbor) is an orphan: every other neighbor only announces its
 * messages, so none is coming by push until this node pulls one. What is announced of it is pulled one announcement
 * interval after its announcement rather than after the {@code graftTimeout} a payload on its way gets — in the churn
 * soak (soak-tests) that wait was the tree's late tail after every crash. An origin that never had a parent here
 * still waits: its first messages take the default tree.
 */
class PlumtreeOrphanTest extends PlumtreeFixture {

    @Test
    void messageOfAnOriginWhoseParentWentDownIsPulledAtOnce() {
        Plumtree tree = orphan();
        sink.sent.clear(); // timers stay pending

        tree.receiveControl(2, ihave(ORIGIN, 2));
        sink.advance(tree, OPTIONS.ihaveIntervalMillis());

        assertPulledFromLink2(2);
        assertThat(tree.parent(ORIGIN)).as("the announcer is the new parent").isEqualTo(2L);
    }

    @Test
    void pullAlreadyWaitingWhenTheParentGoesDownStopsWaiting() {
        Plumtree tree = offTree(2);
        tree.receive(1, data(1, 1, 0));
        sink.advance(tree, OPTIONS.ihaveIntervalMillis());
        sink.sent.clear(); // timers stay pending
        tree.receiveControl(2, ihave(ORIGIN, 2));
        sink.advance(tree, OPTIONS.ihaveIntervalMillis());
        assertThat(sink.timesOf(Frame.Graft.class)).as("waiting for the payload from the parent").isEmpty();

        tree.neighborDown(1);
        sink.advance(tree, OPTIONS.ihaveIntervalMillis());

        assertThat(sink.framesOn(2)).filteredOn(Frame.Graft.class::isInstance).hasSize(1);
        assertThat(sink.timesOf(Frame.Graft.class).get(0)).isLessThan(OPTIONS.graftTimeoutMillis());
    }

    @Test
    void messageBelowTheFirstCopyOfAnOrphansNewParentIsPulledAtOnce() {
        Plumtree tree = orphan(); // message 2 was on its way through link 1
        tree.receive(3, data(3, 1, 0)); // link 3 pushes from message 3 on: the new parent
        sink.advance(tree, OPTIONS.ihaveIntervalMillis());
        sink.sent.clear(); // timers stay pending

        tree.receiveControl(2, ihave(ORIGIN, 2));
        sink.advance(tree, OPTIONS.ihaveIntervalMillis());

        assertPulledFromLink2(2);
    }

    @Test
    void messageTheAnnouncerAnnouncedBeforeTheOrphansPullReachedItIsPulledAtOnceToo() {
        Plumtree tree = orphan();
        tree.receiveControl(2, ihave(ORIGIN, 2));
        sink.advance(tree, OPTIONS.ihaveIntervalMillis()); // the orphan pulls 2 from link 2, its parent now
        tree.receive(2, data(2, 1, 0)); // the answer
        sink.sent.clear(); // timers stay pending

        tree.receiveControl(2, ihave(ORIGIN, 3)); // announced by link 2 before the GRAFT reached it
        sink.advance(tree, OPTIONS.ihaveIntervalMillis());

        assertPulledFromLink2(3);
    }

    @Test
    void afterTheNewParentPushedACopyLaterMessagesWaitAsBefore() {
        Plumtree tree = orphan();
        tree.receiveControl(2, ihave(ORIGIN, 2));
        sink.advance(tree, OPTIONS.ihaveIntervalMillis());
        tree.receive(2, data(2, 1, 0)); // the answer
        tree.receive(2, data(3, 1, 0)); // pushed: link 2 knows this node is its child
        sink.advance(tree, OPTIONS.ihaveIntervalMillis());
        sink.sent.clear(); // timers stay pending

        tree.receiveControl(3, ihave(ORIGIN, 4));
        sink.advance(tree, OPTIONS.graftTimeoutMillis() - 1);

        assertThat(sink.timesOf(Frame.Graft.class)).as("the new parent pushes it").isEmpty();
    }

    @Test
    void messageAboveTheFirstCopyOfTheNewParentWaitsAsBefore() {
        Plumtree tree = orphan();
        tree.receive(3, data(2, 1, 0)); // link 3 is the new parent, and nothing below its first copy is missing
        sink.advance(tree, OPTIONS.ihaveIntervalMillis());
        sink.sent.clear(); // timers stay pending

        tree.receiveControl(2, ihave(ORIGIN, 3));
        sink.advance(tree, OPTIONS.graftTimeoutMillis() - 1);

        assertThat(sink.timesOf(Frame.Graft.class)).as("the new parent pushes it").isEmpty();
    }

    @Test
    void messageOfAnOriginWhoseParentPulledFromThisNodeIsPulledAtOnce() {
        Plumtree tree = offTree(2, 3);
        tree.receive(1, data(1, 1, 0));
        tree.receiveControl(1, new Frame.Graft(List.of(new MessageId(ORIGIN, 1)))); // the parent made this node its
        sink.advance(tree, OPTIONS.ihaveIntervalMillis());                          // own parent: it pushes no more
        sink.sent.clear(); // timers stay pending

        tree.receiveControl(2, ihave(ORIGIN, 2));
        sink.advance(tree, OPTIONS.ihaveIntervalMillis());

        assertPulledFromLink2(2);
    }

    @Test
    void originWithAParentOnAnotherLinkAgainWaitsAsBefore() {
        Plumtree tree = orphan();
        tree.receive(3, data(2, 1, 0)); // a copy came anyway: link 3 is the parent now
        sink.sent.clear(); // timers stay pending

        tree.receiveControl(2, ihave(ORIGIN, 3));
        sink.advance(tree, OPTIONS.graftTimeoutMillis() - 1);

        assertThat(sink.timesOf(Frame.Graft.class)).as("a payload from the parent may still come").isEmpty();
    }

    @Test
    void originThatNeverHadAParentHereWaitsTheWholeTimeout() {
        Plumtree tree = offTree(2);
        tree.neighborDown(1);
        sink.sent.clear(); // timers stay pending

        tree.receiveControl(2, ihave(ORIGIN, 1));
        sink.advance(tree, OPTIONS.graftTimeoutMillis() - 1);

        assertThat(sink.timesOf(Frame.Graft.class)).isEmpty();
    }

    /** A node whose parent for {@link #ORIGIN}, link 1, went down; links 2 and 3 are off the tree. */
    private Plumtree orphan() {
        Plumtree tree = offTree(2, 3);
        tree.receive(1, data(1, 1, 0)); // link 1 becomes the origin's parent
        tree.neighborDown(1);
        return tree;
    }

    private void assertPulledFromLink2(long sequence) {
        assertThat(sink.framesOn(2)).filteredOn(Frame.Graft.class::isInstance).singleElement()
                .isInstanceOfSatisfying(Frame.Graft.class,
                        graft -> assertThat(graft.ids()).containsExactly(new MessageId(ORIGIN, sequence)));
    }
}
