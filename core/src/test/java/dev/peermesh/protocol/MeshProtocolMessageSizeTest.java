package dev.peermesh.protocol;

import dev.peermesh.DisseminationMode;
import dev.peermesh.MeshSettings;
import dev.peermesh.MessageId;
import dev.peermesh.PropagationFilter;
import dev.peermesh.dissemination.Disseminations;
import dev.peermesh.protocol.link.MeshKey;
import dev.peermesh.protocol.InMemoryMesh.Node;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.FrameWriter;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nodes whose maximum message sizes differ: the handshake tells each end the other's, and no DATA longer than a
 * neighbor's limit goes out on its link, pushed, announced or pulled; what is held back is counted and reported.
 */
class MeshProtocolMessageSizeTest {

    private static final MeshKey KEY = MeshKey.derive(InMemoryMesh.MESH_ID, "s3cret!Pass");

    private static final int MIB = 1 << 20;

    private static final byte[] TOO_LARGE = new byte[3 * MIB / 2];

    private final InMemoryMesh mesh = new InMemoryMesh(KEY);

    @Test
    void bothEndsOfALinkLearnTheOthersLimitAndForgetItWhenTheLinkCloses() {
        Node large = node(1, 4 * MIB, DisseminationMode.FLOOD);
        Node small = node(2, MIB, DisseminationMode.FLOOD);
        mesh.start(large, small);
        mesh.resolved(large, small);

        assertThat(large.actions.smallestNeighborLimits).singleElement().satisfies(limit -> {
            assertThat(limit.neighbor().nodeId()).isEqualTo(small.id);
            assertThat(limit.maxMessageSize()).isEqualTo(MIB);
        });
        assertThat(small.actions.smallestNeighborLimits).singleElement().satisfies(limit -> {
            assertThat(limit.neighbor().nodeId()).isEqualTo(large.id);
            assertThat(limit.maxMessageSize()).isEqualTo(4 * MIB);
        });

        small.protocol.leave();
        mesh.pump();

        assertThat(large.actions.smallestNeighborLimits).last().isNull();
    }

    @Test
    void theSmallestLimitIsTheLeastAmongTheNeighborsAndMovesWhenItsNeighborGoes() {
        Node hub = node(1, 4 * MIB, DisseminationMode.FLOOD);
        Node middle = node(2, 2 * MIB, DisseminationMode.FLOOD);
        Node small = node(3, MIB, DisseminationMode.FLOOD);
        mesh.start(hub, middle, small);
        mesh.resolved(middle, hub);
        mesh.resolved(small, hub);
        assertThat(hub.actions.smallestNeighborLimits).last().extracting(NeighborLimit::maxMessageSize)
                .isEqualTo(MIB);

        small.protocol.leave();
        mesh.pump();

        assertThat(hub.actions.smallestNeighborLimits).last().satisfies(limit -> {
            assertThat(limit.neighbor().nodeId()).isEqualTo(middle.id);
            assertThat(limit.maxMessageSize()).isEqualTo(2 * MIB);
        });
    }

    /** A publish that reached the loop after a smaller neighbor joined: the others get it, that one does not. */
    @ParameterizedTest
    @EnumSource(DisseminationMode.class)
    void aMessageOverOneNeighborsLimitGoesToTheOthersOnlyAndIsCounted(DisseminationMode mode) {
        Node origin = node(1, 4 * MIB, mode);
        Node large = node(2, 4 * MIB, mode);
        Node small = node(3, MIB, mode);
        mesh.start(origin, large, small);
        mesh.resolved(large, origin);
        mesh.resolved(small, origin);

        origin.protocol.publish(1, "big", Map.of(), TOO_LARGE, 0);
        mesh.pump();
        mesh.fireDisseminationTimers(1_000);

        assertThat(large.actions.deliveries).singleElement().satisfies(m -> assertThat(m.topic()).isEqualTo("big"));
        assertThat(small.actions.deliveries).isEmpty();
        assertThat(dataAndAnnouncementsSent(origin, small)).isEmpty();
        assertThat(origin.state().counters().tooLargeForNeighbor()).isEqualTo(1);
        assertThat(origin.actions.eventsOfType(MeshEvent.MessageTooLargeForNeighbor.class)).singleElement()
                .isEqualTo(new MeshEvent.MessageTooLargeForNeighbor(origin.neighbor(small).orElseThrow(),
                        new MessageId(origin.id, 1), FrameWriter.dataLength("big", Map.of(), TOO_LARGE.length), MIB,
                        4 * MIB));
        assertThat(small.neighborIds()).containsExactly(origin.id);
        assertThat(small.state().counters().lost()).isZero();
    }

    @Test
    void aRelayDoesNotAnnounceAMessageOverTheLimitOfANeighborOffTheTree() {
        Node origin = node(1, 4 * MIB, DisseminationMode.TREE);
        Node relay = node(2, 4 * MIB, DisseminationMode.TREE);
        Node small = node(3, MIB, DisseminationMode.TREE);
        mesh.start(origin, relay, small);
        mesh.resolved(relay, origin);
        mesh.resolved(small, relay);
        long toSmall = mesh.openLinks(relay, small).get(0);
        relay.protocol.onFrame(toSmall, new Frame.Prune()); // the link is off every tree: announcements only

        origin.protocol.publish(1, "small", Map.of(), new byte[] {1}, 0);
        origin.protocol.publish(2, "big", Map.of(), TOO_LARGE, 0);
        mesh.pump();
        mesh.fireDisseminationTimers(5_000);

        assertThat(relay.actions.deliveries).hasSize(2);
        assertThat(dataAndAnnouncementsSent(relay, small)).as("only the small message is announced (and pulled)")
                .containsOnly(new MessageId(origin.id, 1));
        assertThat(small.actions.sentOfType(Frame.Graft.class)).flatExtracting(Frame.Graft::ids)
                .containsExactly(new MessageId(origin.id, 1));
        assertThat(relay.state().counters().tooLargeForNeighbor()).isEqualTo(1);
        assertThat(small.neighborIds()).containsExactly(relay.id);
    }

    @Test
    void aRelayDoesNotAnswerAPullWithAMessageOverTheAskersLimit() {
        Node origin = node(1, 4 * MIB, DisseminationMode.TREE);
        Node relay = node(2, 4 * MIB, DisseminationMode.TREE);
        Node small = node(3, MIB, DisseminationMode.TREE);
        mesh.start(origin, relay, small);
        mesh.resolved(relay, origin);
        mesh.resolved(small, relay);
        origin.protocol.publish(1, "big", Map.of(), TOO_LARGE, 0);
        mesh.pump();
        long toSmall = mesh.openLinks(relay, small).get(0);

        relay.protocol.onFrame(toSmall, new Frame.Graft(List.of(new MessageId(origin.id, 1))));
        mesh.pump();

        assertThat(dataAndAnnouncementsSent(relay, small)).isEmpty();
        assertThat(relay.state().counters().tooLargeForNeighbor()).as("pushed, then pulled").isEqualTo(2);
        assertThat(small.neighborIds()).containsExactly(relay.id);
    }

    @Test
    void neighborsThatAllAcceptAtLeastThisNodesLimitGetEverythingItHolds() {
        Node origin = node(1, MIB, DisseminationMode.TREE);
        Node large = node(2, 4 * MIB, DisseminationMode.TREE);
        mesh.start(origin, large);
        mesh.resolved(large, origin);
        byte[] atTheLimit = new byte[MIB - (int) FrameWriter.dataLength("edge", Map.of(), 0)];

        origin.protocol.publish(1, "edge", Map.of(), atTheLimit, 0);
        mesh.pump();

        assertThat(large.actions.deliveries).singleElement().satisfies(m -> assertThat(m.topic()).isEqualTo("edge"));
        assertThat(origin.state().counters().tooLargeForNeighbor()).isZero();
    }

    private Node node(long id, int maxMessageSize, DisseminationMode mode) {
        MeshSettings settings = InMemoryMesh.settings().neighbors(1, 1, 3).maxMessageSize(maxMessageSize)
                .dissemination(mode).build();
        return mesh.node(id, settings, KEY, Disseminations.of(settings, PropagationFilter.ALL));
    }

    /** Ids of the messages {@code from} sent or announced to {@code to}. */
    private List<MessageId> dataAndAnnouncementsSent(Node from, Node to) {
        List<Long> links = mesh.allLinks(from, to);
        return from.actions.sent.stream().filter(sent -> links.contains(sent.link()))
                .flatMap(sent -> sent.frame() instanceof Frame.Data data
                        ? java.util.stream.Stream.of(new MessageId(data.origin(), data.sequence()))
                        : sent.frame() instanceof Frame.IHave ihave
                                ? ihave.announcements().stream().flatMap(a -> java.util.stream.LongStream
                                        .rangeClosed(a.first(), a.last()).mapToObj(s -> new MessageId(a.origin(), s)))
                                : java.util.stream.Stream.empty())
                .toList();
    }
}
