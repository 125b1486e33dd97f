package dev.peermesh.dissemination;

import dev.peermesh.MeshMessage;
import dev.peermesh.MessageId;
import dev.peermesh.Propagation;
import dev.peermesh.PropagationFilter;
import dev.peermesh.wire.Frame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plumtree on one node, without a network or a clock: payloads along each origin's tree (eager) links, batched
 * announcements on the others, PRUNE on duplicates, the hop limit, the propagation filter and the counters. The
 * repair — GRAFT and losses — is in {@link PlumtreeRepairTest}.
 */
class PlumtreeTest extends PlumtreeFixture {

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
    void announcementsToOffTreeLinksWaitForOneFlushTimerAndGoOutAsOneIhaveRangePerLink() {
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
                    ihave -> assertThat(ihave.announcements()).containsExactly(new Frame.Announcement(SELF, 1, 3, 1)));
        }
        assertThat(tree.counters().announcements()).isEqualTo(6);

        tree.publish(own(4));
        assertThat(sink.pending).as("the next announcement starts a new batch").hasSize(1);
    }

    @Test
    void announcementsOwedToALinkGoRightAfterTheNextPayloadSentOnIt() {
        Plumtree tree = plumtree(1, 2, 3);
        tree.receiveControl(2, new Frame.Prune(List.of(ORIGIN))); // off ORIGIN's tree, still on OTHER's
        tree.receive(1, from(ORIGIN, 1));
        tree.receive(1, from(OTHER, 1));
        assertThat(sink.framesOn(2)).as("a fresh batch waits: it could overtake payloads still on their way")
                .singleElement().isInstanceOf(Frame.Data.class);
        sink.sent.clear();
        sink.advance(tree, OPTIONS.ihaveIntervalMillis() / 2);

        tree.receive(1, from(OTHER, 2));

        assertThat(sink.framesOn(2)).as("the announcement rides with the payload: no wake-up of its own")
                .satisfiesExactly(
                        data -> assertThat(data).isInstanceOfSatisfying(Frame.Data.class,
                                d -> assertThat(d.sequence()).isEqualTo(2)),
                        ihave -> assertThat(ihave).isInstanceOfSatisfying(Frame.IHave.class,
                                i -> assertThat(i.announcements()).containsExactly(
                                        new Frame.Announcement(ORIGIN, 1, 1))));
        int sentBefore = sink.sent.size();
        sink.fireAll(tree);
        assertThat(sink.sent).as("nothing left for the flush timer").hasSize(sentBefore);
    }

    @Test
    void flushWithNothingToAnnounceSendsNothing() {
        Plumtree tree = plumtree(1, 2);
        tree.receiveControl(2, new Frame.Prune());
        tree.publish(own(1));
        tree.neighbourDown(2);
        long flush = sink.pending.element().timer().token();
        sink.clear();

        tree.onTimer(flush);

        assertThat(sink.sent).as("the batch for a link that went away is dropped").isEmpty();
    }

    @Test
    void aFullBatchOf1024RangesIsSentWithoutWaitingForTheTimer() {
        Plumtree tree = plumtree(1, 2);
        tree.receiveControl(2, new Frame.Prune());

        for (long seq = 1; seq <= Frame.MAX_MESSAGE_IDS; seq++) {
            tree.publish(own(2 * seq)); // every other number: no two make a range
        }

        assertThat(sink.sentOfType(Frame.IHave.class)).singleElement().satisfies(ihave -> {
            assertThat(ihave.announcements()).hasSize(Frame.MAX_MESSAGE_IDS);
            assertThat(ihave.announcements().get(Frame.MAX_MESSAGE_IDS - 1).last())
                    .isEqualTo(2L * Frame.MAX_MESSAGE_IDS);
        });

        tree.publish(own(2L * Frame.MAX_MESSAGE_IDS + 2));
        assertThat(sink.sentOfType(Frame.IHave.class)).hasSize(1);
        sink.fireAll(tree);

        assertThat(sink.sentOfType(Frame.IHave.class)).hasSize(2).last().satisfies(ihave -> assertThat(
                ihave.announcements()).containsExactly(
                        new Frame.Announcement(SELF, 2L * Frame.MAX_MESSAGE_IDS + 2, 1)));
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
        assertThat(tree.parent(ORIGIN)).isEqualTo(1L);
        assertThat(tree.onTree(ORIGIN, 1)).as("the parent: the origin's payloads come from there").isFalse();
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
        tree.receive(1, from(OTHER, 1));
        tree.publish(own(1));
        tree.receive(1, data(1, 0, 0));
        tree.receive(2, data(1, 0, 0));
        sink.clear();

        tree.receive(1, from(OTHER, 2));
        tree.publish(own(2));
        tree.receive(1, data(2, 0, 0));

        assertThat(tree.onTree(ORIGIN, 2)).isFalse();
        assertThat(sink.linksOf(Frame.Data.class)).as("the other origin's and our own payloads still go to link 2; "
                + "ORIGIN's only where its tree goes").containsExactly(2L, 3L, 1L, 2L, 3L, 3L);
    }

    @Test
    void pruneNamingAnOriginTakesTheLinkOffThatOriginsTreeOnly() {
        Plumtree tree = plumtree(1, 2);
        tree.receive(1, from(OTHER, 1));
        sink.clear();
        tree.receiveControl(2, new Frame.Prune(List.of(ORIGIN)));

        tree.receive(1, data(1, 0, 0));
        tree.receive(1, from(OTHER, 2));

        assertThat(sink.linksOf(Frame.Data.class)).as("only the other origin's payload goes to link 2")
                .containsExactly(2L);
        assertThat(tree.onTree(ORIGIN, 2)).isFalse();
        assertThat(tree.onTree(OTHER, 2)).isTrue();
        assertThat(eager(tree)).containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void aNewOriginsFirstMessageFollowsTheTreeTheNodeAlreadyHas() {
        options = FOLLOW_TREE;
        Plumtree tree = plumtree(1, 2, 3);
        tree.receiveControl(2, new Frame.Graft(List.of())); // the peers of 2 and 3 joined the tree through us
        tree.receiveControl(3, new Frame.Graft(List.of()));
        tree.receiveControl(3, new Frame.Prune(List.of(ORIGIN)));
        sink.clear();

        tree.receive(1, from(OTHER, 1));
        sink.fireNext(tree);

        assertThat(sink.linksOf(Frame.Data.class)).as("link 3 left the tree (for ORIGIN); a new origin's first "
                + "message does not flood it").containsExactly(2L);
        assertThat(sink.framesOn(3)).singleElement().isInstanceOf(Frame.IHave.class);
        assertThat(tree.onTree(OTHER, 3)).isFalse();
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

        // back over 2 links: 2's own path is as short as our direct copy, so 2 keeps it and is pruned (a copy that
        // crossed more links would make 2 take this node as its parent, and is not pruned)
        tree.receive(2, new Frame.Data(SELF, 1, 2, 0, "news", Map.of(), new byte[] {1}));

        assertThat(sink.deliveries).isEmpty();
        assertThat(sink.framesOn(2)).singleElement().isInstanceOf(Frame.Prune.class);
        assertThat(tree.counters().duplicates()).isEqualTo(1);
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

    // ---- counters ---------------------------------------------------------------------------------------------

    @Test
    void countersAddUpToWhatWasSentDeliveredAndReported() {
        Plumtree tree = plumtree(1, 2, 3);
        tree.receiveControl(3, new Frame.Prune());

        tree.publish(own(1)); // delivered; payload to 1 and 2, announced to 3
        tree.receive(1, data(1, 1, 0)); // delivered; payload to 2, announced to 3
        tree.receive(2, data(1, 2, 0)); // duplicate: PRUNE to 2
        tree.receiveControl(3, ihave(ORIGIN, 2)); // never arrives: 4 GRAFTs to 3, then lost; PRUNE to parent 1
        sink.fireAll(tree);
        tree.receiveControl(2, new Frame.Graft(List.of(new MessageId(SELF, 1)))); // payload to 2

        assertThat(tree.counters()).isEqualTo(new DisseminationCounters(1, 2, 4, 1, 0, 0, 0, 2, 0, 2, 4, 2, 1));
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
}
