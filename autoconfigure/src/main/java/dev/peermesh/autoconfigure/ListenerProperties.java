package dev.peermesh.autoconfigure;

/**
 * {@code @PeermeshListener} methods ({@code peermesh.listener.*}).
 *
 * <p>{@code peermesh.listener.queue-capacity=5000}
 */
public class ListenerProperties {

    /**
     * Messages each thread of a listener with concurrency above 1 may have waiting; when they are all taken the
     * node's delivery waits for room, which holds publishers back, rather than dropping anything.
     */
    private int queueCapacity = 1_000;

    public int getQueueCapacity() {
        return queueCapacity;
    }

    public void setQueueCapacity(int queueCapacity) {
        this.queueCapacity = queueCapacity;
    }
}
