package dev.peermesh.protocol;

import dev.peermesh.PeerAddress;
import dev.peermesh.protocol.link.MeshKey;
import dev.peermesh.protocol.InMemoryMesh.Node;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.Reason;
import dev.peermesh.wire.Referral;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * How a node leaves, and how its neighbors and it find new neighbors: referrals first, the resolver only when no
 * referral can be dialled, and the resolver at most once per maintenance tick.
 */
class MeshProtocolRepairTest {

    private static final MeshKey KEY = MeshKey.derive(InMemoryMesh.MESH_ID, "s3cret!Pass");

    private static final PeerAddress NOWHERE = new PeerAddress("10.99.0.1", 7400);

    private final InMemoryMesh mesh = new InMemoryMesh(KEY);

    // ---- leaving ----------------------------------------------------------------------------------------------

    @Test
    void leavingNodeSendsEveryNeighborDisconnectLeavingWithReferralsToTheOthers() {
        Node leaver = mesh.node(100, 2, 3, 7);
        Node b = spoke(1);
        Node c = spoke(2);
        Node d = spoke(3);
        mesh.start(leaver, b, c, d);
        mesh.resolved(b, leaver);
        mesh.resolved(c, leaver);
        mesh.resolved(d, leaver);
        assertThat(leaver.neighborIds()).containsExactlyInAnyOrder(b.id, c.id, d.id);

        leaver.protocol.leave();
        mesh.pump();

        assertThat(Map.of(
                b.id, referredIds(disconnectTo(leaver, b)),
                c.id, referredIds(disconnectTo(leaver, c)),
                d.id, referredIds(disconnectTo(leaver, d))))
                .as("referrals each neighbor got, by neighbor")
                .isEqualTo(Map.of(b.id, Set.of(c.id, d.id), c.id, Set.of(b.id, d.id), d.id, Set.of(b.id, c.id)));
    }

    @Test
    void leavingNodeSaysLeavingAndGoesOffline() {
        Node leaver = mesh.node(100, 2, 3, 7);
        Node b = spoke(1);
        Node c = spoke(2);
        mesh.start(leaver, b, c);
        mesh.resolved(b, leaver);
        mesh.resolved(c, leaver);

        leaver.protocol.leave();
        mesh.pump();

        assertThat(disconnectTo(leaver, b).reason()).isEqualTo(Reason.LEAVING);
        assertThat(disconnectTo(leaver, c).reason()).isEqualTo(Reason.LEAVING);
        assertThat(leaver.neighborIds()).isEmpty();
        assertThat(leaver.actions.events).endsWith(new MeshEvent.Offline());
        assertThat(b.actions.eventsOfType(MeshEvent.NeighborDown.class)).singleElement()
                .satisfies(down -> assertThat(down.reason()).isEqualTo(Reason.LEAVING));
        assertThat(mesh.openLinks(leaver, b)).isEmpty();
        assertThat(mesh.openLinks(leaver, c)).isEmpty();
    }

    @Test
    void nodeThatLeftNeitherDialsNorResolvesNorReschedulesItsTimers() {
        Node leaver = mesh.node(100);
        Node b = spoke(1);
        mesh.start(leaver, b);
        mesh.resolved(b, leaver);
        leaver.protocol.leave();
        mesh.pump();
        leaver.actions.clear();

        mesh.tick(leaver);
        mesh.keepalive(leaver);
        mesh.resolved(leaver, b);

        assertThat(leaver.actions.dials).isEmpty();
        assertThat(leaver.actions.resolves).isEmpty();
        assertThat(leaver.actions.scheduled).isEmpty();
        assertThat(leaver.actions.sent).isEmpty();
    }

    @Test
    void neighborsOfALeavingNodeDialTheReferralsAtOnceWithoutTheResolver() {
        Node leaver = mesh.node(100, 2, 3, 7);
        Node b = spoke(1);
        Node c = spoke(2);
        mesh.start(leaver, b, c);
        mesh.resolved(b, leaver);
        mesh.resolved(c, leaver);
        b.actions.clear();
        c.actions.clear();

        leaver.protocol.leave();
        mesh.pump();

        assertThat(b.neighborIds()).containsExactly(c.id);
        assertThat(c.neighborIds()).containsExactly(b.id);
        assertThat(b.actions.resolves).isEmpty();
        assertThat(c.actions.resolves).isEmpty();
        assertThat(b.actions.dials).doesNotContain(leaver.address);
        assertThat(c.actions.dials).doesNotContain(leaver.address);
    }

    @Test
    void leavingNodeIsNotDialledByItsFormerNeighborsWhileCoolingDown() {
        Node leaver = mesh.node(100, 2, 3, 7);
        Node b = mesh.node(1, 1, 3, 7);
        mesh.start(leaver, b);
        mesh.resolved(b, leaver);
        leaver.protocol.leave();
        mesh.pump();
        b.actions.clear();

        mesh.tick(b);
        mesh.resolved(b, leaver);
        mesh.tick(b);

        assertThat(b.actions.dials).doesNotContain(leaver.address);
    }

    // ---- repair after a link closes ---------------------------------------------------------------------------

    @Test
    void nodeThatDropsBelowMinDialsAReferralAtOnceWithoutTheResolver() {
        Node node = mesh.node(100, 2, 2, 7);
        Node a = spoke(1);
        Node c = spoke(2);
        Node d = spoke(3);
        mesh.start(node, a, c, d);
        mesh.resolved(node, a, c);
        mesh.tick(node);
        mesh.resolved(node, d); // known, not needed yet
        assertThat(node.neighborIds()).containsExactlyInAnyOrder(a.id, c.id);
        node.actions.clear();

        mesh.kill(c);

        assertThat(node.actions.eventsOfType(MeshEvent.NeighborDown.class)).singleElement()
                .satisfies(down -> assertThat(down.reason()).isEqualTo(Reason.CLOSED));
        assertThat(node.actions.dials).contains(d.address);
        assertThat(node.neighborIds()).containsExactlyInAnyOrder(a.id, d.id);
        assertThat(node.actions.resolves).isEmpty();
    }

    @Test
    void aNeighborLostWithoutAWordIsDialledAgainWithABackOffEvenWhenTheNodeHasEnoughNeighbors() {
        // ticks of 250 ms: the wait between redials doubles from one tick up to 2 s (8 ticks)
        Node node = mesh.node(100, InMemoryMesh.settings().neighbors(1, 1, 7)
                .maintenanceInterval(java.time.Duration.ofMillis(250)).build(), KEY);
        Node a = spoke(1);
        Node c = spoke(2);
        mesh.start(node, a, c);
        mesh.resolved(a, node);
        mesh.resolved(c, node); // both dial the node: it has two neighbors, one more than its ideal
        assertThat(node.neighborIds()).containsExactlyInAnyOrder(a.id, c.id);
        node.actions.clear();

        mesh.kill(c); // a cut: the link drops without a word, dials to it fail

        List<Long> dialTicks = new ArrayList<>();
        for (long tick = 1; tick <= 24; tick++) {
            int before = node.actions.dials.size();
            mesh.tick(node);
            if (node.actions.dials.subList(before, node.actions.dials.size()).contains(c.address)) {
                dialTicks.add(tick);
            }
        }
        assertThat(node.neighborIds()).as("enough neighbors: HyParView alone would not dial").containsExactly(a.id);
        assertThat(dialTicks).as("dialled again, ever less often up to the retry maximum")
                .startsWith(1L, 3L, 7L, 15L, 23L);
    }

    /** {@code dial-backoff.lost-peers}: beyond the count, the oldest loss is forgotten and never dialled again. */
    @Test
    void onlyTheConfiguredCountOfLostNeighborsIsDialledAgainTheOldestLossForgotten() {
        // a redial every tick (the retry maximum is one tick), at most two lost peers kept
        Node node = mesh.node(100, InMemoryMesh.settings().neighbors(1, 1, 7)
                .maintenanceInterval(java.time.Duration.ofMillis(250))
                .lostPeers(2, java.time.Duration.ofMillis(250), java.time.Duration.ofMinutes(10)).build(), KEY);
        Node a = spoke(1);
        Node first = spoke(2);
        Node second = spoke(3);
        Node third = spoke(4);
        mesh.start(node, a, first, second, third);
        for (Node spoke : List.of(a, first, second, third)) {
            mesh.resolved(spoke, node);
        }
        assertThat(node.neighborIds()).containsExactlyInAnyOrder(a.id, first.id, second.id, third.id);
        node.actions.clear();

        mesh.kill(first);
        mesh.kill(second);
        mesh.kill(third);
        for (int tick = 0; tick < 6; tick++) {
            mesh.tick(node);
        }

        assertThat(node.actions.dials).as("two a tick, every tick, to the two lost last")
                .containsOnly(second.address, third.address).hasSize(12);
    }

    /** {@code dial-backoff.lost-peer-retention}: a lost neighbor is dialled until it passed, never after. */
    @Test
    void aLostNeighborIsDialledAgainOnlyUntilTheRetentionPassed() {
        // ticks of 250 ms, a redial every tick, kept for 2.5 s: 10 ticks
        Node node = mesh.node(100, InMemoryMesh.settings().neighbors(1, 1, 7)
                .maintenanceInterval(java.time.Duration.ofMillis(250))
                .lostPeers(16, java.time.Duration.ofMillis(250), java.time.Duration.ofMillis(2_500)).build(), KEY);
        Node a = spoke(1);
        Node c = spoke(2);
        mesh.start(node, a, c);
        mesh.resolved(a, node);
        mesh.resolved(c, node);
        node.actions.clear();

        mesh.kill(c);

        List<Long> dialTicks = new ArrayList<>();
        for (long tick = 1; tick <= 20; tick++) {
            int before = node.actions.dials.size();
            mesh.tick(node);
            if (node.actions.dials.subList(before, node.actions.dials.size()).contains(c.address)) {
                dialTicks.add(tick);
            }
        }
        assertThat(dialTicks).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    }

    @Test
    void aNeighborThatSaidItLeavesIsNotDialledAgain() {
        Node node = mesh.node(100, 1, 1, 7);
        Node a = spoke(1);
        Node leaver = spoke(2);
        mesh.start(node, a, leaver);
        mesh.resolved(node, a, leaver);
        mesh.tick(node);
        node.actions.clear();

        leaver.protocol.leave();
        mesh.pump();
        for (int tick = 0; tick < 5; tick++) {
            mesh.tick(node);
        }

        assertThat(node.actions.dials).doesNotContain(leaver.address);
    }

    @Test
    void slowNeighborIsDroppedWithoutAFrameAndReportedAsSlow() {
        Node node = mesh.node(100, 1, 1, 7);
        Node a = spoke(1);
        mesh.start(node, a);
        mesh.resolved(node, a);
        long link = mesh.openLinks(node, a).get(0);
        node.actions.clear();

        node.protocol.onBacklogOverflow(link);
        mesh.pump();

        assertThat(node.actions.sentOn(link)).as("its backlog is full: nothing more is queued").isEmpty();
        assertThat(node.actions.closed).containsExactly(link);
        assertThat(node.actions.eventsOfType(MeshEvent.NeighborDown.class)).singleElement()
                .satisfies(down -> assertThat(down.reason()).isEqualTo(Reason.SLOW_NEIGHBOR));
        assertThat(a.actions.eventsOfType(MeshEvent.NeighborDown.class)).singleElement()
                .satisfies(down -> assertThat(down.reason()).isEqualTo(Reason.CLOSED));
    }

    @Test
    void nodeThatLosesANeighborReplacesItAtOnceFromItsPassiveView() {
        Node node = mesh.node(100, 2, 3, 7);
        Node a = spoke(1);
        Node c = spoke(2);
        Node d = spoke(3);
        Node e = spoke(4);
        mesh.start(node, a, c, d, e);
        mesh.resolved(node, a, c, d);
        mesh.resolved(node, e); // known, not needed yet
        node.actions.clear();

        mesh.kill(c);

        // The dead neighbor's address is in the passive view too: trying it first just costs one failed dial.
        assertThat(node.actions.dials).as("no waiting for the maintenance tick").contains(e.address)
                .isSubsetOf(e.address, c.address);
        assertThat(node.neighborIds()).containsExactlyInAnyOrder(a.id, d.id, e.id);
    }

    @Test
    void nodeBelowMinAsksTheResolverOnlyWhenNoReferralCanBeDialled() {
        Node node = mesh.node(100, 2, 2, 7);
        Node a = spoke(1);
        Node c = spoke(2);
        mesh.start(node, a, c);
        mesh.resolved(node, a, c);
        mesh.tick(node);
        node.actions.clear();

        mesh.kill(c);

        assertThat(node.actions.dials).as("the one referral left, which is dead").containsExactly(c.address);
        assertThat(node.actions.resolves).containsExactly(node.settings.resolver().batchSize());
    }

    @Test
    void dialFailureCoolsTheAddressDownAndTriesAnotherReferral() {
        Node node = mesh.node(100, 1, 1, 7);
        Node a = spoke(1);
        mesh.start(node, a);

        mesh.resolved(node, NOWHERE);
        assertThat(node.actions.dials).containsExactly(NOWHERE);
        mesh.tick(node); // resolves again
        mesh.resolved(node, NOWHERE, a.address);

        assertThat(node.actions.dials).containsExactly(NOWHERE, a.address);
        assertThat(node.neighborIds()).containsExactly(a.id);
    }

    @Test
    void maintenanceDialsNoMoreThanTheIdealNumber() {
        Node node = mesh.node(100, 2, 3, 7);
        mesh.start(node);
        Node[] peers = new Node[6];
        for (int i = 0; i < peers.length; i++) {
            peers[i] = spoke(i + 1);
            mesh.start(peers[i]);
        }

        mesh.resolved(node, peers);

        assertThat(node.actions.dials).hasSize(3).doesNotHaveDuplicates();
        assertThat(node.neighborIds()).hasSize(3);
    }

    @Test
    void startingNodeWithoutReferralsAsksTheResolverForABatch() {
        Node node = mesh.node(100, InMemoryMesh.settings().resolveBatch(7).build(), KEY);

        mesh.start(node);

        assertThat(node.actions.resolves).containsExactly(7);
        assertThat(node.actions.scheduled).contains(
                new RecordingActions.Scheduled(Timer.MAINTENANCE, node.settings.maintenanceInterval().toMillis()),
                new RecordingActions.Scheduled(Timer.KEEPALIVE, node.settings.keepalive().interval().toMillis()));
    }

    @Test
    void maintenanceResolvesAtMostOncePerTick() {
        Node node = mesh.node(100);
        mesh.start(node);
        assertThat(node.actions.resolves).hasSize(1);

        mesh.resolved(node, new PeerAddress[0]); // nothing found
        mesh.resolved(node, NOWHERE); // found, but the dial fails
        assertThat(node.actions.dials).containsExactly(NOWHERE);
        assertThat(node.actions.resolves).as("same tick").hasSize(1);

        mesh.tick(node);
        assertThat(node.actions.resolves).as("next tick").hasSize(2);

        mesh.tick(node);
        assertThat(node.actions.resolves).as("previous answer still pending").hasSize(2);

        mesh.resolved(node, new PeerAddress[0]);
        assertThat(node.actions.resolves).as("first request of this tick, once the answer came").hasSize(3);

        mesh.resolved(node, new PeerAddress[0]);
        assertThat(node.actions.resolves).as("same tick").hasSize(3);

        mesh.tick(node);
        assertThat(node.actions.resolves).hasSize(4);
    }

    @Test
    void resolverAnswerNamingThisNodeIsNotDialled() {
        Node node = mesh.node(100);
        mesh.start(node);

        mesh.resolved(node, node.address);

        assertThat(node.actions.dials).isEmpty();
    }

    @Test
    void publishRequiresIncreasingSequenceNumbers() {
        Node node = mesh.node(100);
        mesh.start(node);
        node.protocol.publish(5, "news", Map.of(), new byte[0], 0);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> node.protocol.publish(5, "news", Map.of(), new byte[0], 0))
                .withMessageContaining("5");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** A node content with one neighbor. */
    private Node spoke(long id) {
        return mesh.node(id, 1, 1, 7);
    }

    private static Set<Long> referredIds(Frame.Disconnect disconnect) {
        return disconnect.referrals().stream().map(Referral::nodeId).collect(Collectors.toSet());
    }

    private Frame.Disconnect disconnectTo(Node from, Node to) {
        List<Long> links = mesh.allLinks(from, to);
        assertThat(links).hasSize(1);
        return (Frame.Disconnect) from.actions.lastSentOn(links.get(0));
    }
}
