package dev.peermesh.dissemination;

import dev.peermesh.DeliveryOrder;
import dev.peermesh.MeshMessage;
import dev.peermesh.MeshSettings;
import dev.peermesh.NodeId;
import dev.peermesh.NodeState;
import dev.peermesh.PropagationFilter;
import dev.peermesh.wire.Frame;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Messages for one node sent straight to it when it is a neighbor, with a marker through the mesh in their place. */
class DirectRoutingTest extends PlumtreeFixture {

    private static final long TARGET = 0x7A7L;

    private static final MeshSettings FIFO = MeshSettings.builder("m").ordering(DeliveryOrder.FIFO).build();

    private Dissemination node(MeshSettings settings) {
        return Disseminations.of(settings, PropagationFilter.ALL).create(sink);
    }

    private static Map<String, String> to(long node) {
        return Map.of(MeshMessage.TARGET_HEADER, NodeId.format(node));
    }

    private static Frame.Data message(long origin, long sequence, Map<String, String> headers) {
        return new Frame.Data(origin, sequence, 1, 0, "t", headers, new byte[] {(byte) sequence});
    }

    private static Frame.Data marker(Frame.Data message) {
        Map<String, String> headers = new java.util.HashMap<>(message.headers());
        headers.put(MeshMessage.DIRECT_HEADER, "true");
        return new Frame.Data(message.origin(), message.sequence(), message.hops(), message.hopLimit(),
                message.topic(), headers, new byte[0]);
    }

    private List<Long> delivered() {
        return sink.deliveries.stream().map(m -> m.id().sequence()).toList();
    }

    @Test
    void aMessageForANeighborGoesOnItsLinkAndTheMeshGetsAMarkerWithoutThePayload() {
        sink.self = SELF;
        sink.neighbors.put(TARGET, 2L);
        Dissemination node = node(MeshSettings.builder("m").build());
        node.neighborUp(1);
        node.neighborUp(2);

        sink.clear();
        node.publish(message(SELF, 1, to(TARGET)));

        assertThat(sink.framesOn(2).get(0)).isInstanceOfSatisfying(Frame.Direct.class,
                direct -> assertThat(direct.message().payload()).containsExactly(1));
        List<Frame.Data> markers = sink.sentOfType(Frame.Data.class);
        assertThat(markers).isNotEmpty().allSatisfy(data -> {
            assertThat(data.payload()).isEmpty();
            assertThat(data.headers()).containsEntry(MeshMessage.DIRECT_HEADER, "true")
                    .containsEntry(MeshMessage.TARGET_HEADER, NodeId.format(TARGET));
        });
        assertThat(node.counters().direct()).isEqualTo(new NodeState.Direct(1, 0, 0));
    }

    @Test
    void aMessageForANodeThatIsNoNeighborASignedOneAndAnEmptyOneGoWholeThroughTheMesh() {
        sink.self = SELF;
        sink.neighbors.put(TARGET, 2L);
        Dissemination node = node(MeshSettings.builder("m").build());
        node.neighborUp(2);

        node.publish(message(SELF, 1, to(0x999L)));
        node.publish(new Frame.Data(SELF, 2, 1, 0, "t", to(TARGET), new byte[] {2}, new byte[64]));
        node.publish(new Frame.Data(SELF, 3, 1, 0, "t", to(TARGET), new byte[0]));

        assertThat(sink.sentOfType(Frame.Direct.class)).isEmpty();
        assertThat(sink.sentOfType(Frame.Data.class)).extracting(data -> data.headers()
                .containsKey(MeshMessage.DIRECT_HEADER)).containsOnly(false);
    }

    @Test
    void theTargetDeliversTheMessageOnceWhetherItOrItsMarkerComesFirst() {
        sink.self = TARGET;
        Dissemination node = node(MeshSettings.builder("m").build());
        node.neighborUp(1);
        node.neighborUp(2);
        Frame.Data first = message(ORIGIN, 1, to(TARGET));
        Frame.Data second = message(ORIGIN, 2, to(TARGET));

        node.receiveControl(1, new Frame.Direct(first));
        node.receive(2, marker(first));
        node.receive(2, marker(second));
        node.receiveControl(1, new Frame.Direct(second));
        node.receiveControl(1, new Frame.Direct(second)); // a second copy
        ticks(node, 20);

        assertThat(delivered()).containsExactly(1L, 2L);
        assertThat(sink.deliveries).allSatisfy(m -> assertThat(m.payload()).isNotEmpty());
        assertThat(sink.lost).isEmpty();
        assertThat(node.counters().direct()).isEqualTo(new NodeState.Direct(0, 2, 0));
        assertThat(node.counters().delivered()).isEqualTo(2);
    }

    @Test
    void aMarkerWhoseMessageNeverComesIsReportedLostAfterTheRepairWindow() {
        sink.self = TARGET;
        Dissemination node = node(MeshSettings.builder("m").build());
        node.neighborUp(2);

        node.receive(2, marker(message(ORIGIN, 1, to(TARGET))));
        ticks(node, 5);
        assertThat(sink.lost).isEmpty();
        ticks(node, 1);

        assertThat(sink.lost).singleElement().satisfies(lost -> {
            assertThat(lost.id().sequence()).isEqualTo(1);
            assertThat(lost.reason()).contains("sent to this node straight");
        });
        assertThat(sink.deliveries).isEmpty();
        assertThat(node.counters().direct().missed()).isEqualTo(1);
        assertThat(node.counters().lost()).isEqualTo(1);
    }

    @Test
    void aMessageForAnotherNodeThatComesStraightIsDropped() {
        sink.self = TARGET;
        Dissemination node = node(MeshSettings.builder("m").build());
        node.neighborUp(1);
        sink.clear();

        node.receiveControl(1, new Frame.Direct(message(ORIGIN, 1, to(0x999L))));
        node.receiveControl(1, new Frame.Direct(message(ORIGIN, 2, Map.of())));

        assertThat(sink.deliveries).isEmpty();
        assertThat(sink.sent).as("never forwarded").isEmpty();
    }

    @Test
    void underFifoTheTargetDeliversAStraightMessageInOrderWithItsOriginsBroadcasts() {
        sink.self = TARGET;
        Dissemination node = node(FIFO);
        node.neighborUp(1);
        node.neighborUp(2);
        Frame.Data straight = message(ORIGIN, 2, to(TARGET));

        node.receive(2, message(ORIGIN, 1, Map.of()));
        node.receive(2, marker(straight));
        node.receive(2, message(ORIGIN, 3, Map.of()));
        assertThat(delivered()).containsExactly(1L);
        node.receiveControl(1, new Frame.Direct(straight));

        assertThat(delivered()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void everyOtherNodePassesTheMarkerByWithoutAGap() {
        sink.self = SELF;
        Dissemination node = node(FIFO);
        node.neighborUp(2);

        node.receive(2, message(ORIGIN, 1, Map.of()));
        node.receive(2, marker(message(ORIGIN, 2, to(TARGET))));
        node.receive(2, message(ORIGIN, 3, Map.of()));
        ticks(node, 20);

        assertThat(delivered()).containsExactly(1L, 3L);
        assertThat(sink.lost).isEmpty();
    }

    @Test
    void aMessageWithAHopLimitKeptHereByTheFilterOrForACongestedLinkGoesWholeThroughTheMesh() {
        sink.self = SELF;
        sink.neighbors.put(TARGET, 2L);
        PropagationFilter localSecrets = (message, origin) -> message.topic().startsWith("secret")
                ? dev.peermesh.Propagation.LOCAL : dev.peermesh.Propagation.LOCAL_AND_REMOTE;
        Dissemination node = Disseminations.of(MeshSettings.builder("m").build(), localSecrets).create(sink);
        node.neighborUp(2);
        sink.clear();

        node.publish(new Frame.Data(SELF, 1, 1, 3, "t", to(TARGET), new byte[] {1}));
        node.publish(new Frame.Data(SELF, 2, 1, 0, "secret", to(TARGET), new byte[] {2}));
        sink.congested.add(2L);
        node.publish(new Frame.Data(SELF, 3, 1, 0, "t", to(TARGET), new byte[] {3}));

        assertThat(sink.sentOfType(Frame.Direct.class)).isEmpty();
        assertThat(sink.sentOfType(Frame.Data.class)).extracting(Frame.Data::sequence).containsExactly(1L, 3L);
    }

    @Test
    void aMessageWithTheDirectHeaderButForNoNodeIsNoMarker() {
        sink.self = SELF;
        Dissemination node = node(MeshSettings.builder("m").build());
        node.neighborUp(1);

        node.receive(1, new Frame.Data(ORIGIN, 1, 1, 0, "t", Map.of(MeshMessage.DIRECT_HEADER, "true"), new byte[0]));

        assertThat(delivered()).containsExactly(1L);
    }

    @Test
    void aMessageThatCameStraightIsNotReportedLostWhenItsMarkerIsLost() {
        sink.self = TARGET;
        Dissemination node = node(MeshSettings.builder("m").build());
        node.neighborUp(1);
        node.neighborUp(2);

        node.receive(2, message(ORIGIN, 1, Map.of()));
        node.receiveControl(1, new Frame.Direct(message(ORIGIN, 2, to(TARGET))));
        node.receive(2, message(ORIGIN, 3, Map.of())); // the marker of 2 never comes: a gap in the mesh's numbers
        ticks(node, 20);

        assertThat(delivered()).containsExactly(1L, 2L, 3L);
        assertThat(sink.lost).isEmpty();
    }

    @Test
    void aFilterThatKeepsEmptyMessagesFromTheSubscribersDoesNotHideAMarkerForThisNode() {
        sink.self = TARGET;
        PropagationFilter noEmpty = (message, origin) -> message.payload().length == 0
                ? dev.peermesh.Propagation.REMOTE : dev.peermesh.Propagation.LOCAL_AND_REMOTE;
        Dissemination node = Disseminations.of(MeshSettings.builder("m").build(), noEmpty).create(sink);
        node.neighborUp(1);
        node.neighborUp(2);
        Frame.Data straight = message(ORIGIN, 1, to(TARGET));

        node.receive(2, marker(straight));
        node.receiveControl(1, new Frame.Direct(straight));
        ticks(node, 20);

        assertThat(delivered()).containsExactly(1L);
        assertThat(sink.lost).isEmpty();
    }
}
