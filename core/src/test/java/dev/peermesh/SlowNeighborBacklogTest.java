package dev.peermesh;

import dev.peermesh.protocol.link.MeshKey;
import dev.peermesh.wire.Frame;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bytes queued for one neighbor ({@code limits.max-link-backlog}, 16 MiB by default) on a real link: a neighbor
 * that stops reading and asks, with GRAFTs, for far more cached messages than its socket buffers hold is dropped as
 * a slow neighbor once 16 MiB wait for it — counted, the node's queue never growing beyond that — and the node takes
 * new neighbors as before. GRAFTs are the way to fill it: a pull is answered even on a congested link, while
 * publishes and relays stop at the link's high-water mark.
 */
class SlowNeighborBacklogTest {

    private static final String MESH = "backlog";

    /** 768 cached messages of 64 KiB: 48 MiB asked for, more than the backlog and loopback's socket buffers. */
    private static final int MESSAGES = 768;

    private final TestMesh mesh = new TestMesh(MESH);

    @AfterEach
    void closeMesh() {
        mesh.close();
    }

    @Test
    void neighborThatStopsReadingIsDroppedAsSlowOnceTheBacklogIsFull() throws Exception {
        MeshNode node = mesh.start();
        byte[] payload = new byte[64 << 10];
        List<MessageId> cached = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            cached.add(node.publish("bulk", payload, Map.of())); // alone: kept in the cache for pulls
        }
        long peerId = 0xb10cL;
        try (RawPeer stalled = new RawPeer(node.address())) {
            stalled.joinAsNeighbor(MESH, MeshKey.derive(MESH, TestMesh.PASSWORD), peerId, node.nodeId());
            await().until(() -> TestMesh.neighborIds(node).contains(peerId));

            for (int from = 0; from < cached.size(); from += 256) { // and never reads again
                stalled.send(new Frame.Graft(cached.subList(from, Math.min(cached.size(), from + 256))));
            }

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(node.state().counters().rejected())
                    .as("the neighbor that stopped reading, dropped").containsKey(Rejection.SLOW_NEIGHBOR));
            assertThat(TestMesh.neighborIds(node)).doesNotContain(peerId);
            assertThat(node.state().counters().bytesOut()).as("what went out: the socket buffers' worth and the "
                    + "backlog at most, not the 48 MiB asked for").isLessThan((long) MESSAGES * payload.length);
        }
        MeshNode member = mesh.start(node);
        await().until(() -> TestMesh.neighborIds(node).contains(member.nodeId()));
    }
}
