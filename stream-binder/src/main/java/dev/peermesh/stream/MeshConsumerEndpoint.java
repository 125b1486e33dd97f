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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.springframework.cloud.stream.binder.BinderHeaders;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.integration.endpoint.MessageProducerSupport;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * A consumer binding: what the node delivers on the destination's patterns goes to the binding's channel as the
 * mesh's bytes with their content type (Stream converts them to the function's type). Without a group every
 * instance gets every message; with one, {@link GroupMembership} lets through only what this member owns, and the
 * messages of members that left or went silent, all run in turn on the binding's own thread (so a slow or retrying
 * function never holds up the node's deliveries, and a takeover never runs beside it). A partitioned binding takes
 * only its instance's partitions (the {@code scst_partition} header). A failing handler is retried as the binding's
 * {@code max-attempts} says, then its message goes to the binding's error channel. Reserved topics
 * ({@code _peermesh.*}) never reach a binding.
 */
class MeshConsumerEndpoint extends MessageProducerSupport {

    /** Header set on a message handled here because its owner in the group left or went silent. */
    static final String TAKEN_OVER = MeshHeaders.PREFIX + "takenOver";

    /** Topics the mesh keeps for itself (group announcements). */
    static final String RESERVED_PREFIX = "_peermesh.";

    /** Messages a group binding's thread may have waiting before the node's delivery waits for room. */
    private static final int GROUP_QUEUE = 1_000;

    /** How long stopping waits for a group binding's waiting messages; the rest are taken over by the others. */
    private static final long STOP_TIMEOUT_MILLIS = 5_000;

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

    private volatile @Nullable ThreadPoolExecutor groupThread;

    MeshConsumerEndpoint(MeshNode node, String destination, @Nullable String group, GroupMembership groups,
            PeermeshConsumerProperties properties, @Nullable Set<Integer> partitions, @Nullable RetryTemplate retry,
            MeshMessageMapper mapper) {
        this.node = node;
        this.destination = destination;
        for (String pattern : destination.split(",")) {
            patterns.add(TopicFilter.of(pattern.trim()));
        }
        this.group = group == null || group.isBlank() ? null : group;
        if (this.group != null && !properties.isIncludeOwn()) {
            throw new IllegalArgumentException("include-own=false cannot apply to consumer group '" + group + "' on '"
                    + destination + "': this instance may be the member that has to handle its own node's message; "
                    + "remove spring.cloud.stream.peermesh.bindings.<name>.consumer.include-own or the group");
        }
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
            groupThread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(GROUP_QUEUE),
                    new CustomizableThreadFactory("peermesh-group-" + group + "-"), MeshConsumerEndpoint::waitForRoom);
            DeliveryGuarantee guarantee = properties.getDeliveryGuarantee();
            registration = groups.register(new GroupKey(destination, group), guarantee, this::inTurn);
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
        ThreadPoolExecutor thread = groupThread;
        groupThread = null;
        if (thread != null) {
            // what waits is handled first (and marked); what is left after the timeout is the others' to take over
            thread.shutdown();
            try {
                if (!thread.awaitTermination(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                    thread.shutdownNow();
                }
            }
            catch (InterruptedException ex) {
                thread.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        GroupMembership.Registration member = registration;
        registration = null;
        if (member != null) {
            member.close();
        }
    }

    /** A group member's message, handed to the binding's thread; marked handled once processed. */
    private void inTurn(MeshMessage message, boolean takenOver) {
        ThreadPoolExecutor thread = groupThread;
        GroupMembership.Registration member = registration;
        if (thread == null || member == null) {
            return;
        }
        try {
            thread.execute(() -> {
                deliver(message, takenOver);
                member.handled(message);
            });
        }
        catch (RejectedExecutionException ex) {
            // the binding stopped: not handled, not marked, so the others take it over
        }
    }

    private static void waitForRoom(Runnable task, ThreadPoolExecutor executor) {
        if (executor.isShutdown()) {
            throw new RejectedExecutionException("The binding stopped");
        }
        try {
            executor.getQueue().put(task);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new RejectedExecutionException("Interrupted while waiting for the binding's queue", ex);
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
        if (message.topic().startsWith(RESERVED_PREFIX)) {
            return false;
        }
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

    /** After the retries: to the binding's error channel; without one, logged (the node's delivery goes on). */
    private void failed(Message<?> message, @Nullable Throwable cause) {
        RuntimeException failure = cause instanceof RuntimeException runtime ? runtime
                : new IllegalStateException(cause);
        if (!sendErrorMessageIfNecessary(message, failure)) {
            throw failure;
        }
    }
}
