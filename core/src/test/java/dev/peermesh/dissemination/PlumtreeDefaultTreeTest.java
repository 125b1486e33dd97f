package dev.peermesh.dissemination;

import dev.peermesh.MessageId;
import dev.peermesh.wire.Frame;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default tree a new origin's first messages follow ({@code peermesh.tree.new-origins=follow-tree}) and how new
 * links join it: only where the node is cut off from the tree — it has no link on it, or one went down and no new
 * link has replaced it — and then at both ends of the link (a GRAFT naming no message). Any other new link starts
 * off the tree, so joins and replacements of crashed neighbors do not close cycles in it.
 */
class PlumtreeDefaultTreeTest extends PlumtreeFixture {

    private static final Frame.Graft JOIN = new Frame.Graft(List.of());

    @BeforeEach
    void followTheTree() {
        options = FOLLOW_TREE;
    }

    @Test
    void aNodeWithNoLinkOnTheTreePutsItsFirstLinkOnAtBothEnds() {
        Plumtree tree = plumtree(1);
        tree.neighborUp(2);

        assertThat(sink.sent).as("only the first link is asked onto the tree").containsExactly(new Sent(1, JOIN));
        sink.clear();
        tree.receive(2, from(OTHER, 1));

        assertThat(sink.linksOf(Frame.Data.class)).as("the payload goes on the tree link").containsExactly(1L);
    }

    @Test
    void aGraftNamingNoMessagePutsItsLinkOnTheTree() {
        Plumtree tree = plumtree(1, 2, 3);
        tree.receiveControl(3, JOIN);
        sink.clear();

        tree.receive(1, from(OTHER, 1));
        sink.fireAll(tree);

        assertThat(sink.linksOf(Frame.Data.class)).containsExactly(3L);
        assertThat(sink.linksOf(Frame.IHave.class)).containsExactly(2L);
        assertThat(sink.linksOf(Frame.Graft.class)).as("nothing is pulled or answered").isEmpty();
    }

    @Test
    void aNodeWhoseTreeLinkWentDownPutsTheNextNewLinkOnInItsPlace() {
        Plumtree tree = plumtree(1, 2); // 1 on the tree, 2 off
        tree.neighborDown(1);
        sink.clear();

        tree.neighborUp(3);
        tree.neighborUp(4);

        assertThat(sink.sent).as("one new link replaces the lost one").containsExactly(new Sent(3, JOIN));
        sink.clear();
        tree.receive(2, from(OTHER, 1));
        assertThat(sink.linksOf(Frame.Data.class)).containsExactly(3L);
    }

    @Test
    void aLinkOffTheTreeThatWentDownLeavesTheNodeOnIt() {
        Plumtree tree = plumtree(1, 2);
        tree.neighborDown(2);
        sink.clear();

        tree.neighborUp(3);

        assertThat(sink.sent).isEmpty();
    }

    @Test
    void ownMessagesGoToEveryLinkWhileTheNodeHasNoLinkOnTheTree() {
        Plumtree tree = plumtree(1, 2);
        tree.receiveControl(1, new Frame.Prune(List.of(OTHER))); // 1 off the tree as well
        sink.clear();

        tree.publish(own(1));

        assertThat(sink.linksOf(Frame.Data.class)).containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void ownMessagesFollowTheTreeOnceTheNodeIsOnIt() {
        Plumtree tree = plumtree(1, 2);
        sink.clear();

        tree.publish(own(1));
        sink.fireAll(tree);

        assertThat(sink.linksOf(Frame.Data.class)).containsExactly(1L);
        assertThat(sink.linksOf(Frame.IHave.class)).containsExactly(2L);
    }

    @Test
    void newLinksAreNotAskedOntoTheTreeWhenNewOriginsFlood() {
        options = OPTIONS;
        Plumtree tree = plumtree(1, 2);

        tree.receive(1, from(OTHER, 1));

        assertThat(sink.linksOf(Frame.Graft.class)).isEmpty();
        assertThat(sink.linksOf(Frame.Data.class)).containsExactly(2L);
    }

    // ---- a busy origin's parent moves to a shorter announced path ------------------------------------------------

    @Test
    void aBusyOriginsParentMovesToALinkAnnouncingAShorterPath() {
        Plumtree tree = plumtree(1, 2); // 1 on the tree, 2 off
        receiveFromOrigin(tree, 1, OriginTrees.BUSY, 4);
        sink.clear();

        tree.receiveControl(2, new Frame.IHave(List.of(new Frame.Announcement(ORIGIN, OriginTrees.BUSY,
                OriginTrees.BUSY, 3))));

        assertThat(tree.parent(ORIGIN)).isEqualTo(2L);
        assertThat(sink.sent).containsExactlyInAnyOrder(
                new Sent(2, new Frame.Graft(List.of(new MessageId(ORIGIN, OriginTrees.BUSY)))),
                new Sent(1, new Frame.Prune(List.of(ORIGIN))));
    }

    @Test
    void anOccasionalOriginsParentStaysWhereTheDefaultTreePutIt() {
        Plumtree tree = plumtree(1, 2);
        receiveFromOrigin(tree, 1, OriginTrees.BUSY - 1, 4);
        sink.clear();

        tree.receiveControl(2, new Frame.IHave(List.of(new Frame.Announcement(ORIGIN, 1, OriginTrees.BUSY - 1,
                1))));

        assertThat(tree.parent(ORIGIN)).isEqualTo(1L);
        assertThat(sink.sent).isEmpty();
    }

    @Test
    void anAnnouncedPathAsLongAsTheParentsDoesNotMoveIt() {
        Plumtree tree = plumtree(1, 2);
        receiveFromOrigin(tree, 1, OriginTrees.BUSY, 4);
        sink.clear();

        tree.receiveControl(2, new Frame.IHave(List.of(new Frame.Announcement(ORIGIN, 1, OriginTrees.BUSY, 4))));

        assertThat(tree.parent(ORIGIN)).isEqualTo(1L);
        assertThat(sink.sent).isEmpty();
    }

    @Test
    void parentsDoNotMoveWhenNewOriginsFlood() {
        options = OPTIONS;
        Plumtree tree = plumtree(1, 2);
        receiveFromOrigin(tree, 1, OriginTrees.BUSY, 4);
        tree.receive(2, data(1, 4, 0)); // duplicate with as many hops: 2 pruned for ORIGIN
        sink.clear();

        tree.receiveControl(2, new Frame.IHave(List.of(new Frame.Announcement(ORIGIN, OriginTrees.BUSY,
                OriginTrees.BUSY, 1))));

        assertThat(tree.parent(ORIGIN)).isEqualTo(1L);
        assertThat(sink.sent).isEmpty();
    }

    private static void receiveFromOrigin(Plumtree tree, long link, int count, int hops) {
        for (int sequence = 1; sequence <= count; sequence++) {
            tree.receive(link, data(sequence, hops, 0));
        }
    }
}
