package dev.peermesh.stream;

import dev.peermesh.stream.group.DeliveryGuarantee;

/**
 * A consumer binding's peermesh properties: {@code spring.cloud.stream.peermesh.bindings.<name>.consumer.*}, with
 * defaults under {@code spring.cloud.stream.peermesh.default.consumer.*}.
 */
public class PeermeshConsumerProperties {

    /**
     * With a group: what the group promises while a member joins, leaves or dies. at-least-once: the messages of a
     * member that went silent are handled by the others (some may be handled twice); at-most-once: they are skipped,
     * counted and logged.
     */
    private DeliveryGuarantee deliveryGuarantee = DeliveryGuarantee.AT_LEAST_ONCE;

    /**
     * Whether the binding also gets what its own node publishes to the destination, as a consumer of a broker's
     * topic does.
     */
    private boolean includeOwn = true;

    public DeliveryGuarantee getDeliveryGuarantee() {
        return deliveryGuarantee;
    }

    public void setDeliveryGuarantee(DeliveryGuarantee deliveryGuarantee) {
        this.deliveryGuarantee = deliveryGuarantee;
    }

    public boolean isIncludeOwn() {
        return includeOwn;
    }

    public void setIncludeOwn(boolean includeOwn) {
        this.includeOwn = includeOwn;
    }
}
