package dev.peermesh;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real nodes linked in a line, each seeded with the one before: neighbor bounds 1/1/2 and no join walks keep it a
 * line.
 */
final class Chain {

    private Chain() {
    }

    /** A line of {@code length} nodes; node {@code i} is built with {@code builders.apply(i)}. */
    static List<MeshNode> built(TestMesh mesh, int length, IntFunction<UnaryOperator<MeshNode.Builder>> builders) {
        return built(mesh, length, i -> UnaryOperator.identity(), builders);
    }

    /**
     * A line of {@code length} nodes; node {@code i} has the settings {@code settings.apply(i)} makes of the line's
     * and is built with {@code builders.apply(i)}.
     */
    static List<MeshNode> built(TestMesh mesh, int length, IntFunction<UnaryOperator<MeshSettings.Builder>> settings,
            IntFunction<UnaryOperator<MeshNode.Builder>> builders) {
        List<MeshNode> chain = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            MeshNode[] seed = i == 0 ? new MeshNode[0] : new MeshNode[] {chain.get(i - 1)};
            UnaryOperator<MeshSettings.Builder> own = settings.apply(i);
            chain.add(mesh.start(line -> own.apply(line.neighbors(1, 1, 2).joinWalkLength(0)), builders.apply(i),
                    seed));
        }
        await().untilAsserted(() -> {
            for (int i = 0; i < length; i++) {
                List<Long> expected = new ArrayList<>();
                if (i > 0) {
                    expected.add(chain.get(i - 1).nodeId());
                }
                if (i < length - 1) {
                    expected.add(chain.get(i + 1).nodeId());
                }
                assertThat(TestMesh.neighborIds(chain.get(i))).as("neighbors of node %d", i)
                        .containsExactlyInAnyOrderElementsOf(expected);
            }
        });
        return chain;
    }

    /** A line of nodes all built alike. */
    static List<MeshNode> of(TestMesh mesh, int length, UnaryOperator<MeshNode.Builder> builder) {
        return built(mesh, length, i -> builder);
    }
}
