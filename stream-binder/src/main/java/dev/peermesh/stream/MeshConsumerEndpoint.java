package dev.peermesh.stream;

import dev.peermesh.MeshMessage;
import dev.peermesh.MeshNode;
import dev.peermesh.Subscription;
import dev.peermesh.TopicFilter;
import dev.peermesh.integration.MeshHeaders;
import dev.peermesh.integration.MeshMessageMapper;
import dev.peermesh.stream.group.DeliveryGuarantee;
import dev.peermesh.stream.group.GroupKey;
import dev.peermesh.stream.group.GroupMembership;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.cloud.stream.binder.BinderHeaders;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.integration.endpoint.MessageProducerSupport;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * A consumer binding: what the node delivers on the destination's patterns goes to the binding's channel as the
 * mesh's bytes with their content type (Stream converts them to the function's type). Without a group every
 * instance gets every message; with one, {@link GroupMembership} lets through only what this member owns, and the
 * messages of members that left or went silent. A partitioned binding takes only its instance's partitions (the
 * {@code scst_partition} header). A failing handler is retried as the binding's {@code max-attempts} says, then its
 * message goes to the binding's error channel.
 */
class MeshConsumerEndpoint extends MessageProducerSupport {

    /** Header set on a message handled here because its owner in the group left or went silent. */
    static final String TAKEN_OVER = MeshHeaders.PREFIX + "takenOver";

    private final MeshNode node;

    private final String destination;

    private final List<TopicFilter> patterns = new ArrayList<>();

    private final MeshMessageMapper mapper;

    private final @Nullable String group;

    private final GroupMembership groups;

    private final PeermeshConsumerProperties properties;

    private final @Nullable Set<Integer> partitions;

    private final @Nullable RetryTemplate retry;

    private volatile @Nullable Subscription subscription;

    private volatile GroupMembership.@Nullable Registration registration;

    MeshConsumerEndpoint(MeshNode node, String destination, @Nullable String group, GroupMembership groups,
            PeermeshConsumerProperties properties, @Nullable Set<Integer> partitions, @Nullable RetryTemplate retry,
            MeshMessageMapper mapper) {
        this.node = node;
        this.destination = destination;
        for (String pattern : destination.split(",")) {
            patterns.add(TopicFilter.of(pattern.trim()));
        }
        this.group = group == null || group.isBlank() ? null : group;
        this.groups = groups;
        this.properties = properties;
        this.partitions = partitions;
        this.retry = retry;
        this.mapper = mapper;
    }

    @Override
    public String getComponentType() {
        return "peermesh:stream-inbound-channel-adapter";
    }

    @Override
    protected void doStart() {
        if (group != null) {
            DeliveryGuarantee guarantee = properties.getDeliveryGuarantee();
            registration = groups.register(new GroupKey(destination, group), guarantee, this::deliver);
            groups.start();
        }
        subscription = node.subscribe(patterns.size() == 1 ? destination.trim() : "*", this::onMessage);
    }

    @Override
    protected void doStop() {
        Subscription current = subscription;
        subscription = null;
        if (current != null) {
            current.cancel();
        }
        GroupMembership.Registration member = registration;
        registration = null;
        if (member != null) {
            member.close();
        }
    }

    private void onMessage(MeshMessage message) {
        if (!takes(message)) {
            return;
        }
        GroupMembership.Registration member = registration;
        if (member != null) {
            member.offer(message);
        }
        else if (group == null) {
            deliver(message, false);
        }
    }

    private boolean takes(MeshMessage message) {
        if (!properties.isIncludeOwn() && message.id().origin() == node.nodeId()) {
            return false;
        }
        if (partitions != null && !partitions.contains(partition(message))) {
            return false;
        }
        for (TopicFilter pattern : patterns) {
            if (pattern.matches(message.topic())) {
                return true;
            }
        }
        return false;
    }

    private static int partition(MeshMessage message) {
        String value = message.headers().get(BinderHeaders.PARTITION_HEADER);
        try {
            return value == null ? -1 : Integer.parseInt(value.trim());
        }
        catch (NumberFormatException ex) {
            return -1;
        }
    }

    private void deliver(MeshMessage message, boolean takenOver) {
        Message<?> spring = mapper.toSpring(message, message.payload());
        if (takenOver) {
            spring = MessageBuilder.fromMessage(spring).setHeader(TAKEN_OVER, true).build();
        }
        Message<?> toSend = spring;
        try {
            if (retry == null) {
                getMessagingTemplate().send(getRequiredOutputChannel(), toSend);
            }
            else {
                retry.execute(() -> {
                    getMessagingTemplate().send(getRequiredOutputChannel(), toSend);
                    return null;
                });
            }
        }
        catch (RetryException ex) {
            failed(toSend, ex.getLastException());
        }
        catch (RuntimeException ex) {
            failed(toSend, ex);
        }
    }

    private void failed(Message<?> message, @Nullable Throwable cause) {
        RuntimeException failure = cause instanceof RuntimeException runtime ? runtime
                : new IllegalStateException(cause);
        if (!sendErrorMessageIfNecessary(message, failure)) {
            throw failure;
        }
    }
}
