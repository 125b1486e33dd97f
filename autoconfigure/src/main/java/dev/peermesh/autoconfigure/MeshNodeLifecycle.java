package dev.peermesh.autoconfigure;

import dev.peermesh.MeshNode;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the mesh node with the application context and leaves the mesh gracefully when it stops. It starts
 * early and stops late, so the channel adapters (which start and stop around it) never find it down.
 */
public class MeshNodeLifecycle implements SmartLifecycle {

    /** Lower than Spring Integration's endpoints and the web server's graceful shutdown. */
    public static final int PHASE = Integer.MAX_VALUE / 4;

    private final MeshNode node;

    public MeshNodeLifecycle(MeshNode node) {
        this.node = node;
    }

    @Override
    public void start() {
        node.start();
    }

    @Override
    public void stop() {
        node.stop();
    }

    @Override
    public boolean isRunning() {
        return node.isRunning();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
