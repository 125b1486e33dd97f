package dev.peermesh.listener;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * The application's {@link ListenerContainer}s, by id, started and stopped with the application context: they
 * subscribe just before the mesh node starts (so no early message, nor a catch-up's replay, passes them by) and
 * stop just after it left.
 *
 * <p>{@code registry.getListenerContainer("orders").stop()}
 */
public class PeermeshListenerRegistry implements SmartLifecycle {

    /** One below the node's phase ({@code MeshNodeLifecycle.PHASE}): start before it, stop after it. */
    public static final int PHASE = Integer.MAX_VALUE / 4 - 1;

    private final Map<String, ListenerContainer> containers = new LinkedHashMap<>();

    private boolean running;

    /**
     * Adds a container, started at once when the registry runs.
     *
     * @throws IllegalStateException when another listener has the same id
     */
    public synchronized void register(ListenerContainer container) {
        if (containers.putIfAbsent(container.getId(), container) != null) {
            throw new IllegalStateException("Two @PeermeshListener methods have the id '" + container.getId()
                    + "'; give each its own id");
        }
        if (running) {
            container.start();
        }
    }

    /** The container of the listener with this id, or null. */
    public synchronized @Nullable ListenerContainer getListenerContainer(String id) {
        return containers.get(id);
    }

    /** Every listener's container. */
    public synchronized Collection<ListenerContainer> getListenerContainers() {
        return List.copyOf(containers.values());
    }

    @Override
    public synchronized void start() {
        containers.values().forEach(ListenerContainer::start);
        running = true;
    }

    @Override
    public void stop() {
        List<ListenerContainer> all;
        synchronized (this) {
            running = false;
            all = new ArrayList<>(containers.values());
        }
        all.forEach(ListenerContainer::stop);
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
