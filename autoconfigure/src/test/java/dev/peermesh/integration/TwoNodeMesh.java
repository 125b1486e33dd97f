package dev.peermesh.integration;

import dev.peermesh.MeshNode;
import dev.peermesh.MeshSettings;
import dev.peermesh.resolver.StaticPeerResolver;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.awaitility.Awaitility.await;

/**
 * Two real nodes on loopback with test-speed timers: {@link #first()} waits to be dialled, {@link #second()} is
 * seeded with it. Closing it stops both.
 *
 * <p>{@code try (TwoNodeMesh mesh = TwoNodeMesh.linked()) { mesh.first().publish(...); }}
 */
public final class TwoNodeMesh implements AutoCloseable {

    /** Mesh id of every test node. */
    public static final String MESH_ID = "adapters";

    private final MeshNode first;

    private final MeshNode second;

    private TwoNodeMesh(MeshNode first, MeshNode second) {
        this.first = first;
        this.second = second;
    }

    /** Settings for a loopback node that links and repairs within a second. */
    public static MeshSettings.Builder settings() {
        return MeshSettings.builder(MESH_ID)
                .bindAddress("127.0.0.1")
                .handshakeTimeout(Duration.ofSeconds(3))
                .keepalive(Duration.ofMillis(500), 3)
                .maintenanceInterval(Duration.ofMillis(250))
                .leaveTimeout(Duration.ofMillis(500));
    }

    /** Starts both nodes with the same settings and waits until they are neighbors. */
    public static TwoNodeMesh linked() {
        return linked(UnaryOperator.identity());
    }

    /** Starts both nodes with adjusted settings and waits until they are neighbors. */
    public static TwoNodeMesh linked(UnaryOperator<MeshSettings.Builder> adjust) {
        MeshNode first = MeshNode.builder(adjust.apply(settings()).build()).build().start();
        MeshNode second = MeshNode.builder(adjust.apply(settings()).build())
                .resolver(new StaticPeerResolver(List.of(first.address())))
                .build();
        TwoNodeMesh mesh = new TwoNodeMesh(first, second);
        try {
            second.start();
            await().until(() -> first.state().online() && second.state().online());
            return mesh;
        }
        catch (RuntimeException | Error ex) {
            mesh.close();
            throw ex;
        }
    }

    /** The node that was dialled. */
    public MeshNode first() {
        return first;
    }

    /** The node that dialled. */
    public MeshNode second() {
        return second;
    }

    @Override
    public void close() {
        second.stop();
        first.stop();
    }
}
