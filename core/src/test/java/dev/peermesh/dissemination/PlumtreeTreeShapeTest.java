package dev.peermesh.dissemination;

import dev.peermesh.MessageId;
import dev.peermesh.wire.Frame;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape of each origin's tree on one node, stable by construction: the link a first copy came on is the origin's
 * parent and never gets its messages back; a duplicate keeps the path with fewer hops (equal paths keep the parent);
 * a pull makes the answerer the parent and prunes the former one; and a new origin's first messages follow the tree
 * the node already has rather than every link.
 */
class PlumtreeTreeShapeTest extends PlumtreeFixture {

    // ---- parent ------------------------------------------------------------------------------------------------

    @Test
    void theLinkAFirstCopyCameOnIsTheParentAndNeverGetsTheOriginsMessages() {
        Plumtree tree = plumtree(1, 2, 3);
        tree.receive(1, data(1, 1, 0));
        tree.receive(2, data(1, 1, 0)); // duplicate: 2 pruned
        sink.clear();

        tree.receive(2, data(2, 1, 0)); // a copy 2 sent before our PRUNE reached it, first this time
        tree.receive(1, data(3, 1, 0));

        assertThat(sink.linksOf(Frame.Data.class)).as("neither the parent of 2 nor that of 3 gets a payload back")
                .containsExactly(3L, 3L);
        assertThat(tree.parent(ORIGIN)).isEqualTo(1L);
        assertThat(tree.onTree(ORIGIN, 1)).as("the parent is not pushed to").isFalse();
        assertThat(tree.onTree(ORIGIN, 3)).isTrue();
    }

    @Test
    void pruneFromTheParentKeepsItTheParent() {
        Plumtree tree = plumtree(1, 2);
        tree.receive(1, data(1, 1, 0));

        tree.receiveControl(1, new Frame.Prune(List.of(ORIGIN)));
        tree.receive(1, data(2, 1, 0));

        assertThat(tree.parent(ORIGIN)).isEqualTo(1L);
        assertThat(sink.sentOfType(Frame.Data.class)).hasSize(2);
        assertThat(sink.sentOfType(Frame.Prune.class)).isEmpty();
    }

    // ---- duplicates: fewer hops win, equal paths keep the parent -------------------------------------------------

    @Test
    void duplicateThatCrossedFewerLinksMakesItsLinkTheParentAndPrunesTheFormerOne() {
        Plumtree tree = plumtree(1, 2, 3);
        tree.receive(1, data(1, 4, 0)); // the fast path, but long
        sink.clear();

        tree.receive(2, data(1, 2, 0)); // the short path
        tree.receive(2, data(2, 2, 0));

        assertThat(sink.framesOn(1)).as("the former parent pruned").containsExactly(new Frame.Prune(List.of(ORIGIN)));
        assertThat(sink.framesOn(2)).as("the new parent is neither pruned nor pushed to").isEmpty();
        assertThat(tree.parent(ORIGIN)).isEqualTo(2L);
        assertThat(sink.linksOf(Frame.Data.class)).containsExactly(3L);
        assertThat(tree.counters().prunes()).isEqualTo(1);
    }

    @Test
    void duplicateThatCrossedAsManyLinksIsPrunedSoEqualPathsDoNotTakeTurns() {
        Plumtree tree = plumtree(1, 2, 3);
        tree.receive(1, data(1, 3, 0));
        sink.clear();

        tree.receive(2, data(1, 3, 0));
        tree.receive(1, data(2, 3, 0));
        tree.receive(2, data(2, 3, 0));

        assertThat(sink.framesOn(2)).as("pruned once").containsExactly(new Frame.Prune(List.of(ORIGIN)));
        assertThat(sink.framesOn(1)).isEmpty();
        assertThat(tree.parent(ORIGIN)).isEqualTo(1L);
    }

    // ---- GRAFT --------------------------------------------------------------------------------------------------

    @Test
    void pullingAMessageMakesTheAnswererTheParentAndPrunesTheFormerParent() {
        Plumtree tree = plumtree(1, 2, 3);
        tree.receive(1, data(1, 1, 0));
        tree.receive(2, data(1, 2, 0)); // 2 off ORIGIN's tree: it only announces
        sink.clear();
        tree.receiveControl(2, ihave(ORIGIN, 2)); // the parent did not send 2

        sink.advance(tree, OPTIONS.graftTimeoutMillis()); // the wait for the payload ends: GRAFT to 2
        tree.receive(2, data(2, 2, 0)); // the answer
        tree.receive(2, data(3, 2, 0));

        assertThat(sink.framesOn(2)).containsExactly(new Frame.Graft(List.of(new MessageId(ORIGIN, 2))));
        assertThat(sink.framesOn(1)).as("the former parent pruned, not sent the answer")
                .containsExactly(new Frame.Prune(List.of(ORIGIN)));
        assertThat(tree.parent(ORIGIN)).isEqualTo(2L);
        assertThat(sink.linksOf(Frame.Data.class)).containsExactly(3L, 3L);
    }

    @Test
    void graftFromTheParentMakesItAChild() {
        Plumtree tree = plumtree(1, 2);
        tree.receive(1, data(1, 1, 0));
        sink.clear();

        tree.receiveControl(1, new Frame.Graft(List.of(new MessageId(ORIGIN, 1))));
        tree.receive(2, data(2, 1, 0));

        assertThat(tree.parent(ORIGIN)).isEqualTo(2L);
        assertThat(sink.linksOf(Frame.Data.class)).as("the answer, then the next payload").containsExactly(1L, 1L);
    }

    // ---- a new origin follows the tree the node already has ------------------------------------------------------

    @Test
    void newOriginsFirstMessageFollowsTheTreeTheNodeAlreadyHasAndIsAnnouncedElsewhere() {
        options = FOLLOW_TREE;
        Plumtree tree = plumtree(1, 2, 3, 4); // 1 on the default tree (the node's first link), the others off
        tree.receiveControl(4, new Frame.Graft(List.of())); // 4's peer was cut off from the tree: 4 on
        tree.receive(1, data(1, 1, 0));
        tree.receive(2, data(1, 1, 0)); // duplicate: 2 off the tree
        tree.receiveControl(3, new Frame.Prune(List.of(ORIGIN))); // 3 took itself off
        sink.fireAll(tree);
        sink.clear();

        tree.receive(4, from(OTHER, 1));
        tree.publish(own(1));
        sink.fireAll(tree);

        assertThat(sink.linksOf(Frame.Data.class)).as("OTHER's message to the tree link 1, ours to 1 and 4")
                .containsExactly(1L, 1L, 4L);
        assertThat(sink.linksOf(Frame.IHave.class)).as("the others are told, so they can pull")
                .containsExactlyInAnyOrder(2L, 3L);
    }

    @Test
    void anOriginsTreeKeepsItsLinksWhenTheDefaultTreeChangesLater() {
        Plumtree tree = plumtree(1, 2, 3);
        tree.receive(1, from(OTHER, 1)); // OTHER's tree: 2 and 3 are children
        tree.receive(1, data(1, 1, 0));
        tree.receive(2, data(1, 1, 0)); // 2 off ORIGIN's tree, and off the default tree
        sink.clear();

        tree.receive(1, from(OTHER, 2));

        assertThat(sink.linksOf(Frame.Data.class)).containsExactly(2L, 3L);
        assertThat(tree.onTree(OTHER, 2)).isTrue();
    }

    @Test
    void aNewNeighborOfANodeOnTheTreeStartsOffIt() {
        options = FOLLOW_TREE;
        Plumtree tree = plumtree(1, 2);
        tree.neighborUp(3);
        sink.clear();

        tree.receive(1, from(OTHER, 1));
        sink.fireAll(tree);

        assertThat(sink.linksOf(Frame.Data.class)).as("1 is the parent; 2 and 3 are not on the tree").isEmpty();
        assertThat(sink.linksOf(Frame.IHave.class)).containsExactlyInAnyOrder(2L, 3L);
    }

    @Test
    void aLinkThatWentDownAndCameBackIsOnTheDefaultTreeAgain() {
        Plumtree tree = plumtree(1, 2, 3);
        tree.receive(1, data(1, 1, 0));
        tree.receive(2, data(1, 1, 0));
        tree.neighborDown(2);
        tree.neighborUp(2);
        sink.clear();

        tree.receive(1, from(OTHER, 1));
        tree.receive(1, data(2, 1, 0));

        assertThat(sink.linksOf(Frame.Data.class)).containsExactly(3L, 2L, 3L, 2L);
    }
}
