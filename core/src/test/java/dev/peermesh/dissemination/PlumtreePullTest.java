package dev.peermesh.dissemination;

import dev.peermesh.MessageId;
import dev.peermesh.wire.Frame;

import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pull path's own mechanics (issue 15): announcements go out as ranges, one repair timer checks per-origin
 * watermarks and pulls several messages at once, the first pull waits as long as payloads lately trailed their
 * announcements, and what is wanted stays bounded however much an announcer announces that never comes.
 */
class PlumtreePullTest extends PlumtreeFixture {

    private static final Plumtree.Options ADAPTIVE = new Plumtree.Options(OPTIONS.graftTimeoutMillis(),
            OPTIONS.graftRetryMillis(), OPTIONS.ihaveIntervalMillis(), OPTIONS.maxGraftAttempts(),
            OPTIONS.repairTicks(), true, false);

    // ---- announcements go out as ranges -----------------------------------------------------------------------

    @Test
    void consecutiveMessagesOfAnOriginAreAnnouncedAsOneRangeWithTheirFewestHops() {
        Plumtree tree = offTree(2);

        tree.receive(1, data(1, 3, 0));
        tree.receive(1, data(2, 1, 0));
        tree.receive(1, from(OTHER, 8));
        tree.receive(1, data(3, 2, 0));
        tree.receive(1, data(5, 1, 0)); // 4 not (yet) here: a new range
        sink.fireAll(tree);

        assertThat(sink.framesOn(2)).singleElement().isInstanceOfSatisfying(Frame.IHave.class,
                ihave -> assertThat(ihave.announcements()).containsExactly(new Frame.Announcement(ORIGIN, 1, 3, 2),
                        new Frame.Announcement(OTHER, 8, 8, 1), new Frame.Announcement(ORIGIN, 5, 5, 2)));
        assertThat(tree.counters().announcements()).as("counted per message").isEqualTo(5);
    }

    // ---- one repair timer, several pulls at once --------------------------------------------------------------

    @Test
    void oneRepairTimerPullsEveryMissingMessageOfEveryOriginFromAnAnnouncerInOneGraft() {
        Plumtree tree = offTree(2);
        tree.receive(1, data(3, 1, 0)); // one of them came on the tree

        tree.receiveControl(2, new Frame.IHave(List.of(new Frame.Announcement(ORIGIN, 1, 5, 1),
                new Frame.Announcement(OTHER, 1, 3, 1))));
        sink.advance(tree, OPTIONS.graftTimeoutMillis());

        assertThat(sink.timesOf(Frame.Graft.class)).containsExactly(OPTIONS.graftTimeoutMillis());
        assertThat(sink.sentOfType(Frame.Graft.class)).singleElement().satisfies(graft -> assertThat(graft.ids())
                .containsExactlyInAnyOrder(id(ORIGIN, 1), id(ORIGIN, 2), id(ORIGIN, 4), id(ORIGIN, 5), id(OTHER, 1),
                        id(OTHER, 2), id(OTHER, 3)));
        assertThat(tree.counters().grafts()).as("messages pulled").isEqualTo(7);
        assertThat(sink.pending).as("one timer, whatever is missing").hasSize(1);
    }

    @Test
    void theRepairTimerStopsOnceNothingIsMissing() {
        Plumtree tree = offTree(2);
        tree.receiveControl(2, new Frame.IHave(List.of(new Frame.Announcement(ORIGIN, 1, 3, 1))));
        sink.advance(tree, OPTIONS.graftTimeoutMillis());
        List<Frame.Graft> grafts = sink.sentOfType(Frame.Graft.class);

        for (long seq = 1; seq <= 3; seq++) {
            tree.receive(2, data(seq, 1, 0)); // the answers
        }
        sink.fireAll(tree);

        assertThat(grafts).hasSize(1);
        assertThat(sink.sentOfType(Frame.Graft.class)).as("nothing pulled twice").hasSize(1);
        assertThat(sink.pending).isEmpty();
        assertThat(sink.lost).isEmpty();
    }

    @Test
    void everyMessageOfARangeThatNeverComesIsReportedLostOnce() {
        Plumtree tree = offTree(2);

        tree.receiveControl(2, new Frame.IHave(List.of(new Frame.Announcement(ORIGIN, 1, 4, 1))));
        tree.receive(1, data(2, 1, 0));
        sink.fireAll(tree);

        assertThat(sink.lost).extracting(Lost::id).containsExactly(id(ORIGIN, 1), id(ORIGIN, 3), id(ORIGIN, 4));
        assertThat(sink.lost).allSatisfy(lost -> assertThat(lost.reason())
                .contains(OPTIONS.maxGraftAttempts() + " requests"));
        assertThat(sink.sentOfType(Frame.Graft.class)).as("each pull asks for all three at once")
                .hasSize(OPTIONS.maxGraftAttempts()).allSatisfy(graft -> assertThat(graft.ids()).hasSize(3));
        assertThat(tree.counters().lost()).isEqualTo(3);
    }

    @Test
    void messagesOvertakenByOneMoreThanAWindowAheadArePulledAndDeliveredNotPassedOver() {
        // SaturatedPublishTest: a relay (link 1) brought 1..1074 in order, then the origin's own link (2) 3934
        Plumtree tree = plumtree(1, 2);
        for (long sequence = 1; sequence <= 1074; sequence++) {
            tree.receive(1, data(sequence, 2, 0));
        }
        tree.receive(2, data(3934, 1, 0));
        sink.clear();

        tree.receiveControl(2, new Frame.IHave(List.of(new Frame.Announcement(ORIGIN, 1075, 3933, 1))));
        sink.advance(tree, OPTIONS.graftTimeoutMillis());

        assertThat(sink.sentOfType(Frame.Graft.class)).first().satisfies(graft -> assertThat(graft.ids())
                .startsWith(id(ORIGIN, 1075), id(ORIGIN, 1076)));
        tree.receive(1, data(1075, 2, 0));
        assertThat(sink.deliveries).as("a late copy is no duplicate").singleElement()
                .satisfies(message -> assertThat(message.id()).isEqualTo(id(ORIGIN, 1075)));
        assertThat(sink.lost).isEmpty();
    }

    // ---- the wait follows how late payloads are ---------------------------------------------------------------

    @Test
    void withAFixedWaitTheFirstPullComesAfterTheGraftTimeoutHoweverPromptPayloadsWere() {
        Plumtree tree = offTree(2);
        for (long seq = 1; seq <= 30; seq++) {
            tree.receiveControl(2, ihave(ORIGIN, seq));
            sink.advance(tree, 29);
            tree.receive(1, data(seq, 1, 0));
            sink.advance(tree, 1);
        }
        tree.receiveControl(2, ihave(ORIGIN, 31));
        long announced = sink.now;
        sink.advance(tree, OPTIONS.graftTimeoutMillis());

        assertThat(sink.timesOf(Frame.Graft.class)).first().isEqualTo(announced + OPTIONS.graftTimeoutMillis());
    }

    @Test
    void theFirstPullWaitsAsLongAsPayloadsLatelyTrailedTheirAnnouncements() {
        options = ADAPTIVE;
        Plumtree tree = offTree(2);
        assertThat(tree.graftWaitMillis()).as("nothing measured yet").isEqualTo(OPTIONS.graftTimeoutMillis());

        for (long seq = 1; seq <= 30; seq++) { // announced on 2, pushed on the tree 29 ms later
            tree.receiveControl(2, ihave(ORIGIN, seq));
            sink.advance(tree, 29);
            tree.receive(1, data(seq, 1, 0));
            sink.advance(tree, 1);
        }
        long wait = tree.graftWaitMillis();
        tree.receiveControl(2, ihave(ORIGIN, 31)); // this one never comes on the tree
        long announced = sink.now;
        sink.advance(tree, OPTIONS.graftTimeoutMillis());

        assertThat(wait).isBetween(29L, 60L);
        assertThat(sink.timesOf(Frame.Graft.class)).as("none pulled in vain before").first()
                .isEqualTo(announced + wait);
    }

    @Test
    void theWaitStaysBetweenTheAnnouncementIntervalAndTheGraftTimeout() {
        options = ADAPTIVE;
        Plumtree prompt = offTree(2);
        for (long seq = 1; seq <= 30; seq++) { // payloads right behind their announcements
            prompt.receiveControl(2, ihave(ORIGIN, seq));
            prompt.receive(1, data(seq, 1, 0));
        }
        Plumtree late = offTree(2);
        for (long seq = 1; seq <= 30; seq++) { // payloads 10 or 240 ms behind: often later than a short wait
            late.receiveControl(2, ihave(ORIGIN, seq));
            sink.advance(late, seq % 2 == 0 ? 10 : 240);
            late.receive(1, data(seq, 1, 0));
        }

        assertThat(prompt.graftWaitMillis()).isEqualTo(OPTIONS.ihaveIntervalMillis());
        assertThat(late.graftWaitMillis()).isEqualTo(OPTIONS.graftTimeoutMillis());
    }

    @Test
    void aPulledPayloadIsNotTakenForHowLatePushedOnesAre() {
        options = ADAPTIVE;
        Plumtree tree = offTree(2);
        tree.receiveControl(2, ihave(ORIGIN, 1));
        sink.advance(tree, OPTIONS.graftTimeoutMillis());

        tree.receive(2, data(1, 1, 0)); // the answer, 250 ms after the announcement

        assertThat(tree.graftWaitMillis()).as("still nothing measured").isEqualTo(OPTIONS.graftTimeoutMillis());
    }

    // ---- bounded --------------------------------------------------------------------------------------------

    @Test
    void anOriginAnnouncedFarBeyondWhatArrivesIsWantedOnlyAWindowWide() {
        DuplicateCache seen = new DuplicateCache(1_000, 100);
        Pulls pulls = new Pulls(seen, OPTIONS, sink, (link, origin) -> { }, 1);
        pulls.linkUp(2);

        pulls.announced(2, new Frame.Announcement(ORIGIN, 1, Long.MAX_VALUE, 1));
        while (!sink.pending.isEmpty()) {
            Pending next = sink.pending.remove();
            sink.now = next.due();
            pulls.repair();
        }

        assertThat(sink.sentOfType(Frame.Graft.class)).allSatisfy(graft -> assertThat(graft.ids())
                .hasSizeLessThanOrEqualTo(Frame.MAX_MESSAGE_IDS));
        assertThat(sink.lost).hasSize((int) Pulls.MAX_AHEAD);
        assertThat(sink.lost.get(sink.lost.size() - 1).id()).isEqualTo(id(ORIGIN, Pulls.MAX_AHEAD));
        assertThat(pulls.origins()).isZero();
    }

    @Test
    void rangesAtTheEndOfTheNumbersAreIgnoredRatherThanWrappedAround() {
        Plumtree tree = offTree(2);

        tree.receiveControl(2, new Frame.IHave(List.of(new Frame.Announcement(ORIGIN, Long.MAX_VALUE - 3,
                Long.MAX_VALUE, 1), new Frame.Announcement(OTHER, Long.MIN_VALUE, 0, 1))));
        sink.fireAll(tree);

        assertThat(sink.sentOfType(Frame.Graft.class)).as("no real message is numbered so").isEmpty();
        assertThat(sink.lost).isEmpty();
    }

    @Test
    void pastTheMostOriginsWantedAtOnceTheOneHeardOfLeastRecentlyIsGivenUpAndReportedLost() {
        DuplicateCache seen = new DuplicateCache(10_000, 100);
        Pulls pulls = new Pulls(seen, OPTIONS, sink, (link, origin) -> { }, 1);
        pulls.linkUp(2);

        LongStream.rangeClosed(1, Pulls.MAX_ORIGINS + 10).forEach(origin -> pulls.announced(2,
                new Frame.Announcement(origin, 1, 2, 1)));

        assertThat(pulls.origins()).isEqualTo(Pulls.MAX_ORIGINS);
        assertThat(sink.lost).hasSize(20).allSatisfy(lost -> {
            assertThat(lost.id().origin()).isBetween(1L, 10L);
            assertThat(lost.reason()).contains("more than " + Pulls.MAX_ORIGINS + " origins");
        });
        assertThat(sink.scheduled).as("one timer for all of them").hasSize(1);
    }

    private static MessageId id(long origin, long sequence) {
        return new MessageId(origin, sequence);
    }
}
