package dev.peermesh.resolver.multicast;

import dev.peermesh.MeshNode;
import dev.peermesh.resolver.LoopbackNodes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Real nodes that share nothing but a multicast group form one mesh: discovery with no configuration at all. */
class MulticastMeshTest {

    @Test
    void threeNodesFormOneMeshThroughMulticastAlone() throws Exception {
        List<MulticastPeerResolver> resolvers = new ArrayList<>();
        try (TestGroup group = new TestGroup(); LoopbackNodes nodes = new LoopbackNodes("orders")) {
            List<MeshNode> mesh = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                // One resolver per node, as if each ran in a process of its own.
                MulticastPeerResolver resolver = new MulticastPeerResolver(group.settings().build());
                resolvers.add(resolver);
                mesh.add(nodes.start(0, resolver));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> LoopbackNodes.connected(mesh));
            assertThat(resolvers).allSatisfy(resolver -> assertThat(resolver.resolve("orders", 10))
                    .containsExactlyInAnyOrderElementsOf(mesh.stream().map(MeshNode::address).toList()));
        }
        finally {
            resolvers.forEach(MulticastPeerResolver::close);
        }
    }
}
