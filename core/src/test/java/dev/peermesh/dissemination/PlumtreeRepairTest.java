package dev.peermesh.dissemination;

import dev.peermesh.MessageId;
import dev.peermesh.PropagationFilter;
import dev.peermesh.wire.Frame;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LONG;

/**
 * Plumtree's repair on one node: announcements of unseen messages, GRAFT after a wait with round-robin retries and
 * doubling waits, pulls put off while the origin's earlier messages still arrive, answers to GRAFTs, and every gap or
 * message it gives up on reported lost exactly once. Timers are fired by hand on the sink's pretend clock; no payload
 * was ever measured trailing its announcement here, so the first pull waits the whole {@code graftTimeout}.
 */
class PlumtreeRepairTest extends PlumtreeFixture {

    // ---- announcements and grafts -----------------------------------------------------------------------------

    @Test
    void announcementOfAnUnseenMessageStartsOneRepairTimerWhoeverAnnouncesIt() {
        Plumtree tree = offTree(2, 3);

        tree.receiveControl(2, ihave(ORIGIN, 7));
        tree.receiveControl(3, ihave(ORIGIN, 7));
        tree.receiveControl(2, ihave(ORIGIN, 7));

        assertThat(sink.scheduled).singleElement().extracting(Scheduled::delayMillis, as(LONG))
                .isPositive().isLessThanOrEqualTo(OPTIONS.graftTimeoutMillis());
        sink.advance(tree, OPTIONS.graftTimeoutMillis() - 1);
        assertThat(sink.sent).as("nothing pulled before the wait").isEmpty();
        assertThat(sink.pending).as("still one timer").hasSize(1);
    }

    @Test
    void announcementOfAMessageAlreadySeenIsIgnored() {
        Plumtree tree = offTree(2);
        tree.receive(1, data(7, 1, 0));
        sink.clear();

        tree.receiveControl(2, ihave(ORIGIN, 7));

        assertThat(sink.scheduled).isEmpty();
        assertThat(sink.sent).isEmpty();
    }

    @Test
    void payloadArrivingBeforeTheGraftTimerCancelsTheRepair() {
        Plumtree tree = offTree(2);
        tree.receiveControl(2, ihave(ORIGIN, 7));
        long repairTimer = sink.pending.element().timer().token();

        tree.receive(1, data(7, 1, 0));
        sink.clear();
        sink.now = OPTIONS.graftTimeoutMillis();
        tree.onTimer(repairTimer);

        assertThat(sink.sent).isEmpty();
        assertThat(sink.scheduled).isEmpty();
        assertThat(sink.lost).isEmpty();
        assertThat(tree.counters().grafts()).isZero();
        assertThat(lazy(tree)).containsExactly(2L);
    }

    @Test
    void graftTimerPullsFromTheFirstAnnouncerAndPutsItOnTheTree() {
        Plumtree tree = offTree(2, 3);
        tree.receiveControl(2, ihave(ORIGIN, 7));
        tree.receiveControl(3, ihave(ORIGIN, 7));

        sink.advance(tree, OPTIONS.graftTimeoutMillis());

        assertThat(sink.framesOn(2)).singleElement().isInstanceOfSatisfying(Frame.Graft.class,
                graft -> assertThat(graft.ids()).containsExactly(new MessageId(ORIGIN, 7)));
        assertThat(sink.timesOf(Frame.Graft.class)).containsExactly(OPTIONS.graftTimeoutMillis());
        assertThat(sink.framesOn(3)).isEmpty();
        assertThat(eager(tree)).contains(2L).doesNotContain(3L);
        assertThat(tree.counters().grafts()).isEqualTo(1);
    }

    @Test
    void pullsGoRoundRobinOverTheAnnouncersWaitingTwiceAsLongEachTime() {
        Plumtree tree = offTree(2, 3);
        tree.receiveControl(2, ihave(ORIGIN, 7));
        tree.receiveControl(3, ihave(ORIGIN, 7));

        sink.fireAll(tree);

        assertThat(sink.linksOf(Frame.Graft.class)).containsExactly(2L, 3L, 2L, 3L);
        assertThat(sink.timesOf(Frame.Graft.class)).as("250 ms, then 100, 200 and 400 more")
                .containsExactly(250L, 350L, 550L, 950L);
        assertThat(sink.lost).as("800 ms after the last pull").isNotEmpty();
        assertThat(eager(tree)).contains(2L, 3L);
    }

    @Test
    void messageIsReportedLostOnceAfterMaxGraftAttemptsAndALaterCopyIsNotDelivered() {
        Plumtree tree = offTree(2);
        tree.receiveControl(2, ihave(ORIGIN, 7));

        sink.fireAll(tree);

        assertThat(sink.sentOfType(Frame.Graft.class)).hasSize(OPTIONS.maxGraftAttempts());
        assertThat(sink.lost).singleElement().satisfies(lost -> {
            assertThat(lost.id()).isEqualTo(new MessageId(ORIGIN, 7));
            assertThat(lost.reason()).contains(OPTIONS.maxGraftAttempts() + " requests");
        });
        assertThat(tree.counters().lost()).isEqualTo(1);

        sink.clear();
        tree.receiveControl(2, ihave(ORIGIN, 7));
        tree.receive(2, data(7, 4, 0));
        sink.fireAll(tree);

        assertThat(sink.scheduled).as("no new repair").isEmpty();
        assertThat(sink.deliveries).as("given up on: too late to deliver").isEmpty();
        assertThat(sink.lost).as("reported once").isEmpty();
        assertThat(tree.counters().duplicates()).isEqualTo(1);
    }

    @Test
    void pullIsPutOffWhileTheOriginsEarlierMessagesKeepArrivingInOrder() {
        Plumtree tree = offTree(2);
        tree.receive(1, data(1, 0, 0));
        tree.receiveControl(2, ihave(ORIGIN, 3));
        tree.receive(1, data(2, 0, 0)); // the tree link is busy, not broken: 2 came, 3 is behind it

        sink.advance(tree, OPTIONS.graftTimeoutMillis()); // the first wait for 3 ends

        assertThat(sink.sentOfType(Frame.Graft.class)).as("not pulled while the tree link delivers").isEmpty();
        assertThat(tree.postponed()).isEqualTo(1);

        sink.advance(tree, OPTIONS.graftTimeoutMillis()); // nothing more came meanwhile

        assertThat(sink.linksOf(Frame.Graft.class)).containsExactly(2L);
    }

    @Test
    void pullIsNotRepeatedWhileTheAskedNeighborsLinkKeepsDelivering() {
        Plumtree tree = announcedBy2And3PulledFrom2();

        busy(tree, 2); // the answer queues behind what 2 sends
        sink.advance(tree, OPTIONS.graftRetryMillis());

        assertThat(sink.linksOf(Frame.Graft.class)).as("not asked again, nor asked of 3").containsExactly(2L);
        assertThat(tree.postponed()).isEqualTo(1);

        sink.advance(tree, OPTIONS.graftRetryMillis()); // 2 went quiet without answering

        assertThat(sink.linksOf(Frame.Graft.class)).containsExactly(2L, 3L);
        assertThat(sink.lost).isEmpty();
    }

    @Test
    void waitingForABusyLinksAnswerEndsWithTheRepairWindow() {
        Plumtree tree = offTree(2);
        tree.receiveControl(2, ihave(ORIGIN, 7));
        sink.advance(tree, OPTIONS.graftTimeoutMillis());

        ticks(tree, OPTIONS.repairTicks());
        while (!sink.pending.isEmpty()) {
            busy(tree, 2);
            sink.fireNext(tree);
        }

        assertThat(tree.postponed()).as("not put off once the window closed").isZero();
        assertThat(sink.sentOfType(Frame.Graft.class)).hasSize(OPTIONS.maxGraftAttempts());
        assertThat(sink.lost).singleElement().extracting(Lost::reason).asString().contains("requests");
    }

    @Test
    void anAnswerThatNeverComesOnABusyLinkIsAwaitedOnlyAFewRetriesLong() {
        Plumtree tree = announcedBy2And3PulledFrom2(); // 2 no longer holds the message: it answers nothing

        long due = sink.now;
        while (sink.linksOf(Frame.Graft.class).size() < 2) {
            busy(tree, 2); // other messages keep coming on 2
            sink.fireNext(tree);
            assertThat(sink.now - due).as("ms asking 2 again or 3").isLessThan(1_000);
        }

        assertThat(sink.linksOf(Frame.Graft.class)).containsExactly(2L, 3L);
        assertThat(tree.postponed()).isEqualTo(Pulls.MAX_PUT_OFF);
    }

    @Test
    void aPullsAnswerIsNotAwaitedFromALinkThatWentAway() {
        Plumtree tree = announcedBy2And3PulledFrom2();
        busy(tree, 2);

        tree.neighborDown(2);
        sink.advance(tree, OPTIONS.graftRetryMillis());

        assertThat(sink.linksOf(Frame.Graft.class)).containsExactly(2L, 3L);
        assertThat(tree.postponed()).isZero();
    }

    @Test
    void pullIsNotPutOffOnceALaterMessageOfTheOriginArrived() {
        Plumtree tree = offTree(2);
        tree.receive(1, data(1, 0, 0));
        tree.receiveControl(2, ihave(ORIGIN, 3));
        tree.receive(1, data(4, 0, 0)); // 3 was skipped on the tree link

        sink.fireAll(tree);

        assertThat(sink.linksOf(Frame.Graft.class)).startsWith(2L);
        assertThat(tree.postponed()).isZero();
    }

    @Test
    void aCongestedTreeLinkBelowThePayloadCapStillGetsThePayload() {
        Plumtree tree = plumtree(1, 2, 3);
        sink.congested.add(3L);

        tree.receive(1, data(1, 0, 0));
        sink.advance(tree, OPTIONS.ihaveIntervalMillis()); // the link stays congested: its hold's check goes on

        assertThat(sink.linksOf(Frame.Data.class)).as("an announcement on an idle link would overtake it")
                .containsExactly(2L, 3L);
        assertThat(sink.sentOfType(Frame.IHave.class)).isEmpty();
    }

    @Test
    void aTreeLinkOverThePayloadCapGetsTheAnnouncementInsteadOfThePayload() {
        Plumtree tree = plumtree(1, 2, 3);
        sink.congested.add(3L);
        sink.overCap.add(3L);

        tree.receive(1, data(1, 0, 0));
        sink.advance(tree, OPTIONS.ihaveIntervalMillis()); // the link stays congested: its hold's check goes on

        assertThat(sink.linksOf(Frame.Data.class)).containsExactly(2L);
        assertThat(sink.framesOn(3)).singleElement().isInstanceOf(Frame.IHave.class);
        assertThat(tree.onTree(ORIGIN, 3)).as("still on the tree for the next payload").isTrue();
    }

    @Test
    void aGraftOnACongestedLinkIsAnsweredAllTheSame() {
        Plumtree tree = plumtree(1, 2);
        tree.receive(1, data(1, 0, 0));
        sink.clear();
        sink.congested.add(2L);

        tree.receiveControl(2, new Frame.Graft(List.of(new MessageId(ORIGIN, 1))));

        assertThat(sink.linksOf(Frame.Data.class)).as("the asker has no other copy coming").containsExactly(2L);
    }

    @Test
    void announcerThatWentAwayIsNotAsked() {
        Plumtree tree = offTree(2, 3);
        tree.receiveControl(2, ihave(ORIGIN, 7));
        tree.receiveControl(3, ihave(ORIGIN, 7));

        tree.neighborDown(2);
        sink.advance(tree, OPTIONS.graftTimeoutMillis());

        assertThat(sink.linksOf(Frame.Graft.class)).containsExactly(3L);
    }

    @Test
    void messageWhoseAnnouncersAllWentAwayIsAskedOfTheOtherNeighborsThenReportedLostWithThatReason() {
        Plumtree tree = offTree(2, 3);
        tree.receiveControl(2, ihave(ORIGIN, 7));
        tree.receiveControl(3, ihave(ORIGIN, 7));

        tree.neighborDown(2);
        tree.neighborDown(3);
        sink.fireAll(tree);

        assertThat(sink.linksOf(Frame.Graft.class)).as("the neighbor left, which never announced it, asked")
                .containsOnly(1L).hasSize(OPTIONS.maxGraftAttempts());
        assertThat(sink.lost).singleElement().satisfies(lost -> {
            assertThat(lost.id()).isEqualTo(new MessageId(ORIGIN, 7));
            assertThat(lost.reason())
                    .contains("every neighbor that announced it went away and no other neighbor sent it");
        });
        assertThat(tree.counters().lost()).isEqualTo(1);
    }

    @Test
    void messageWhoseAnnouncersAllWentAwayIsPulledFromANeighborThatNeverAnnouncedIt() {
        Plumtree tree = offTree(2, 3);
        tree.receiveControl(2, ihave(ORIGIN, 7));
        tree.neighborDown(2);
        sink.advance(tree, OPTIONS.graftTimeoutMillis());

        assertThat(sink.sentOfType(Frame.Graft.class)).singleElement().satisfies(graft -> assertThat(graft.ids())
                .containsExactly(new MessageId(ORIGIN, 7)));
        long asked = sink.linksOf(Frame.Graft.class).get(0);
        assertThat(asked).as("a neighbor still up").isIn(1L, 3L);
        tree.receive(asked, data(7, 1, 0)); // it had the message: the pull's answer
        sink.fireAll(tree);

        assertThat(sink.lost).isEmpty();
    }

    @Test
    void neighborAskedAfterEveryAnnouncerWentAwayDoesNotBecomeTheParent() {
        Plumtree tree = offTree(2, 3);
        tree.receive(1, data(1, 1, 0)); // link 1 is the origin's parent
        tree.receiveControl(2, ihave(ORIGIN, 2));
        tree.neighborDown(2);
        sink.sent.clear(); // timers stay pending

        sink.advance(tree, OPTIONS.graftTimeoutMillis());

        assertThat(sink.sentOfType(Frame.Graft.class)).as("a neighbor asked").hasSize(1);
        assertThat(sink.sentOfType(Frame.Prune.class)).as("the tree stays as it is").isEmpty();
        assertThat(tree.parent(ORIGIN)).isEqualTo(1L);
    }

    @Test
    void announcerGoingAwayAfterThePullReportsTheLossWhenNoNeighborIsLeft() {
        Plumtree tree = offTree(2);
        tree.receiveControl(2, ihave(ORIGIN, 7));
        sink.advance(tree, OPTIONS.graftTimeoutMillis());

        tree.neighborDown(1);
        tree.neighborDown(2);
        sink.fireAll(tree);

        assertThat(sink.sentOfType(Frame.Graft.class)).hasSize(1);
        assertThat(sink.lost).singleElement().extracting(Lost::reason).asString()
                .contains("every neighbor that announced it went away");
    }

    @Test
    void messageWhoseOnlyAnnouncerWentAwayIsPulledFromALaterAnnouncerInsteadOfReportedLost() {
        Plumtree tree = offTree(2, 3);
        tree.receiveControl(2, ihave(ORIGIN, 7));
        tree.neighborDown(2);
        sink.advance(tree, OPTIONS.graftTimeoutMillis());

        tree.receiveControl(3, ihave(ORIGIN, 7));
        sink.advance(tree, OPTIONS.graftRetryMillis());

        assertThat(sink.linksOf(Frame.Graft.class)).containsExactly(3L);
        assertThat(sink.lost).isEmpty();
    }

    // ---- answering grafts -------------------------------------------------------------------------------------

    @Test
    void graftPutsTheLinkOnTheTreeAndSendsTheCachedMessagesOneHopFurther() {
        Plumtree tree = plumtree(1, 2, 3);
        tree.receiveControl(3, new Frame.Prune());
        tree.receive(1, data(7, 2, 0));
        tree.publish(own(1));
        sink.clear();

        tree.receiveControl(3, new Frame.Graft(List.of(new MessageId(ORIGIN, 7), new MessageId(SELF, 1))));

        assertThat(eager(tree)).contains(3L);
        assertThat(sink.framesOn(3)).hasSize(2);
        assertThat(sink.sentOfType(Frame.Data.class)).satisfiesExactly(
                first -> assertThat(List.of(first.origin(), first.sequence(), (long) first.hops()))
                        .containsExactly(ORIGIN, 7L, 3L),
                second -> assertThat(List.of(second.origin(), second.sequence(), (long) second.hops()))
                        .containsExactly(SELF, 1L, 1L));
        assertThat(tree.counters().forwarded()).as("3 pushed on the tree before, 2 sent now").isEqualTo(5);
    }

    @Test
    void graftForUnknownMessagesSendsNothingButStillPutsTheLinkOnTheTree() {
        Plumtree tree = offTree(3);
        tree.receive(1, data(7, 1, 0));
        sink.clear();

        tree.receiveControl(3, new Frame.Graft(List.of(new MessageId(ORIGIN, 99), new MessageId(0xBEEF, 1))));

        assertThat(sink.sent).isEmpty();
        assertThat(eager(tree)).contains(3L);
        assertThat(lazy(tree)).isEmpty();
    }

    @Test
    void graftForAMessageAgedOutOfTheCacheIsNotAnswered() {
        Plumtree tree = new Plumtree(new DuplicateCache(1_000, 100), new MessageCache(100, 1L << 20, 1),
                PropagationFilter.ALL, OPTIONS, sink);
        tree.neighborUp(1);
        tree.neighborUp(3);
        tree.receive(1, data(7, 1, 0));
        tree.tick();
        tree.tick();
        sink.clear();

        tree.receiveControl(3, new Frame.Graft(List.of(new MessageId(ORIGIN, 7))));

        assertThat(sink.sent).isEmpty();
    }

    // ---- gaps in an origin's sequence -------------------------------------------------------------------------

    @Test
    void gapStillOpenAfterAWholeRepairWindowIsReportedLostOnATick() {
        Plumtree tree = plumtree(1);
        tree.receive(1, data(1, 1, 0));
        tree.receive(1, data(3, 1, 0));

        // the gap may have opened just before a tick, so that tick does not count towards its window
        ticks(tree, OPTIONS.repairTicks());
        assertThat(sink.lost).isEmpty();
        tree.tick();

        assertThat(sink.lost).singleElement().satisfies(lost -> {
            assertThat(lost.id()).isEqualTo(new MessageId(ORIGIN, 2));
            assertThat(lost.reason()).contains("could not be repaired in time");
        });
        assertThat(tree.counters().lost()).isEqualTo(1);

        ticks(tree, 10);
        tree.receive(1, data(2, 1, 0));
        assertThat(sink.lost).as("reported once").hasSize(1);
        assertThat(sink.deliveries).extracting(m -> m.id().sequence()).as("given up on: too late to deliver")
                .containsExactly(1L, 3L);
    }

    @Test
    void gapClosedWithinTheRepairWindowIsNotReported() {
        Plumtree tree = plumtree(1);
        tree.receive(1, data(1, 1, 0));
        tree.receive(1, data(3, 1, 0));
        ticks(tree, OPTIONS.repairTicks());

        tree.receive(1, data(2, 1, 0));
        ticks(tree, 10);

        assertThat(sink.lost).isEmpty();
        assertThat(sink.deliveries).hasSize(3);
    }

    @Test
    void sequenceNumbersBeforeTheFirstOneHeardAreNotGaps() {
        Plumtree tree = plumtree(1);
        tree.receive(1, data(40, 1, 0));
        tree.receive(1, data(41, 1, 0));

        ticks(tree, 10);

        assertThat(sink.lost).isEmpty();
    }

    @Test
    void gapReportedLostAlsoEndsItsGraftRepair() {
        Plumtree tree = offTree(2);
        tree.receive(1, data(1, 1, 0));
        tree.receive(1, data(3, 1, 0));
        tree.receiveControl(2, ihave(ORIGIN, 2));

        ticks(tree, OPTIONS.repairTicks() + 1);
        assertThat(sink.lost).hasSize(1);
        sink.fireAll(tree);

        assertThat(sink.sentOfType(Frame.Graft.class)).isEmpty();
        assertThat(sink.lost).as("reported once").hasSize(1);
    }

    @Test
    void messageGivenUpAfterItsGraftsIsNotReportedAgainAsAGap() {
        Plumtree tree = offTree(2);
        tree.receive(1, data(1, 1, 0));
        tree.receive(1, data(3, 1, 0));
        tree.receiveControl(2, ihave(ORIGIN, 2));

        sink.fireAll(tree);
        assertThat(sink.lost).hasSize(1);
        ticks(tree, 10);

        assertThat(sink.lost).as("reported once").hasSize(1);
    }

    @Test
    void messageStillWithinItsOwnRepairWindowIsNotReportedLostWithAnOlderGap() {
        Plumtree tree = plumtree(1);
        tree.receive(1, data(1, 1, 0));
        tree.receive(1, data(3, 1, 0)); // 2 missing
        ticks(tree, 2);
        tree.receive(1, data(5, 1, 0)); // 4 missing, two ticks later

        ticks(tree, 2); // 2 has been missing for a whole window now, 4 for two ticks only
        tree.receive(1, data(4, 1, 0)); // 4 arrives within its window

        assertThat(sink.lost).extracting(Lost::id).containsExactly(new MessageId(ORIGIN, 2));
        assertThat(sink.deliveries).extracting(m -> m.id().sequence()).containsExactly(1L, 3L, 5L, 4L);
    }

    /** Message 7 of {@code ORIGIN} announced by links 2 and 3, and pulled from 2. */
    private Plumtree announcedBy2And3PulledFrom2() {
        Plumtree tree = offTree(2, 3);
        tree.receiveControl(2, ihave(ORIGIN, 7));
        tree.receiveControl(3, ihave(ORIGIN, 7));
        sink.advance(tree, OPTIONS.graftTimeoutMillis());
        return tree;
    }

    /** The link delivers a frame: any frame, here a PRUNE for another origin, shows it busy. */
    private static void busy(Plumtree tree, long link) {
        tree.receiveControl(link, new Frame.Prune(List.of(OTHER)));
    }
}
