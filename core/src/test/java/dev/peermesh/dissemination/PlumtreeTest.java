package dev.peermesh.dissemination;

import dev.peermesh.MeshMessage;
import dev.peermesh.MessageId;
import dev.peermesh.Propagation;
import dev.peermesh.PropagationFilter;
import dev.peermesh.wire.Frame;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plumtree on one node, without a network or a clock: payloads along tree (eager) links, batched announcements on
 * the others, PRUNE on duplicates, GRAFT after a timeout with round-robin retries, and every message it gives up on
 * reported lost exactly once. Timers are fired by hand, by token.
 */
class PlumtreeTest {

    private static final long SELF = 0x5E1FL;

    private static final long ORIGIN = 0x0A1L;

    private static final long OTHER = 0x0B2L;

    /** 250 ms before the first pull, 100 ms after it (doubling), 20 ms batches, 4 pulls, 3 ticks for gaps. */
    private static final Plumtree.Options OPTIONS = new Plumtree.Options(250, 100, 20, 4, 3);

    private final Sink sink = new Sink();

    // ---- tree links -------------------------------------------------------------------------------------------

    @Test
    void newNeighbourIsOnTheTree() {
        Plumtree tree = plumtree(1, 2);

        assertThat(eager(tree)).containsExactlyInAnyOrder(1L, 2L);
        assertThat(lazy(tree)).isEmpty();
    }

    @Test
    void pruneReceivedTakesTheLinkOffTheTree() {
        Plumtree tree = plumtree(1, 2);

        tree.receiveControl(2, new Frame.Prune());

        assertThat(eager(tree)).containsExactly(1L);
        assertThat(lazy(tree)).containsExactly(2L);
        assertThat(sink.sent).as("a PRUNE is not answered").isEmpty();
        assertThat(tree.counters().prunes()).as("counts PRUNEs sent, not received").isZero();
    }

    @Test
    void neighbourThatComesBackIsOnTheTreeAgain() {
        Plumtree tree = plumtree(1, 2);
        tree.receiveControl(2, new Frame.Prune());

        tree.neighbourDown(2);
        assertThat(eager(tree)).containsExactly(1L);
        assertThat(lazy(tree)).isEmpty();
        tree.neighbourUp(2);

        assertThat(eager(tree)).containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void controlFramesFromALinkThatIsNoNeighbourAreIgnored() {
        Plumtree tree = plumtree(1);
        tree.publish(own(1));
        sink.clear();

        tree.receiveControl(9, new Frame.Graft(List.of(new MessageId(SELF, 1))));
        tree.receiveControl(9, ihave(ORIGIN, 5));

        assertThat(sink.sent).isEmpty();
        assertThat(sink.scheduled).isEmpty();
        assertThat(eager(tree)).containsExactly(1L);
    }

    // ---- publishing -------------------------------------------------------------------------------------------

    @Test
    void ownMessageIsDeliveredHereAndSentAsPayloadToTreeLinksOnly() {
        Plumtree tree = plumtree(1, 2, 3);
        tree.receiveControl(3, new Frame.Prune());

        tree.publish(own(1));

        assertThat(sink.deliveries).singleElement().extracting(MeshMessage::hops).isEqualTo(0);
        assertThat(sink.linksOf(Frame.Data.class)).containsExactly(1L, 2L);
        assertThat(sink.sentOfType(Frame.Data.class)).extracting(Frame.Data::hops).containsOnly(1);
        assertThat(sink.framesOn(3)).as("announced later, in a batch").isEmpty();
        assertThat(sink.scheduled).as("one flush timer").singleElement()
                .extracting(Scheduled::delayMillis).isEqualTo(OPTIONS.ihaveIntervalMillis());
        assertThat(tree.counters().published()).isEqualTo(1);
        assertThat(tree.counters().forwarded()).isEqualTo(2);
    }

    @Test
    void announcementsToOffTreeLinksWaitForOneFlushTimerAndGoOutAsOneIhavePerLink() {
        Plumtree tree = plumtree(1, 2, 3);
        tree.receiveControl(2, new Frame.Prune());
        tree.receiveControl(3, new Frame.Prune());

        for (long seq = 1; seq <= 3; seq++) {
            tree.publish(own(seq));
        }
        assertThat(sink.sentOfType(Frame.IHave.class)).isEmpty();
        assertThat(sink.pending).hasSize(1);

        sink.fireNext(tree);

        for (long link : List.of(2L, 3L)) {
            assertThat(sink.framesOn(link)).singleElement().isInstanceOfSatisfying(Frame.IHave.class,
                    ihave -> assertThat(ihave.announcements()).containsExactly(new Frame.Announcement(SELF, 1, 1),
                            new Frame.Announcement(SELF, 2, 1), new Frame.Announcement(SELF, 3, 1)));
        }
        assertThat(tree.counters().announcements()).isEqualTo(6);

        tree.publish(own(4));
        assertThat(sink.pending).as("the next announcement starts a new batch").hasSize(1);
    }

    @Test
    void flushWithNothingToAnnounceSendsNothing() {
        Plumtree tree = plumtree(1, 2);
        tree.receiveControl(2, new Frame.Prune());
        tree.publish(own(1));
        tree.neighbourDown(2);
        long flush = sink.pending.getFirst().token();
        sink.clear();

        tree.onTimer(flush);

        assertThat(sink.sent).as("the batch for a link that went away is dropped").isEmpty();
    }

    @Test
    void aFullBatchOf1024AnnouncementsIsSentWithoutWaitingForTheTimer() {
        Plumtree tree = plumtree(1, 2);
        tree.receiveControl(2, new Frame.Prune());

        for (long seq = 1; seq <= Frame.MAX_MESSAGE_IDS; seq++) {
            tree.publish(own(seq));
        }

        assertThat(sink.sentOfType(Frame.IHave.class)).singleElement().satisfies(ihave -> {
            assertThat(ihave.announcements()).hasSize(Frame.MAX_MESSAGE_IDS);
            assertThat(ihave.announcements().get(Frame.MAX_MESSAGE_IDS - 1).sequence())
                    .isEqualTo(Frame.MAX_MESSAGE_IDS);
        });

        tree.publish(own(Frame.MAX_MESSAGE_IDS + 1));
        assertThat(sink.sentOfType(Frame.IHave.class)).hasSize(1);
        sink.fireAll(tree);

        assertThat(sink.sentOfType(Frame.IHave.class)).hasSize(2).last().satisfies(ihave -> assertThat(
                ihave.announcements()).containsExactly(new Frame.Announcement(SELF, Frame.MAX_MESSAGE_IDS + 1, 1)));
        assertThat(sink.scheduled).as("one flush timer for all of it").hasSize(1);
    }

    @Test
    void ownMessageWithoutNeighboursIsCountedUnrouted() {
        Plumtree tree = plumtree();

        tree.publish(own(1));

        assertThat(sink.deliveries).hasSize(1);
        assertThat(sink.sent).isEmpty();
        assertThat(tree.counters().unrouted()).isEqualTo(1);
    }

    // ---- receiving payloads -----------------------------------------------------------------------------------

    @Test
    void firstPayloadIsDeliveredOncePushedOnOneHopFurtherAndAnnouncedButNotSentBack() {
        Plumtree tree = plumtree(1, 2, 3, 4);
        tree.receiveControl(4, new Frame.Prune());

        tree.receive(2, data(7, 1, 0));
        sink.fireAll(tree);

        assertThat(sink.deliveries).singleElement().satisfies(message -> {
            assertThat(message.id()).isEqualTo(new MessageId(ORIGIN, 7));
            assertThat(message.hops()).isEqualTo(1);
        });
        assertThat(sink.linksOf(Frame.Data.class)).containsExactly(1L, 3L);
        assertThat(sink.sentOfType(Frame.Data.class)).extracting(Frame.Data::hops).containsOnly(2);
        assertThat(sink.framesOn(4)).singleElement().isInstanceOfSatisfying(Frame.IHave.class, ihave -> assertThat(
                ihave.announcements()).containsExactly(new Frame.Announcement(ORIGIN, 7, 2)));
        assertThat(sink.framesOn(2)).isEmpty();
        assertThat(tree.counters().delivered()).isEqualTo(1);
        assertThat(tree.counters().forwarded()).isEqualTo(2);
        assertThat(tree.counters().announcements()).isEqualTo(1);
    }

    @Test
    void firstPayloadFromAnOffTreeLinkPutsThatLinkBackOnTheTree() {
        Plumtree tree = plumtree(1, 2);
        tree.receiveControl(2, new Frame.Prune());

        tree.receive(2, data(7, 1, 0));

        assertThat(eager(tree)).containsExactlyInAnyOrder(1L, 2L);
        assertThat(sink.linksOf(Frame.Data.class)).containsExactly(1L);
    }

    @Test
    void duplicatePayloadTakesItsSenderOffTheOriginsTreeWithOnePrune() {
        Plumtree tree = plumtree(1, 2, 3);
        tree.receive(1, data(7, 1, 0));
        sink.clear();

        tree.receive(2, data(7, 2, 0));
        tree.receive(2, data(7, 2, 0));
        tree.receive(3, data(7, 3, 0));

        assertThat(sink.deliveries).isEmpty();
        assertThat(sink.framesOn(2)).as("one PRUNE however many duplicates").singleElement()
                .isEqualTo(new Frame.Prune(List.of(ORIGIN)));
        assertThat(sink.framesOn(3)).singleElement().isEqualTo(new Frame.Prune(List.of(ORIGIN)));
        assertThat(tree.onTree(ORIGIN, 1)).isTrue();
        assertThat(tree.onTree(ORIGIN, 2)).isFalse();
        assertThat(tree.onTree(ORIGIN, 3)).isFalse();
        assertThat(eager(tree)).as("still on the other origins' trees").containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(tree.counters().duplicates()).isEqualTo(3);
        assertThat(tree.counters().prunes()).isEqualTo(2);
        assertThat(tree.counters().delivered()).isEqualTo(1);
    }

    @Test
    void duplicatesOfOneOriginLeaveTheOtherOriginsTreesAlone() {
        Plumtree tree = plumtree(1, 2, 3);
        tree.receive(1, data(1, 0, 0));
        tree.receive(2, data(1, 0, 0));
        sink.clear();

        tree.receive(1, from(OTHER, 1));
        tree.publish(own(1));
        tree.receive(1, data(2, 0, 0));

        assertThat(tree.onTree(ORIGIN, 2)).isFalse();
        assertThat(sink.linksOf(Frame.Data.class)).as("the other origin's and our own payloads still go to link 2; "
                + "ORIGIN's only where its tree goes").containsExactly(2L, 3L, 1L, 2L, 3L, 3L);
    }

    @Test
    void pruneNamingAnOriginTakesTheLinkOffThatOriginsTreeOnly() {
        Plumtree tree = plumtree(1, 2);
        tree.receiveControl(2, new Frame.Prune(List.of(ORIGIN)));

        tree.receive(1, data(1, 0, 0));
        tree.receive(1, from(OTHER, 1));

        assertThat(sink.linksOf(Frame.Data.class)).as("only the other origin's payload goes to link 2")
                .containsExactly(2L);
        assertThat(tree.onTree(ORIGIN, 2)).isFalse();
        assertThat(tree.onTree(OTHER, 2)).isTrue();
        assertThat(eager(tree)).containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void graftPutsTheLinkBackOnTheOriginsTree() {
        Plumtree tree = plumtree(1, 2);
        tree.receiveControl(2, new Frame.Prune(List.of(ORIGIN)));
        tree.receive(1, data(1, 0, 0));
        sink.clear();

        tree.receiveControl(2, new Frame.Graft(List.of(new MessageId(ORIGIN, 1))));
        tree.receive(1, data(2, 0, 0));

        assertThat(tree.onTree(ORIGIN, 2)).isTrue();
        assertThat(sink.linksOf(Frame.Data.class)).as("the grafted payload, then the next one eagerly")
                .containsExactly(2L, 2L);
    }

    @Test
    void ownMessageComingBackIsADuplicate() {
        Plumtree tree = plumtree(1, 2);
        tree.publish(own(1));
        sink.clear();

        tree.receive(2, new Frame.Data(SELF, 1, 3, 0, "news", Map.of(), new byte[] {1}));

        assertThat(sink.deliveries).isEmpty();
        assertThat(sink.framesOn(2)).singleElement().isInstanceOf(Frame.Prune.class);
        assertThat(tree.counters().duplicates()).isEqualTo(1);
    }

    // ---- announcements and grafts -----------------------------------------------------------------------------

    @Test
    void announcementOfAnUnseenMessageSchedulesOneGraftTimerWhoeverAnnouncesIt() {
        Plumtree tree = offTree(2, 3);

        tree.receiveControl(2, ihave(ORIGIN, 7));
        tree.receiveControl(3, ihave(ORIGIN, 7));
        tree.receiveControl(2, ihave(ORIGIN, 7));

        assertThat(sink.scheduled).singleElement().extracting(Scheduled::delayMillis)
                .isEqualTo(OPTIONS.graftTimeoutMillis());
        assertThat(sink.sent).as("nothing pulled before the timeout").isEmpty();
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
        long graftTimer = sink.pending.getFirst().token();

        tree.receive(1, data(7, 1, 0));
        sink.clear();
        tree.onTimer(graftTimer);

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

        sink.fireNext(tree);

        assertThat(sink.framesOn(2)).singleElement().isInstanceOfSatisfying(Frame.Graft.class,
                graft -> assertThat(graft.ids()).containsExactly(new MessageId(ORIGIN, 7)));
        assertThat(sink.framesOn(3)).isEmpty();
        assertThat(eager(tree)).contains(2L).doesNotContain(3L);
        assertThat(sink.pending).singleElement().extracting(Scheduled::delayMillis)
                .isEqualTo(OPTIONS.graftRetryMillis());
        assertThat(tree.counters().grafts()).isEqualTo(1);
    }

    @Test
    void pullsGoRoundRobinOverTheAnnouncersWaitingTwiceAsLongEachTime() {
        Plumtree tree = offTree(2, 3);
        tree.receiveControl(2, ihave(ORIGIN, 7));
        tree.receiveControl(3, ihave(ORIGIN, 7));

        sink.fireAll(tree);

        assertThat(sink.linksOf(Frame.Graft.class)).containsExactly(2L, 3L, 2L, 3L);
        assertThat(sink.scheduled).extracting(Scheduled::delayMillis).containsExactly(250L, 100L, 200L, 400L, 800L);
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

        sink.fireNext(tree); // the announcement batch
        sink.fireNext(tree); // the first wait for 3 ends

        assertThat(sink.sentOfType(Frame.Graft.class)).as("not pulled while the tree link delivers").isEmpty();
        assertThat(tree.postponed()).isEqualTo(1);

        sink.fireNext(tree); // nothing more came meanwhile

        assertThat(sink.linksOf(Frame.Graft.class)).containsExactly(2L);
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
    void aCongestedTreeLinkGetsTheAnnouncementInsteadOfThePayload() {
        Plumtree tree = plumtree(1, 2, 3);
        sink.congested.add(3L);

        tree.receive(1, data(1, 0, 0));
        sink.fireAll(tree);

        assertThat(sink.linksOf(Frame.Data.class)).containsExactly(2L);
        assertThat(sink.framesOn(3)).singleElement().isInstanceOf(Frame.IHave.class);
        assertThat(tree.onTree(ORIGIN, 3)).as("still on the tree for the next payload").isTrue();
    }

    @Test
    void aGraftOnACongestedLinkIsNotAnswered() {
        Plumtree tree = plumtree(1, 2);
        tree.receive(1, data(1, 0, 0));
        sink.clear();
        sink.congested.add(2L);

        tree.receiveControl(2, new Frame.Graft(List.of(new MessageId(ORIGIN, 1))));

        assertThat(sink.sentOfType(Frame.Data.class)).isEmpty();
        sink.congested.clear();
        tree.receiveControl(2, new Frame.Graft(List.of(new MessageId(ORIGIN, 1))));
        assertThat(sink.linksOf(Frame.Data.class)).containsExactly(2L);
    }

    @Test
    void announcerThatWentAwayIsNotAsked() {
        Plumtree tree = offTree(2, 3);
        tree.receiveControl(2, ihave(ORIGIN, 7));
        tree.receiveControl(3, ihave(ORIGIN, 7));

        tree.neighbourDown(2);
        sink.fireNext(tree);

        assertThat(sink.linksOf(Frame.Graft.class)).containsExactly(3L);
    }

    @Test
    void messageWhoseAnnouncersAllWentAwayIsReportedLostWithThatReason() {
        Plumtree tree = offTree(2, 3);
        tree.receiveControl(2, ihave(ORIGIN, 7));
        tree.receiveControl(3, ihave(ORIGIN, 7));

        tree.neighbourDown(2);
        tree.neighbourDown(3);
        sink.fireAll(tree);

        assertThat(sink.sentOfType(Frame.Graft.class)).isEmpty();
        assertThat(sink.lost).singleElement().satisfies(lost -> {
            assertThat(lost.id()).isEqualTo(new MessageId(ORIGIN, 7));
            assertThat(lost.reason()).contains("every neighbour that announced it went away");
        });
        assertThat(tree.counters().grafts()).isZero();
        assertThat(tree.counters().lost()).isEqualTo(1);
    }

    @Test
    void announcerGoingAwayAfterThePullReportsTheLossWhenNoOtherAnnouncerTurnsUp() {
        Plumtree tree = offTree(2);
        tree.receiveControl(2, ihave(ORIGIN, 7));
        sink.fireNext(tree);

        tree.neighbourDown(2);
        sink.fireAll(tree);

        assertThat(sink.sentOfType(Frame.Graft.class)).hasSize(1);
        assertThat(sink.lost).singleElement().extracting(Lost::reason).asString()
                .contains("every neighbour that announced it went away");
    }

    @Test
    void messageWhoseOnlyAnnouncerWentAwayIsPulledFromALaterAnnouncerInsteadOfReportedLost() {
        Plumtree tree = offTree(2, 3);
        tree.receiveControl(2, ihave(ORIGIN, 7));
        tree.neighbourDown(2);
        sink.fireNext(tree);

        tree.receiveControl(3, ihave(ORIGIN, 7));
        sink.fireNext(tree);

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
        tree.neighbourUp(1);
        tree.neighbourUp(3);
        tree.receive(1, data(7, 1, 0));
        tree.tick();
        tree.tick();
        sink.clear();

        tree.receiveControl(3, new Frame.Graft(List.of(new MessageId(ORIGIN, 7))));

        assertThat(sink.sent).isEmpty();
    }

    // ---- hop limit: as in flooding ----------------------------------------------------------------------------

    @Test
    void messageThatCrossedFewerLinksThanItsLimitIsPushedOn() {
        Plumtree tree = plumtree(1, 2);

        tree.receive(1, data(1, 2, 3));

        assertThat(sink.sentOfType(Frame.Data.class)).singleElement().extracting(Frame.Data::hops).isEqualTo(3);
        assertThat(tree.counters().hopLimited()).isZero();
    }

    @Test
    void messageThatCrossedAsManyLinksAsItsLimitIsDeliveredButNeitherPushedNorAnnounced() {
        Plumtree tree = plumtree(1, 2, 3);
        tree.receiveControl(3, new Frame.Prune());

        tree.receive(1, data(1, 3, 3));
        sink.fireAll(tree);

        assertThat(sink.deliveries).hasSize(1);
        assertThat(sink.sent).isEmpty();
        assertThat(tree.counters().hopLimited()).isEqualTo(1);
        assertThat(tree.counters().announcements()).isZero();
    }

    @Test
    void hopLimitOfOneReachesOnlyDirectNeighbours() {
        Plumtree tree = plumtree(1, 2);

        tree.receive(1, data(1, 1, 1));

        assertThat(sink.deliveries).hasSize(1);
        assertThat(sink.sent).isEmpty();
    }

    @Test
    void hopLimitZeroMeansUnlimited() {
        Plumtree tree = plumtree(1, 2);

        tree.receive(1, data(1, 60_000, 0));

        assertThat(sink.sentOfType(Frame.Data.class)).singleElement().extracting(Frame.Data::hops)
                .isEqualTo(60_001);
        assertThat(tree.counters().hopLimited()).isZero();
    }

    // ---- propagation filter: as in flooding -------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Propagation.class)
    void propagationFilterDecidesForOwnMessages(Propagation decision) {
        List<PropagationFilter.Origin> asked = new ArrayList<>();
        Plumtree tree = plumtree((message, origin) -> {
            asked.add(origin);
            return decision;
        }, 1, 2);
        tree.receiveControl(2, new Frame.Prune());

        tree.publish(own(1));
        sink.fireAll(tree);

        assertThat(asked).containsExactly(PropagationFilter.Origin.LOCAL);
        assertThat(sink.deliveries).hasSize(decision.local() ? 1 : 0);
        assertThat(sink.linksOf(Frame.Data.class)).isEqualTo(decision.remote() ? List.of(1L) : List.of());
        assertThat(sink.linksOf(Frame.IHave.class)).isEqualTo(decision.remote() ? List.of(2L) : List.of());
        assertThat(tree.counters().filtered()).isEqualTo(decision == Propagation.LOCAL_AND_REMOTE ? 0 : 1);
        assertThat(tree.counters().published()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Propagation.class)
    void propagationFilterDecidesForRemoteMessages(Propagation decision) {
        List<PropagationFilter.Origin> asked = new ArrayList<>();
        Plumtree tree = plumtree((message, origin) -> {
            asked.add(origin);
            return decision;
        }, 1, 2, 3);
        tree.receiveControl(3, new Frame.Prune());

        tree.receive(1, data(1, 1, 0));
        sink.fireAll(tree);

        assertThat(asked).containsExactly(PropagationFilter.Origin.REMOTE);
        assertThat(sink.deliveries).hasSize(decision.local() ? 1 : 0);
        assertThat(sink.linksOf(Frame.Data.class)).isEqualTo(decision.remote() ? List.of(2L) : List.of());
        assertThat(sink.linksOf(Frame.IHave.class)).isEqualTo(decision.remote() ? List.of(3L) : List.of());
        assertThat(tree.counters().filtered()).isEqualTo(decision == Propagation.LOCAL_AND_REMOTE ? 0 : 1);
    }

    @Test
    void filterAnsweringNullMeansNone() {
        Plumtree tree = plumtree((message, origin) -> null, 1, 2);

        tree.receive(1, data(1, 1, 0));

        assertThat(sink.deliveries).isEmpty();
        assertThat(sink.sent).isEmpty();
    }

    @Test
    void filteredMessageIsStillRememberedSoItsCopiesAreDuplicates() {
        Plumtree tree = plumtree((message, origin) -> Propagation.NONE, 1, 2);

        tree.receive(1, data(1, 1, 0));
        tree.receive(2, data(1, 1, 0));

        assertThat(tree.counters().duplicates()).isEqualTo(1);
        assertThat(tree.counters().filtered()).isEqualTo(1);
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

    // ---- counters ---------------------------------------------------------------------------------------------

    @Test
    void countersAddUpToWhatWasSentDeliveredAndReported() {
        Plumtree tree = plumtree(1, 2, 3);
        tree.receiveControl(3, new Frame.Prune());

        tree.publish(own(1)); // delivered; payload to 1 and 2, announced to 3
        tree.receive(1, data(1, 1, 0)); // delivered; payload to 2, announced to 3
        tree.receive(2, data(1, 2, 0)); // duplicate: PRUNE to 2
        tree.receiveControl(3, ihave(ORIGIN, 2)); // never arrives: 4 GRAFTs to 3, then lost
        sink.fireAll(tree);
        tree.receiveControl(2, new Frame.Graft(List.of(new MessageId(SELF, 1)))); // payload to 2

        assertThat(tree.counters()).isEqualTo(new DisseminationCounters(1, 2, 4, 1, 0, 0, 0, 2, 0, 2, 4, 1, 1));
        DisseminationCounters counters = tree.counters();
        assertThat(counters.delivered()).isEqualTo(sink.deliveries.size());
        assertThat(counters.forwarded()).isEqualTo(sink.sentOfType(Frame.Data.class).size());
        assertThat(counters.announcements()).isEqualTo(
                sink.sentOfType(Frame.IHave.class).stream().mapToLong(ihave -> ihave.announcements().size()).sum());
        assertThat(counters.grafts()).isEqualTo(
                sink.sentOfType(Frame.Graft.class).stream().mapToLong(graft -> graft.ids().size()).sum());
        assertThat(counters.prunes()).isEqualTo(sink.sentOfType(Frame.Prune.class).size());
        assertThat(counters.lost()).isEqualTo(sink.lost.size());
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private Plumtree plumtree(long... links) {
        return plumtree(PropagationFilter.ALL, links);
    }

    private Plumtree plumtree(PropagationFilter filter, long... links) {
        Plumtree tree = new Plumtree(new DuplicateCache(1_000, 100), new MessageCache(10_000, 1L << 30, 100),
                filter, OPTIONS, sink);
        for (long link : links) {
            tree.neighbourUp(link);
        }
        return tree;
    }

    /** A node with tree link 1 and these links pruned off the tree; nothing recorded yet. */
    private Plumtree offTree(long... lazyLinks) {
        Plumtree tree = plumtree(1);
        for (long link : lazyLinks) {
            tree.neighbourUp(link);
            tree.receiveControl(link, new Frame.Prune());
        }
        sink.clear();
        return tree;
    }

    private static Set<Long> eager(Plumtree tree) {
        return tree.links().get(0);
    }

    private static Set<Long> lazy(Plumtree tree) {
        return tree.links().get(1);
    }

    private static void ticks(Plumtree tree, long count) {
        for (long i = 0; i < count; i++) {
            tree.tick();
        }
    }

    private static Frame.Data data(long sequence, int hops, int hopLimit) {
        return new Frame.Data(ORIGIN, sequence, hops, hopLimit, "news", Map.of(), new byte[] {1, 2, 3});
    }

    private static Frame.Data from(long origin, long sequence) {
        return new Frame.Data(origin, sequence, 0, 0, "news", Map.of(), new byte[] {5});
    }

    private static Frame.Data own(long sequence) {
        return new Frame.Data(SELF, sequence, 1, 0, "news", Map.of(), new byte[] {4});
    }

    private static Frame.IHave ihave(long origin, long sequence) {
        return new Frame.IHave(List.of(new Frame.Announcement(origin, sequence, 1)));
    }

    record Sent(long link, Frame frame) {
    }

    record Scheduled(long token, long delayMillis) {
    }

    record Lost(MessageId id, String reason) {
    }

    /** Records what the tree decided; its timers fire only when a test fires them. */
    private static final class Sink implements DisseminationSink {

        final List<Sent> sent = new ArrayList<>();

        final List<MeshMessage> deliveries = new ArrayList<>();

        final List<Scheduled> scheduled = new ArrayList<>();

        final Deque<Scheduled> pending = new ArrayDeque<>();

        final List<Lost> lost = new ArrayList<>();

        /** Links the test declares congested. */
        final Set<Long> congested = new java.util.HashSet<>();

        @Override
        public boolean congested(long link) {
            return congested.contains(link);
        }

        @Override
        public void send(long link, Frame frame) {
            sent.add(new Sent(link, frame));
        }

        @Override
        public void deliver(MeshMessage message) {
            deliveries.add(message);
        }

        @Override
        public void schedule(long token, long delayMillis) {
            Scheduled timer = new Scheduled(token, delayMillis);
            scheduled.add(timer);
            pending.add(timer);
        }

        @Override
        public void lost(MessageId id, String reason) {
            lost.add(new Lost(id, reason));
        }

        /** Fires the oldest timer not fired yet. */
        void fireNext(Plumtree tree) {
            tree.onTimer(pending.removeFirst().token());
        }

        /** Fires timers, oldest first, including those they schedule, until none is left. */
        void fireAll(Plumtree tree) {
            for (int fired = 0; !pending.isEmpty(); fired++) {
                assertThat(fired).as("timers keep rescheduling themselves").isLessThan(1_000);
                fireNext(tree);
            }
        }

        List<Frame> framesOn(long link) {
            return sent.stream().filter(s -> s.link() == link).map(Sent::frame).toList();
        }

        <F extends Frame> List<F> sentOfType(Class<F> type) {
            return sent.stream().map(Sent::frame).filter(type::isInstance).map(type::cast).toList();
        }

        /** The links frames of this type went to, in order. */
        List<Long> linksOf(Class<? extends Frame> type) {
            return sent.stream().filter(s -> type.isInstance(s.frame())).map(Sent::link).toList();
        }

        /** Forgets what was recorded, pending timers included. */
        void clear() {
            sent.clear();
            deliveries.clear();
            scheduled.clear();
            pending.clear();
            lost.clear();
        }
    }
}
