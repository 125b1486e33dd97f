package dev.peermesh.protocol;

import dev.peermesh.DisseminationMode;
import dev.peermesh.MeshMessage;
import dev.peermesh.MeshSettings;
import dev.peermesh.MessageId;
import dev.peermesh.PropagationFilter;
import dev.peermesh.dissemination.Disseminations;
import dev.peermesh.protocol.link.MeshKey;
import dev.peermesh.protocol.InMemoryMesh.Node;
import dev.peermesh.wire.Frame;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages spread along a broadcast tree (Plumtree) over real {@link MeshProtocol} neighbor links: once to every
 * node, with far fewer payload copies than flooding the same topology, and repaired by GRAFT when a relay dies.
 */
class MeshProtocolTreeTest {

    private static final MeshKey KEY = MeshKey.derive(InMemoryMesh.MESH_ID, "s3cret!Pass");

    private static final int NODES = 20;

    /** Publishers of the burst: several, spread over the order in which nodes joined. */
    private static final List<Integer> ORIGINS = List.of(0, 5, 9, 14, 19);

    private static final int ROUNDS = 10;

    /** Time between rounds: longer than a whole graft retry chain at the default timing (1,750 ms). */
    private static final long ROUND_MILLIS = 2_000;

    private final InMemoryMesh treeMesh = new InMemoryMesh(KEY);

    private final InMemoryMesh floodMesh = new InMemoryMesh(KEY);

    private final Map<Node, Long> sequences = new LinkedHashMap<>();

    @Test
    void burstFromSeveralOriginsReachesEveryNodeOnceWithFarFewerPayloadCopiesThanFlooding() {
        List<Node> tree = join(treeMesh, DisseminationMode.TREE);
        List<Node> flood = join(floodMesh, DisseminationMode.FLOOD);
        assertThat(topology(tree)).as("same overlay in both modes").isEqualTo(topology(flood));
        assertThat(links(tree)).as("links: the overlay has cycles").isGreaterThan(NODES);

        List<MessageId> treeMessages = burst(treeMesh, tree, ORIGINS);
        List<MessageId> floodMessages = burst(floodMesh, flood, ORIGINS);

        assertThat(tree).allSatisfy(n -> assertThat(deliveredIds(n)).as("%s", n)
                .containsExactlyInAnyOrderElementsOf(treeMessages));
        assertThat(flood).allSatisfy(n -> assertThat(deliveredIds(n)).as("%s", n)
                .containsExactlyInAnyOrderElementsOf(floodMessages));
        long treeCopies = payloadCopies(tree);
        long floodCopies = payloadCopies(flood);
        double floodRedundancy = redundancy(floodCopies, floodMessages.size());
        assertThat(treeCopies).as("payload copies in tree mode; flooding sent %d", floodCopies)
                .isLessThan(floodCopies / 3);
        assertThat(redundancy(treeCopies, treeMessages.size()))
                .as("relative message redundancy in tree mode; flooding's is %.2f", floodRedundancy)
                .isLessThan(floodRedundancy / 5);
        assertThat(tree).allSatisfy(n -> assertThat(n.actions.eventsOfType(MeshEvent.MessageLost.class)).isEmpty());
    }

    @Test
    void onceTheTreeHasSettledEachNodeGetsEachPayloadOnceWithoutPulling() {
        List<Node> tree = join(treeMesh, DisseminationMode.TREE);
        burst(treeMesh, tree, ORIGINS); // concurrent first messages prune a lot; grafts mend the tree
        burst(treeMesh, tree, ORIGINS); // past its 16th message each origin's tree moves to shorter paths
        long graftsBefore = grafts(tree);
        tree.forEach(n -> n.actions.clear());

        List<MessageId> later = burst(treeMesh, tree, ORIGINS);

        assertThat(tree).allSatisfy(n -> assertThat(deliveredIds(n)).as("%s", n)
                .containsExactlyInAnyOrderElementsOf(later));
        assertThat(redundancy(payloadCopies(tree), later.size())).as("relative message redundancy")
                .isLessThan(0.05);
        assertThat(grafts(tree) - graftsBefore).as("GRAFTs").isZero();
    }

    @Test
    void afterARelayDiesEveryOtherNodeStillDeliversEveryLaterMessageOnce() {
        List<Node> tree = join(treeMesh, DisseminationMode.TREE);
        burst(treeMesh, tree, ORIGINS);
        Node relay = tree.stream().filter(n -> !ORIGINS.contains(tree.indexOf(n)))
                .max(Comparator.comparingLong(MeshProtocolTreeTest::payloadsSent)).orElseThrow();
        assertThat(payloadsSent(relay)).as("the relay forwarded payloads").isPositive();
        List<Node> survivors = tree.stream().filter(n -> n != relay).toList();
        survivors.forEach(n -> n.actions.clear());

        treeMesh.kill(relay);
        List<MessageId> later = burst(treeMesh, tree, ORIGINS);

        assertThat(survivors).allSatisfy(n -> assertThat(deliveredIds(n)).as("%s", n)
                .containsExactlyInAnyOrderElementsOf(later));
        assertThat(grafts(survivors)).as("the cut-off part of the tree was grafted back").isPositive();
        assertThat(survivors).allSatisfy(n -> assertThat(n.actions.eventsOfType(MeshEvent.MessageLost.class))
                .as("%s", n).isEmpty());
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** {@value #NODES} nodes, each told of every node before it: an overlay with cycles, the same in any mode. */
    private List<Node> join(InMemoryMesh mesh, DisseminationMode mode) {
        MeshSettings settings = InMemoryMesh.settings().dissemination(mode).build();
        List<Node> nodes = new ArrayList<>();
        for (int i = 1; i <= NODES; i++) {
            nodes.add(mesh.node(i, settings, KEY, Disseminations.of(settings, PropagationFilter.ALL)));
        }
        mesh.start(nodes.toArray(Node[]::new));
        for (int i = 1; i < nodes.size(); i++) {
            mesh.resolved(nodes.get(i), nodes.subList(0, i).toArray(Node[]::new));
        }
        assertThat(nodes).allSatisfy(n -> assertThat(n.neighborIds()).isNotEmpty());
        return nodes;
    }

    /**
     * Rounds in which each origin publishes one message; the round's frames are carried through the mesh and its
     * dissemination timers (announcements, grafts) run before the next round.
     */
    private List<MessageId> burst(InMemoryMesh mesh, List<Node> nodes, List<Integer> origins) {
        List<MessageId> published = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (int index : origins) {
                Node origin = nodes.get(index);
                long sequence = sequences.merge(origin, 1L, Long::sum);
                published.add(origin.protocol.publish(sequence, "news", Map.of(), new byte[] {(byte) round}, 0));
            }
            mesh.pump();
            mesh.fireDisseminationTimers(ROUND_MILLIS);
        }
        return published;
    }

    private static List<MessageId> deliveredIds(Node node) {
        return node.actions.deliveries.stream().map(MeshMessage::id).toList();
    }

    private static Map<Long, Set<Long>> topology(List<Node> nodes) {
        return nodes.stream().collect(Collectors.toMap(n -> n.id, n -> Set.copyOf(n.neighborIds())));
    }

    private static long links(List<Node> nodes) {
        return nodes.stream().mapToLong(n -> n.neighborIds().size()).sum() / 2;
    }

    private static long payloadsSent(Node node) {
        return node.actions.sentOfType(Frame.Data.class).size();
    }

    private static long grafts(List<Node> nodes) {
        return nodes.stream().mapToLong(n -> n.state().counters().grafts()).sum();
    }

    private static long payloadCopies(List<Node> nodes) {
        return nodes.stream().mapToLong(MeshProtocolTreeTest::payloadsSent).sum();
    }

    /** Relative message redundancy: payloads received per node that needed one, less the one it needed. */
    private static double redundancy(long copies, int messages) {
        return (double) copies / ((long) messages * (NODES - 1)) - 1;
    }
}
