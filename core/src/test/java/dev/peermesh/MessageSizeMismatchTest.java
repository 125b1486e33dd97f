package dev.peermesh;

import dev.peermesh.PublishRejectedException.Cause;
import dev.peermesh.wire.FrameWriter;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Real nodes on loopback whose {@code max-message-size} differs: each learns its neighbors' limits in the handshake,
 * a publisher refuses at once what a neighbor would not accept, a relay does not send a neighbor what it would
 * not accept, and no link is ever closed for a message its sender had a right to send.
 */
class MessageSizeMismatchTest {

    private static final int MIB = 1 << 20;

    /** Long enough for a frame over a neighbor's limit to arrive and close the link it came on. */
    private static final Duration NO_LINK_CLOSES = Duration.ofSeconds(1);

    @Test
    void publishOverANeighborsSmallerLimitFailsAtOnceNamingBothLimitsAndNoLinkCloses() {
        try (TestMesh mesh = new TestMesh("sizes")) {
            MeshNode small = mesh.start(s -> s.maxMessageSize(MIB), b -> b);
            MeshNode large = mesh.start(s -> s.maxMessageSize(4 * MIB).stampSendTime(false), b -> b, small);
            await().until(() -> TestMesh.neighborIds(large).contains(small.nodeId())
                    && TestMesh.neighborIds(small).contains(large.nodeId()));
            byte[] tooLarge = new byte[3 * MIB / 2];
            long size = FrameWriter.dataLength("big", Map.of(), tooLarge.length);

            assertThatExceptionOfType(PublishRejectedException.class)
                    .isThrownBy(() -> large.publish("big", tooLarge, Map.of()))
                    .satisfies(ex -> assertThat(ex.cause()).isEqualTo(Cause.TOO_LARGE))
                    .withMessageContaining("Message of " + size + " bytes")
                    .withMessageContaining("neighbor " + NodeId.format(small.nodeId()))
                    .withMessageContaining(small.address().toString())
                    .withMessageContaining(MIB + " bytes")
                    .withMessageContaining("this node's is " + 4 * MIB)
                    .withMessageContaining("peermesh.max-message-size")
                    .withMessageContaining("MeshSettings.Builder.maxMessageSize");

            // The same measure as the neighbor's decoder: a message of exactly its limit goes through.
            byte[] atTheLimit = new byte[MIB - (int) FrameWriter.dataLength("edge", Map.of(), 0)];
            large.publish("edge", atTheLimit, Map.of());
            await().until(() -> mesh.delivered(small, "edge"));

            await().during(NO_LINK_CLOSES).atMost(NO_LINK_CLOSES.multipliedBy(3)).untilAsserted(() -> {
                assertThat(TestMesh.neighborIds(small)).containsExactly(large.nodeId());
                assertThat(large.state().counters().linksClosed()).isEmpty();
                assertThat(small.state().counters().linksClosed()).isEmpty();
            });
            assertThat(mesh.delivered(small, "big")).isFalse();
            assertThat(large.state().counters().published()).as("the refused message was not published").isEqualTo(1);
        }
    }

    @Test
    void aSmallerLimitIsHeardByTheNodeThatDialledAsWellAsByTheOneDialled() {
        try (TestMesh mesh = new TestMesh("sizes-dialled")) {
            MeshNode large = mesh.start(s -> s.maxMessageSize(4 * MIB), b -> b);
            MeshNode small = mesh.start(s -> s.maxMessageSize(MIB), b -> b, large);
            await().until(() -> TestMesh.neighborIds(large).contains(small.nodeId()));

            assertThatExceptionOfType(PublishRejectedException.class)
                    .isThrownBy(() -> large.publish("big", new byte[2 * MIB], Map.of()))
                    .withMessageContaining("neighbor " + NodeId.format(small.nodeId()));
            // the small node's own limit is the smaller one: its neighbor's is no concern of a publish
            assertThatExceptionOfType(PublishRejectedException.class)
                    .isThrownBy(() -> small.publish("big", new byte[2 * MIB], Map.of()))
                    .withMessageContaining("exceeds the maximum message size of " + MIB);
        }
    }

    /**
     * A 4 MiB — B 4 MiB — C 1 MiB: A may send B a 1.5 MiB message, but B must not send it on to C, whose decoder
     * would close the link. B counts and logs what it held back, C reports the gap as lost, and nothing is pulled.
     */
    @ParameterizedTest
    @EnumSource(DisseminationMode.class)
    void relayDoesNotSendANeighborAMessageOverItsLimitAndCountsIt(DisseminationMode mode) {
        try (TestMesh mesh = new TestMesh("sizes-relay")) {
            int[] limits = {4 * MIB, 4 * MIB, MIB};
            List<MeshNode> chain = Chain.built(mesh, 3,
                    i -> s -> s.dissemination(mode).maxMessageSize(limits[i]).repairWindow(Duration.ofSeconds(2)),
                    i -> b -> b);
            MeshNode a = chain.get(0);
            MeshNode b = chain.get(1);
            MeshNode c = chain.get(2);

            a.publish("before", new byte[] {1}, Map.of());
            await().until(() -> mesh.delivered(c, "before"));
            a.publish("big", new byte[3 * MIB / 2], Map.of());
            await().until(() -> mesh.delivered(b, "big"));
            a.publish("after", new byte[] {3}, Map.of());
            await().until(() -> mesh.delivered(c, "after"));

            await().during(NO_LINK_CLOSES).atMost(NO_LINK_CLOSES.multipliedBy(3)).untilAsserted(() -> {
                for (MeshNode node : chain) {
                    assertThat(node.state().counters().linksClosed()).as("links closed by %s", node.address())
                            .isEmpty();
                }
            });
            assertThat(mesh.delivered(c, "big")).isFalse();
            NodeState.Counters relay = b.state().counters();
            assertThat(relay.tooLargeForNeighbor()).as(mesh.describe(b)).isEqualTo(1);
            // C never heard of it, so pulls nothing; the gap in A's sequence is reported once the window passes
            await().untilAsserted(() -> assertThat(c.state().counters().lost()).as(mesh.describe(c)).isEqualTo(1));
            assertThat(c.state().counters().grafts()).isZero();
        }
    }
}
