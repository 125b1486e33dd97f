package dev.peermesh.sim;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The settled meshes a run of {@link Experiments} will ask for, in order, each built on a second thread while the
 * experiment before it broadcasts on the previous one. Every experiment starts from its own mesh built from the same
 * seed (twelve of them for stable, ten mass-failure levels and churn), and at 10,000 nodes each build is tens of
 * seconds of joins, handshakes and keepalives; built ahead, they overlap the broadcasts instead of adding to them.
 * A {@link Simulation} is confined to one thread at a time and shares nothing mutable with another, so a mesh built
 * on the second thread is the mesh the first would have built, event for event.
 *
 * <p>{@code MeshesAhead ahead = new MeshesAhead(options, List.of("stable", "churn")); ahead.take("stable");}
 */
final class MeshesAhead implements AutoCloseable {

    private final ExperimentOptions options;
    private final Deque<String> labels;
    private final ExecutorService builder = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "mesh-builder");
        thread.setDaemon(true);
        return thread;
    });
    private Future<Simulation> next;
    private String nextLabel;

    /** Starts building the first of the meshes {@code labels} name, in the order they will be taken. */
    MeshesAhead(ExperimentOptions options, List<String> labels) {
        this.options = options;
        this.labels = new ArrayDeque<>(labels);
        buildNext();
    }

    /** Whether the next mesh to be taken is the one {@code label} names. */
    boolean isNext(String label) {
        return label.equals(nextLabel);
    }

    /** The mesh {@code label} names, once built, and starts building the one after it. */
    Simulation take(String label) {
        if (!isNext(label)) {
            throw new IllegalStateException("Mesh '" + label + "' asked for, but '" + nextLabel + "' is built next");
        }
        Simulation simulation;
        try {
            simulation = next.get();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted waiting for mesh '" + label + "'", ex);
        }
        catch (ExecutionException ex) {
            throw new IllegalStateException("Building mesh '" + label + "' failed", ex.getCause());
        }
        buildNext();
        return simulation;
    }

    private void buildNext() {
        String label = labels.poll();
        nextLabel = label;
        next = label == null ? null : builder.submit(() -> Experiments.buildMesh(options, label));
    }

    @Override
    public void close() {
        builder.shutdownNow();
    }
}
