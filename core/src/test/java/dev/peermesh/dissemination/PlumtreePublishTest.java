package dev.peermesh.dissemination;

import dev.peermesh.MeshMessage;
import dev.peermesh.wire.Frame;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plumtree on one node publishing: its own message is delivered here and sent as payload to tree links, and
 * announced to the others in batched IHAVE ranges (a flush timer, a payload going out, or a full batch sends them).
 */
class PlumtreePublishTest extends PlumtreeFixture {

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
    void ownMessagesAnnouncedOnlyForARunGoAsPayloadToOneNeighborFromThenOn() {
        Plumtree tree = plumtree(1, 2, 3);
        for (long link = 1; link <= 3; link++) {
            tree.receiveControl(link, new Frame.Prune(List.of(SELF)));
        }
        int limit = Plumtree.ANNOUNCED_ONLY_LIMIT;
        for (long seq = 1; seq < limit; seq++) {
            tree.publish(own(seq));
        }
        assertThat(sink.sentOfType(Frame.Data.class)).as("a few announced messages are pulled").isEmpty();

        tree.publish(own(limit));
        tree.publish(own(limit + 1));

        assertThat(sink.sentOfType(Frame.Data.class)).as("announced for good, nothing holds the publisher back")
                .extracting(Frame.Data::sequence).containsExactly((long) limit, limit + 1L);
        assertThat(sink.linksOf(Frame.Data.class)).containsOnly(1L);
        assertThat(tree.onTree(SELF, 1)).isTrue();
        assertThat(tree.onTree(SELF, 2)).isFalse();
    }

    @Test
    void aPayloadSentInBetweenStartsTheRunOfAnnouncedOnlyMessagesAgain() {
        Plumtree tree = plumtree(1, 2);
        tree.receiveControl(1, new Frame.Prune());
        tree.receiveControl(2, new Frame.Prune());
        int limit = Plumtree.ANNOUNCED_ONLY_LIMIT;
        for (long seq = 1; seq < limit; seq++) {
            tree.publish(own(seq));
        }
        tree.receiveControl(2, new Frame.Graft(List.of())); // link 2 back on the tree: the next one is pushed
        tree.publish(own(limit));
        tree.receiveControl(2, new Frame.Prune());

        for (long seq = limit + 1; seq < 2L * limit; seq++) {
            tree.publish(own(seq));
        }
        assertThat(sink.sentOfType(Frame.Data.class)).extracting(Frame.Data::sequence).containsExactly((long) limit);

        tree.publish(own(2L * limit));
        assertThat(sink.sentOfType(Frame.Data.class)).extracting(Frame.Data::sequence)
                .containsExactly((long) limit, 2L * limit);
        assertThat(eager(tree)).contains(1L);
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
        tree.neighborDown(2);
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
    void ownMessageWithoutNeighborsIsCountedUnrouted() {
        Plumtree tree = plumtree();

        tree.publish(own(1));

        assertThat(sink.deliveries).hasSize(1);
        assertThat(sink.sent).isEmpty();
        assertThat(tree.counters().unrouted()).isEqualTo(1);
    }
}
