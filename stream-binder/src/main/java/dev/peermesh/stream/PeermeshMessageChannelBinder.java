package dev.peermesh.stream;

import dev.peermesh.MeshNode;
import dev.peermesh.integration.MeshMessageMapper;
import dev.peermesh.stream.group.GroupMembership;

import java.util.HashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.cloud.stream.binder.AbstractMessageChannelBinder;
import org.springframework.cloud.stream.binder.BinderSpecificPropertiesProvider;
import org.springframework.cloud.stream.binder.ExtendedConsumerProperties;
import org.springframework.cloud.stream.binder.ExtendedProducerProperties;
import org.springframework.cloud.stream.binder.ExtendedPropertiesBinder;
import org.springframework.cloud.stream.provisioning.ConsumerDestination;
import org.springframework.cloud.stream.provisioning.ProducerDestination;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.integration.core.MessageProducer;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;

/**
 * The binder of type {@code peermesh}: producer bindings publish to their topic through the application's mesh
 * node, consumer bindings subscribe to theirs; a consumer group is shared by its members through
 * {@link GroupMembership}. Stream converts payloads before and after (content types as it does them); the binder
 * moves bytes and headers.
 */
public class PeermeshMessageChannelBinder extends AbstractMessageChannelBinder<
        ExtendedConsumerProperties<PeermeshConsumerProperties>, ExtendedProducerProperties<PeermeshProducerProperties>,
        PeermeshProvisioner>
        implements ExtendedPropertiesBinder<MessageChannel, PeermeshConsumerProperties, PeermeshProducerProperties> {

    private final MeshNode node;

    private final GroupMembership groups;

    private final PeermeshExtendedBindingProperties extended;

    private final MeshMessageMapper mapper;

    public PeermeshMessageChannelBinder(MeshNode node, PeermeshProvisioner provisioner, GroupMembership groups,
            PeermeshExtendedBindingProperties extended, MeshMessageMapper mapper) {
        super(new String[0], provisioner);
        this.node = node;
        this.groups = groups;
        this.extended = extended;
        this.mapper = mapper;
    }

    /** The consumer groups this node is in, and what it knows of their members. */
    public GroupMembership getGroups() {
        return groups;
    }

    @Override
    protected MessageHandler createProducerMessageHandler(ProducerDestination destination,
            ExtendedProducerProperties<PeermeshProducerProperties> properties, MessageChannel errorChannel) {
        MeshProducerHandler handler = new MeshProducerHandler(node, destination.getName(), properties.getExtension(),
                properties.isErrorChannelEnabled() ? errorChannel : null, mapper);
        handler.setBeanFactory(getBeanFactory());
        return handler;
    }

    @Override
    protected MessageProducer createConsumerEndpoint(ConsumerDestination destination, @Nullable String group,
            ExtendedConsumerProperties<PeermeshConsumerProperties> properties) {
        ErrorInfrastructure errors = registerErrorInfrastructure(destination, group, properties);
        RetryTemplate retry = properties.getMaxAttempts() > 1 ? buildRetryTemplate(properties) : null;
        Set<Integer> partitions = partitions(properties);
        // a partitioned group is shared by partition (one instance each), not by hashing over its members
        MeshConsumerEndpoint endpoint = new MeshConsumerEndpoint(node, destination.getName(),
                partitions == null ? group : null, groups, properties.getExtension(), partitions, retry, mapper);
        endpoint.setErrorChannel(errors.getErrorChannel());
        endpoint.setBeanFactory(getBeanFactory());
        return endpoint;
    }

    private static @Nullable Set<Integer> partitions(
            ExtendedConsumerProperties<PeermeshConsumerProperties> properties) {
        if (!properties.isPartitioned()) {
            return null;
        }
        Set<Integer> partitions = new HashSet<>();
        if (properties.getInstanceIndexList() != null && !properties.getInstanceIndexList().isEmpty()) {
            partitions.addAll(properties.getInstanceIndexList());
        }
        else {
            partitions.add(properties.getInstanceIndex());
        }
        return partitions;
    }

    @Override
    public PeermeshConsumerProperties getExtendedConsumerProperties(String channelName) {
        return extended.getExtendedConsumerProperties(channelName);
    }

    @Override
    public PeermeshProducerProperties getExtendedProducerProperties(String channelName) {
        return extended.getExtendedProducerProperties(channelName);
    }

    @Override
    public String getDefaultsPrefix() {
        return extended.getDefaultsPrefix();
    }

    @Override
    public Class<? extends BinderSpecificPropertiesProvider> getExtendedPropertiesEntryClass() {
        return extended.getExtendedPropertiesEntryClass();
    }
}
