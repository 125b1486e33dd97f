package dev.peermesh;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hop limit on a chain of four real nodes A - B - C - D.
 */
class HopLimitTest {

    @Test
    void messageWithHopLimitTwoReachesTwoLinksAndNoFurther() {
        try (TestMesh mesh = new TestMesh("hops")) {
            List<MeshNode> chain = Chain.of(mesh, 4, builder -> builder);
            MeshNode a = chain.get(0);
            MeshNode d = chain.get(3);

            a.publish("limited", new byte[] {1}, Map.of(), 2);
            a.publish("unlimited", new byte[] {2}, Map.of());

            await().until(() -> mesh.delivered(d, "unlimited"));
            // Links keep order, so had "limited" passed C it would have reached D before "unlimited".
            assertThat(mesh.delivered(d, "limited")).as("D is three links from A").isFalse();
            assertThat(mesh.messages(chain.get(1))).filteredOn(m -> m.topic().equals("limited"))
                    .singleElement().satisfies(m -> assertThat(m.hops()).isEqualTo(1));
            assertThat(mesh.messages(chain.get(2))).filteredOn(m -> m.topic().equals("limited"))
                    .singleElement().satisfies(m -> assertThat(m.hops()).isEqualTo(2));
            assertThat(mesh.messages(d)).filteredOn(m -> m.topic().equals("unlimited"))
                    .singleElement().satisfies(m -> assertThat(m.hops()).isEqualTo(3));
            assertThat(chain.get(2).state().counters().hopLimited()).isEqualTo(1);
        }
    }
}
