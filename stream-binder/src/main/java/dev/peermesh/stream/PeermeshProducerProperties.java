package dev.peermesh.stream;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A producer binding's peermesh properties: {@code spring.cloud.stream.peermesh.bindings.<name>.producer.*}, with
 * defaults under {@code spring.cloud.stream.peermesh.default.producer.*}.
 */
public class PeermeshProducerProperties {

    /** Most links a message may cross; 0 for no limit. */
    private int hopLimit;

    /**
     * How long a send waits while the node holds publishes back before it fails; by default the node's
     * peermesh.publish-timeout.
     */
    private @Nullable Duration sendTimeout;

    public int getHopLimit() {
        return hopLimit;
    }

    public void setHopLimit(int hopLimit) {
        this.hopLimit = hopLimit;
    }

    public @Nullable Duration getSendTimeout() {
        return sendTimeout;
    }

    public void setSendTimeout(@Nullable Duration sendTimeout) {
        this.sendTimeout = sendTimeout;
    }
}
