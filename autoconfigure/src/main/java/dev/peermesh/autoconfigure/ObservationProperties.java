package dev.peermesh.autoconfigure;

/**
 * Micrometer observations of the template and the listeners ({@code peermesh.observation.*}).
 *
 * <p>{@code peermesh.observation.enabled=true}
 */
public class ObservationProperties {

    /**
     * Whether PeermeshTemplate calls are peermesh.publish observations and @PeermeshListener calls peermesh.receive
     * observations, with the trace context carried in the message's traceparent header. Off by default, as Spring
     * Boot leaves Kafka's and RabbitMQ's template and listener observations off.
     */
    private boolean enabled;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }
}
