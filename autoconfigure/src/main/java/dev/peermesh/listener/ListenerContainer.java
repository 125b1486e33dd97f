package dev.peermesh.listener;

import dev.peermesh.MeshMessage;
import dev.peermesh.MeshNode;
import dev.peermesh.Subscription;
import dev.peermesh.TopicFilter;
import dev.peermesh.integration.MeshMessageMapper;
import dev.peermesh.log.PeerText;
import dev.peermesh.observation.DefaultMeshReceiveObservationConvention;
import dev.peermesh.observation.MeshReceiveContext;
import dev.peermesh.observation.MeshReceiveObservationConvention;
import dev.peermesh.observation.PeermeshObservation;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.Lifecycle;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.ErrorHandler;

/**
 * Runs one {@link PeermeshListener} method: subscribed to the node while it runs, it calls the method for each
 * message on its topics (its own node's only with {@code includeOwn}), answers requests with what the method
 * returns, and hands failures to the listener's error handler and then the error channel. Each container is its
 * own subscription, so one listener's failure never costs another listener a message. With concurrency 1 the method
 * runs on the node's delivery thread, which every listener and subscriber shares: a slow one holds up the others.
 *
 * <p>{@code registry.getListenerContainer("orders").stop()}
 */
public class ListenerContainer implements Lifecycle {

    private static final Log log = LogFactory.getLog(ListenerContainer.class);

    private static final MeshReceiveObservationConvention DEFAULT_CONVENTION =
            new DefaultMeshReceiveObservationConvention();

    /** How long stopping waits for calls queued on the listener's threads. */
    private static final long STOP_TIMEOUT_MILLIS = 5_000;

    private final ListenerEndpoint endpoint;

    private final MeshNode node;

    private final MeshMessageMapper mapper;

    private final ErrorHandler errorChannel;

    private final List<TopicFilter> topics;

    private final AtomicLong handled = new AtomicLong();

    private final AtomicLong failed = new AtomicLong();

    private int queueCapacity = 1_000;

    private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

    private @Nullable MeshReceiveObservationConvention observationConvention;

    private volatile @Nullable Subscription subscription;

    private volatile @Nullable ListenerLanes lanes;

    public ListenerContainer(ListenerEndpoint endpoint, MeshNode node, MeshMessageMapper mapper,
            ErrorHandler errorChannel) {
        this.endpoint = endpoint;
        this.node = node;
        this.mapper = mapper;
        this.errorChannel = errorChannel;
        this.topics = endpoint.topics().stream().map(TopicFilter::of).toList();
    }

    /** Calls each of the listener's threads may have queued before the delivering thread waits; 1,000 unless set. */
    public void setQueueCapacity(int queueCapacity) {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("Queue capacity " + queueCapacity + " must be at least 1");
        }
        this.queueCapacity = queueCapacity;
    }

    /** Where {@code peermesh.receive} observations go; none by default. */
    public void setObservationRegistry(ObservationRegistry observationRegistry) {
        this.observationRegistry = observationRegistry;
    }

    /** Names and tags of {@code peermesh.receive} observations, instead of the default. */
    public void setObservationConvention(@Nullable MeshReceiveObservationConvention observationConvention) {
        this.observationConvention = observationConvention;
    }

    /** The listener's id. */
    public String getId() {
        return endpoint.id();
    }

    /** The listener's topic patterns. */
    public List<String> getTopics() {
        return endpoint.topics();
    }

    /** Messages the method handled without failing. */
    public long getHandledCount() {
        return handled.get();
    }

    /** Messages the method (or the conversion of their payload) failed on, that no error handler answered. */
    public long getFailedCount() {
        return failed.get();
    }

    @Override
    public synchronized void start() {
        if (subscription != null) {
            return;
        }
        lanes = new ListenerLanes(endpoint.id(), endpoint.concurrency(), queueCapacity);
        String pattern = topics.size() == 1 ? endpoint.topics().get(0) : "*";
        subscription = node.subscribe(pattern, this::onMessage);
    }

    @Override
    public synchronized void stop() {
        Subscription current = subscription;
        ListenerLanes currentLanes = lanes;
        subscription = null;
        lanes = null;
        if (current != null) {
            current.cancel();
        }
        if (currentLanes != null) {
            currentLanes.close(STOP_TIMEOUT_MILLIS);
        }
    }

    @Override
    public boolean isRunning() {
        return subscription != null;
    }

    private void onMessage(MeshMessage message) {
        ListenerLanes current = lanes;
        if (current == null || !takes(message)) {
            return;
        }
        try {
            current.run(message.id().origin(), () -> handle(message));
        }
        catch (RejectedExecutionException ex) {
            // stop() closed the lanes while the node delivered: the listener no longer takes messages
            log.debug("Listener '" + endpoint.id() + "' stopped; message " + message.id() + " not handled");
        }
    }

    private boolean takes(MeshMessage message) {
        if (!endpoint.includeOwn() && message.id().origin() == node.nodeId()) {
            return false;
        }
        for (TopicFilter filter : topics) {
            if (filter.matches(message.topic())) {
                return true;
            }
        }
        return false;
    }

    private void handle(MeshMessage message) {
        ListenerMessage spring = new ListenerMessage(message, mapper.toSpring(message, message.payload())
                .getHeaders());
        Observation observation = PeermeshObservation.RECEIVE.observation(observationConvention,
                DEFAULT_CONVENTION, () -> new MeshReceiveContext(message, node.settings().meshId(), endpoint.id()),
                observationRegistry).start();
        try (Observation.Scope scope = observation.openScope()) {
            Object result = endpoint.method().invoke(spring);
            answer(message, spring, result);
            handled.incrementAndGet();
        }
        catch (Exception | Error ex) {
            rethrowIfFatal(ex);
            observation.error(ex);
            failed(message, spring, ex);
        }
        finally {
            observation.stop();
        }
    }

    /** An {@link Error} of the method (a failed assertion, a stack overflow) is its failure; a failing JVM is not. */
    private static void rethrowIfFatal(Throwable failure) {
        if (failure instanceof VirtualMachineError fatal && !(failure instanceof StackOverflowError)) {
            throw fatal;
        }
    }

    /** Replies to a request with what the method (or the error handler) returned; a broadcast's result is ignored. */
    private void answer(MeshMessage message, Message<?> spring, @Nullable Object result) {
        if (result == null || !message.isRequest()) {
            return;
        }
        if (result instanceof CompletionStage<?> stage) {
            stage.whenComplete((value, ex) -> {
                try {
                    if (ex != null) {
                        failed(message, spring, ex);
                    }
                    else {
                        answer(message, spring, value);
                    }
                }
                catch (RuntimeException failure) { // the reply could not be converted, or the error channel failed
                    failed.incrementAndGet();
                    log.warn("Listener '" + endpoint.id() + "': request " + message.id() + " on '"
                            + PeerText.escape(message.topic()) + "' not answered: "
                            + PeerText.escape(String.valueOf(failure.getMessage()), 1024));
                }
            });
            return;
        }
        Message<?> reply = result instanceof Message<?> given ? given : MessageBuilder.withPayload(result).build();
        MeshMessageMapper.Outbound outbound = mapper.toMesh(reply);
        node.reply(message, outbound.payload(), outbound.headers()).whenComplete((id, ex) -> {
            if (ex != null) {
                log.warn("Listener '" + endpoint.id() + "': reply to request " + message.id() + " on '"
                        + PeerText.escape(message.topic()) + "' not sent: " + ex);
            }
        });
    }

    private void failed(MeshMessage message, Message<?> spring, Throwable cause) {
        ListenerExecutionFailedException failure = failure(message, spring, cause);
        PeermeshListenerErrorHandler handler = endpoint.errorHandler();
        if (handler != null) {
            try {
                answer(message, spring, handler.handleError(spring, failure));
                return;
            }
            catch (Exception ex) {
                failure = ex instanceof ListenerExecutionFailedException given ? given
                        : failure(message, spring, ex);
            }
        }
        failed.incrementAndGet();
        errorChannel.handleError(failure);
    }

    private ListenerExecutionFailedException failure(MeshMessage message, Message<?> spring, Throwable cause) {
        Throwable reason = cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null
                ? cause.getCause() : cause;
        // the reason may quote the peer's payload (a conversion failure names the value it could not read)
        return new ListenerExecutionFailedException(spring, endpoint.id(), "Listener '" + endpoint.id()
                + "' failed on message " + message.id() + " on topic '" + PeerText.escape(message.topic()) + "': "
                + PeerText.escape(String.valueOf(reason.getMessage()), 1024), reason);
    }
}
