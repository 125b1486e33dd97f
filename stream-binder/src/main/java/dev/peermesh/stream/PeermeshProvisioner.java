package dev.peermesh.stream;

import dev.peermesh.TopicFilter;

import org.springframework.cloud.stream.binder.ExtendedConsumerProperties;
import org.springframework.cloud.stream.binder.ExtendedProducerProperties;
import org.springframework.cloud.stream.provisioning.ConsumerDestination;
import org.springframework.cloud.stream.provisioning.ProducerDestination;
import org.springframework.cloud.stream.provisioning.ProvisioningException;
import org.springframework.cloud.stream.provisioning.ProvisioningProvider;

/**
 * Destinations are mesh topics, nothing to create: a producer's is the topic it publishes to (no pattern), a
 * consumer's one or more comma-separated topic patterns (a topic, a prefix ending in '*', or '*'). A name that is
 * neither fails the binding with what to change.
 */
public class PeermeshProvisioner implements ProvisioningProvider<ExtendedConsumerProperties<PeermeshConsumerProperties>,
        ExtendedProducerProperties<PeermeshProducerProperties>> {

    @Override
    public ProducerDestination provisionProducerDestination(String name,
            ExtendedProducerProperties<PeermeshProducerProperties> properties) {
        String topic = name.trim();
        if (topic.startsWith(MeshConsumerEndpoint.RESERVED_PREFIX)) {
            throw new ProvisioningException("Producer destination '" + name + "' is reserved: topics starting with '"
                    + MeshConsumerEndpoint.RESERVED_PREFIX + "' carry the mesh's own announcements; choose another");
        }
        if (topic.isEmpty() || topic.contains("*") || topic.contains(",")) {
            throw new ProvisioningException("Producer destination '" + name + "' is no topic: a producer publishes to "
                    + "one topic, such as 'orders.placed' (patterns and lists are for consumers)");
        }
        return new MeshDestination(topic);
    }

    @Override
    public ConsumerDestination provisionConsumerDestination(String name, String group,
            ExtendedConsumerProperties<PeermeshConsumerProperties> properties) {
        String patterns = name.trim();
        for (String pattern : patterns.split(",")) {
            try {
                TopicFilter.of(pattern.trim());
            }
            catch (IllegalArgumentException ex) {
                throw new ProvisioningException("Consumer destination '" + name + "' has a bad topic pattern: "
                        + ex.getMessage(), ex);
            }
        }
        return new MeshDestination(patterns);
    }

    /** A topic, or a consumer's patterns. */
    record MeshDestination(String name) implements ProducerDestination, ConsumerDestination {

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getNameForPartition(int partition) {
            return name; // partitions travel as the scst_partition header, on the one topic
        }
    }
}
