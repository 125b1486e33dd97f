package dev.peermesh.protocol;

import dev.peermesh.Neighbor;
import dev.peermesh.protocol.link.MeshKey;
import dev.peermesh.protocol.InMemoryMesh.Node;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.Reason;
import dev.peermesh.wire.Referral;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who a node admits as a neighbor: the maximum, with referrals for the refused, and one link per pair of nodes
 * however they dialled.
 */
class MeshProtocolAdmissionTest {

    private static final MeshKey KEY = MeshKey.derive(InMemoryMesh.MESH_ID, "s3cret!Pass");

    private final InMemoryMesh mesh = new InMemoryMesh(KEY);

    @Test
    void nodeWithSevenNeighborsRefusesAnEighthWithBusyAndReferralsToTheSeven() {
        Node hub = mesh.node(100, 2, 3, 7);
        List<Node> spokes = spokesOf(hub, 7);
        Node eighth = linkedNode(8);

        mesh.resolved(eighth, hub);

        long link = mesh.allLinks(hub, eighth).get(0);
        assertThat(hub.actions.lastSentOn(link)).isInstanceOfSatisfying(Frame.Refuse.class, refuse -> {
            assertThat(refuse.reason()).isEqualTo(Reason.BUSY);
            assertThat(refuse.detail()).contains("7");
            assertThat(refuse.referrals()).extracting(Referral::nodeId)
                    .containsExactlyInAnyOrderElementsOf(ids(spokes));
            assertThat(refuse.referrals()).extracting(Referral::address)
                    .containsExactlyInAnyOrderElementsOf(spokes.stream().map(Node::address).toList());
        });
        assertThat(hub.neighborIds()).hasSize(7).doesNotContain(eighth.id);
        assertThat(hub.actions.eventsOfType(MeshEvent.NeighborUp.class)).hasSize(7);
    }

    @Test
    void busyRefusalCarriesAtMostTenReferrals() {
        Node hub = mesh.node(100, 2, 3, 12);
        spokesOf(hub, 12);
        Node late = linkedNode(13);

        mesh.resolved(late, hub);

        long link = mesh.allLinks(hub, late).get(0);
        assertThat(hub.actions.lastSentOn(link)).isInstanceOfSatisfying(Frame.Refuse.class, refuse -> {
            assertThat(refuse.reason()).isEqualTo(Reason.BUSY);
            assertThat(refuse.referrals()).hasSize(Frame.MAX_REFERRALS).doesNotHaveDuplicates();
        });
    }

    @Test
    void refusedNodeDialsAReferralWithoutWaitingForMaintenance() {
        Node hub = mesh.node(100, 2, 3, 7);
        List<Node> spokes = spokesOf(hub, 7);
        Node eighth = linkedNode(8);
        eighth.actions.clear();

        mesh.resolved(eighth, hub);

        assertThat(eighth.actions.dials).hasSize(2).first().isEqualTo(hub.address);
        assertThat(eighth.actions.dials.get(1)).isIn(spokes.stream().map(Node::address).toList());
        assertThat(eighth.neighborIds()).hasSize(2).containsAnyElementsOf(ids(spokes));
        assertThat(eighth.actions.resolves).as("referrals, not the resolver").isEmpty();
    }

    @Test
    void fullNodeMakesRoomForANodeWithoutAnyNeighborByReplacingOne() {
        Node hub = mesh.node(100, 2, 3, 7);
        List<Node> spokes = spokesOf(hub, 7);
        Node lonely = spoke(8);
        mesh.start(lonely);

        mesh.resolved(lonely, hub);

        assertThat(hub.neighborIds()).hasSize(7).contains(lonely.id);
        assertThat(lonely.neighborIds()).containsExactly(hub.id);
        List<Node> replaced = spokes.stream().filter(spoke -> !hub.neighborIds().contains(spoke.id)).toList();
        assertThat(replaced).singleElement().satisfies(spoke -> assertThat(spoke.actions
                .eventsOfType(MeshEvent.NeighborDown.class)).singleElement()
                .satisfies(down -> assertThat(down.reason()).isEqualTo(Reason.REPLACED)));
    }

    @Test
    void refusedHubIsNotDialledAgainWhileCoolingDown() {
        Node hub = mesh.node(100, 2, 3, 7);
        spokesOf(hub, 7);
        Node eighth = mesh.node(8, 1, 3, 7);
        mesh.start(eighth);
        mesh.resolved(eighth, hub);

        mesh.tick(eighth);
        mesh.tick(eighth);

        assertThat(eighth.actions.dials).containsOnlyOnce(hub.address);
    }

    /**
     * A node dials only while below its ideal count, but inbound links may fill it to the maximum while such a dial
     * is under way; the WELCOME that then arrives is accepted without looking at the maximum.
     */
    @Test
    void outboundLinkFinishingAtTheMaximumDoesNotTakeTheNodeBeyondIt() {
        Node node = mesh.node(100, 1, 1, 2);
        Node target = spoke(50);
        Node first = spoke(1);
        Node second = spoke(2);
        mesh.start(node, target, first, second);
        node.protocol.onResolved(List.of(target.address));
        mesh.pumpUntil(() -> !mesh.allLinks(target, node).isEmpty());
        long targetEnd = mesh.allLinks(target, node).get(0);
        mesh.hold(targetEnd); // the dial is under way; its HELLO is slow to arrive
        mesh.resolved(first, node);
        mesh.resolved(second, node);
        assertThat(node.neighborIds()).containsExactlyInAnyOrder(first.id, second.id);

        mesh.release(targetEnd);

        assertThat(node.neighborIds()).hasSizeLessThanOrEqualTo(node.settings.neighbors().max());
    }

    @Test
    void twoNodesDiallingEachOtherAtOnceEndWithOneLinkTheSameOnBothSides() {
        Node a = mesh.node(1);
        Node b = mesh.node(2);
        mesh.start(a, b);

        a.protocol.onResolved(List.of(b.address));
        b.protocol.onResolved(List.of(a.address));
        mesh.pump();

        assertThat(mesh.allLinks(a, b)).as("both dialled").hasSize(2);
        List<Long> open = mesh.openLinks(a, b);
        assertThat(open).hasSize(1);
        assertThat(a.neighbor(b)).map(Neighbor::outbound).contains(true);
        assertThat(b.neighbor(a)).map(Neighbor::outbound).contains(false);
        assertThat(open.get(0)).as("a's end of the link a dialled").isEqualTo(mesh.allLinks(a, b).get(0));
        assertThat(a.actions.eventsOfType(MeshEvent.NeighborDown.class)).isEmpty();
        assertThat(b.actions.eventsOfType(MeshEvent.NeighborDown.class)).isEmpty();
        assertThat(a.actions.eventsOfType(MeshEvent.NeighborUp.class)).hasSize(1);
        assertThat(b.actions.eventsOfType(MeshEvent.NeighborUp.class)).hasSize(1);
        assertThat(a.actions.eventsOfType(MeshEvent.Online.class)).hasSize(1);
        assertThat(b.actions.eventsOfType(MeshEvent.Online.class)).hasSize(1);
    }

    @Test
    void duplicateLinksResolveToTheSameLinkWhicheverNodeHasTheLowerId() {
        Node a = mesh.node(9);
        Node b = mesh.node(2);
        mesh.start(a, b);

        a.protocol.onResolved(List.of(b.address));
        b.protocol.onResolved(List.of(a.address));
        mesh.pump();

        assertThat(mesh.openLinks(a, b)).hasSize(1);
        assertThat(b.neighbor(a)).map(Neighbor::outbound).contains(true);
        assertThat(a.neighbor(b)).map(Neighbor::outbound).contains(false);
        assertThat(a.actions.eventsOfType(MeshEvent.NeighborDown.class)).isEmpty();
        assertThat(b.actions.eventsOfType(MeshEvent.NeighborDown.class)).isEmpty();
    }

    @Test
    void messagesCrossTheKeptLinkOnceAfterDuplicateLinksResolve() {
        Node a = mesh.node(1);
        Node b = mesh.node(2);
        mesh.start(a, b);
        a.protocol.onResolved(List.of(b.address));
        b.protocol.onResolved(List.of(a.address));
        mesh.pump();

        a.protocol.publish(1, "news", Map.of(), new byte[] {1}, 0);
        mesh.pump();

        assertThat(b.actions.deliveries).hasSize(1);
        assertThat(b.state().counters().duplicates()).isZero();
    }

    /**
     * The two links of a simultaneous dial are separate TCP connections, so nothing orders frames across them. When
     * the responder keeps the second link, it sends WELCOME on that one and DISCONNECT(DUPLICATE_LINK) on the first;
     * if the DISCONNECT arrives first, the other node reports its neighbor gone (and itself offline) though the
     * neighbor stays, then reports it back.
     */
    @Test
    void duplicateLinkReplacedWhileItsSuccessorIsStillHandshakingReportsNoNeighborDown() {
        Node a = mesh.node(1);
        Node b = mesh.node(2);
        mesh.start(a, b);
        a.protocol.onResolved(List.of(b.address));
        b.protocol.onResolved(List.of(a.address));
        mesh.pumpUntil(() -> mesh.allLinks(b, a).size() == 2);
        long bEndOfLinkFromA = mesh.allLinks(b, a).get(0);
        // b sees a's HELLO only after b's own link to a is established on both sides
        mesh.hold(bEndOfLinkFromA);
        mesh.pump();
        assertThat(a.neighbor(b)).map(Neighbor::outbound).contains(false);
        assertThat(b.neighbor(a)).map(Neighbor::outbound).contains(true);
        long aEndOfLinkToB = mesh.peerEnd(bEndOfLinkFromA);
        // let a's handshake run until b welcomes it, then let the DISCONNECT on the old link overtake the WELCOME
        mesh.unhold(bEndOfLinkFromA);
        mesh.pumpUntil(() -> b.actions.sentOn(bEndOfLinkFromA).stream().anyMatch(Frame.Welcome.class::isInstance));
        mesh.hold(aEndOfLinkToB);
        mesh.pump();
        mesh.release(aEndOfLinkToB);

        assertThat(mesh.openLinks(a, b)).containsExactly(aEndOfLinkToB);
        assertThat(a.neighbor(b)).map(Neighbor::outbound).contains(true);
        assertThat(a.actions.eventsOfType(MeshEvent.NeighborDown.class)).isEmpty();
        assertThat(a.actions.eventsOfType(MeshEvent.Offline.class)).isEmpty();
        assertThat(b.actions.eventsOfType(MeshEvent.NeighborDown.class)).isEmpty();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** A node content with one neighbor, so it dials no further than the node it is told about. */
    private Node spoke(long id) {
        return mesh.node(id, 1, 1, 7);
    }

    /** A started node that already has one neighbor (a friend of its own), so it dials without priority. */
    private Node linkedNode(long id) {
        Node friend = mesh.node(1000 + id, 1, 1, 7);
        Node node = mesh.node(id, 1, 2, 7);
        mesh.start(friend, node);
        mesh.resolved(node, friend);
        assertThat(node.neighborIds()).containsExactly(friend.id);
        return node;
    }

    /** Starts {@code hub} and {@code count} spokes that each join through it. */
    private List<Node> spokesOf(Node hub, int count) {
        mesh.start(hub);
        List<Node> spokes = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Node spoke = spoke(i);
            mesh.start(spoke);
            mesh.resolved(spoke, hub);
            spokes.add(spoke);
        }
        assertThat(hub.neighborIds()).hasSize(count);
        return spokes;
    }

    private static List<Long> ids(List<Node> nodes) {
        return nodes.stream().map(n -> n.id).toList();
    }
}
