package dev.peermesh.dissemination;

import dev.peermesh.MessageId;
import dev.peermesh.wire.Frame;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plumtree on one node, without a network or a clock: which links are on each origin's tree (eager) — new
 * neighbors join it, PRUNE takes a link off, GRAFT and a first payload put it back — and how a received payload is
 * delivered, pushed on and announced. Publishing is in {@link PlumtreePublishTest}, the hop limit, the propagation
 * filter and the counters in {@link PlumtreeForwardingTest}, the repair — GRAFT and losses — in
 * {@link PlumtreeRepairTest}.
 */
class PlumtreeTest extends PlumtreeFixture {

    // ---- tree links -------------------------------------------------------------------------------------------

    @Test
    void newNeighborIsOnTheTree() {
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
    void neighborThatComesBackIsOnTheTreeAgain() {
        Plumtree tree = plumtree(1, 2);
        tree.receiveControl(2, new Frame.Prune());

        tree.neighborDown(2);
        assertThat(eager(tree)).containsExactly(1L);
        assertThat(lazy(tree)).isEmpty();
        tree.neighborUp(2);

        assertThat(eager(tree)).containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void controlFramesFromALinkThatIsNoNeighborAreIgnored() {
        Plumtree tree = plumtree(1);
        tree.publish(own(1));
        sink.clear();

        tree.receiveControl(9, new Frame.Graft(List.of(new MessageId(SELF, 1))));
        tree.receiveControl(9, ihave(ORIGIN, 5));

        assertThat(sink.sent).isEmpty();
        assertThat(sink.scheduled).isEmpty();
        assertThat(eager(tree)).containsExactly(1L);
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

    /**
     * The bound on remembered trees itself, not a small one passed in: past 4,096 origins (docs/security.md) the
     * least recently used origin's tree is forgotten (its next message is seeded from the default tree again).
     */
    @Test
    void atMost4096OriginsHaveATreeAndTheLeastRecentlyUsedIsForgottenFirst() {
        int maxTrees = 4_096;
        Plumtree tree = plumtree(1, 2);
        for (long origin = 1; origin <= maxTrees; origin++) {
            tree.receive(1, from(origin, 1));
        }
        assertThat(tree.parent(1)).as("the first origin, all %d remembered", maxTrees).isEqualTo(1L);
        tree.receive(2, from(1, 2)); // origin 1 used again: origin 2 is now the least recently used

        tree.receive(1, from(maxTrees + 1, 1));

        assertThat(tree.parent(2)).as("forgotten: one origin more than the bound").isNull();
        assertThat(tree.parent(1)).isEqualTo(2L);
        assertThat(tree.parent(3)).isEqualTo(1L);
        assertThat(tree.parent(maxTrees + 1)).isEqualTo(1L);
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
}
