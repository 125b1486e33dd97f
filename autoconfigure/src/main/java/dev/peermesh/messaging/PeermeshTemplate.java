package dev.peermesh.messaging;

import dev.peermesh.MeshMessage;
import dev.peermesh.MeshNode;
import dev.peermesh.MessageId;
import dev.peermesh.PublishRejectedException;
import dev.peermesh.integration.MeshMessageMapper;
import dev.peermesh.integration.MeshPayloadCodec;
import dev.peermesh.observation.DefaultMeshPublishObservationConvention;
import dev.peermesh.observation.MeshPublishContext;
import dev.peermesh.observation.MeshPublishObservationConvention;
import dev.peermesh.observation.PeermeshObservation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Sends to the mesh from Spring code, as {@code KafkaTemplate} does to Kafka: {@link #publish} to every node
 * subscribed to a topic, {@link #send} to one node (confirmed by it), {@link #request} a reply from whoever answers
 * (a {@code @PeermeshListener} method's return value, say). Payloads are converted as the Spring Integration
 * adapters convert them: {@code byte[]} as it is, {@code String} as UTF-8 text, anything else as JSON with the
 * application's Jackson 3 mapper; the content type travels with the message. Headers travel as text.
 *
 * <p>While the node has no neighbor, what happens is {@code peermesh.template.when-alone}'s choice
 * ({@link WhenAlone}): by default a call waits for a first neighbor, at most {@code peermesh.publish-timeout}, then
 * fails with {@link PublishRejectedException.Cause#NO_NEIGHBORS}. With {@code peermesh.observation.enabled=true}
 * every call is a {@code peermesh.publish} observation, and with Micrometer Tracing the trace context travels in
 * the message's {@code traceparent} header.
 *
 * <p>{@code template.publish("orders.placed", new Order(42, "eu-1"));}
 */
public class PeermeshTemplate {

    private static final MeshPublishObservationConvention DEFAULT_CONVENTION =
            new DefaultMeshPublishObservationConvention();

    private final MeshNode node;

    private final MeshPayloadCodec codec;

    private final Audience audience;

    private int hopLimit;

    private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

    private @Nullable MeshPublishObservationConvention observationConvention;

    /** A template on the node, converting JSON with a default Jackson mapper, waiting for a neighbor when alone. */
    public PeermeshTemplate(MeshNode node) {
        this(node, new MeshPayloadCodec(), WhenAlone.WAIT);
    }

    public PeermeshTemplate(MeshNode node, MeshPayloadCodec codec, WhenAlone whenAlone) {
        this.node = node;
        this.codec = codec;
        this.audience = new Audience(node, whenAlone);
    }

    /** Most links a published message may cross; 0 (the default) for no limit. */
    public void setHopLimit(int hopLimit) {
        if (hopLimit < 0 || hopLimit > 65_535) {
            throw new IllegalArgumentException("Hop limit " + hopLimit + " is out of range; give 0 (no limit) to "
                    + "65535");
        }
        this.hopLimit = hopLimit;
    }

    /** Where {@code peermesh.publish} observations go; none by default. */
    public void setObservationRegistry(ObservationRegistry observationRegistry) {
        this.observationRegistry = observationRegistry;
    }

    /** Names and tags of {@code peermesh.publish} observations, instead of the default. */
    public void setObservationConvention(@Nullable MeshPublishObservationConvention observationConvention) {
        this.observationConvention = observationConvention;
    }

    /** The node this template sends through. */
    public MeshNode getNode() {
        return node;
    }

    /** Publishes to every node subscribed to the topic. See {@link #publish(String, Object, Map)}. */
    public PublishReceipt publish(String topic, Object payload) {
        return publish(topic, payload, Map.of());
    }

    /**
     * Publishes to every node subscribed to the topic (the node's own listeners included), waiting while the node
     * holds publishes back (at most {@code peermesh.publish-timeout}) and, when it has no neighbor, as
     * {@code peermesh.template.when-alone} says.
     *
     * @param headers application headers; values travel as text (strings, numbers, booleans, UUIDs, enums)
     * @return the message's id and the neighbors it went to
     * @throws PublishRejectedException when the node did not take the message: too large, invalid, not running,
     *         held back too long, or no neighbor ({@link PublishRejectedException#cause()} says which)
     * @throws org.springframework.messaging.converter.MessageConversionException when the payload cannot be
     *         written as JSON
     */
    public PublishReceipt publish(String topic, Object payload, Map<String, ?> headers) {
        Outgoing out = outgoing(payload, headers);
        Observation observation = observe(topic, "publish", out.headers());
        try {
            // one publish timeout in all: what waiting for a neighbor took is not waited again for back-pressure
            Duration timeout = node.settings().publishTimeout();
            long start = System.nanoTime();
            int neighbors = await(audience.ready(topic, timeout));
            Duration left = timeout.minusNanos(System.nanoTime() - start);
            MessageId id = node.publish(topic, out.payload(), out.headers(), hopLimit,
                    left.isNegative() ? Duration.ZERO : left);
            return new PublishReceipt(id, topic, neighbors);
        }
        catch (RuntimeException ex) {
            observation.error(ex);
            throw ex;
        }
        finally {
            observation.stop();
        }
    }

    /** Sends to one node; see {@link #send(long, String, Object, Map)}. */
    public CompletableFuture<MessageId> send(long nodeId, String topic, Object payload) {
        return send(nodeId, topic, payload, Map.of());
    }

    /**
     * Sends to one node only ({@link MeshNode#send}): the future completes with the message's id once that node
     * handed it to its listeners, or fails — with a {@link java.util.concurrent.TimeoutException} when it did not
     * confirm within twice the repair window, with a {@link PublishRejectedException} as {@link #publish} does.
     *
     * @param nodeId the node's id ({@code dev.peermesh.NodeId.parse} reads the {@code peermesh_origin} form)
     */
    public CompletableFuture<MessageId> send(long nodeId, String topic, Object payload, Map<String, ?> headers) {
        Outgoing out = outgoing(payload, headers);
        return observed(topic, "send", out.headers(),
                () -> node.send(nodeId, topic, out.payload(), out.headers()));
    }

    /**
     * Asks every node subscribed to the topic and completes with the first reply, read as {@code replyType}
     * ({@link MeshMessage} for the reply as it came); fails with a {@link java.util.concurrent.TimeoutException}
     * when none came within the timeout.
     */
    public <T> CompletableFuture<T> request(String topic, Object payload, Class<T> replyType, Duration timeout) {
        return request(topic, payload, Map.of(), replyType, timeout);
    }

    /** Asks every node subscribed to the topic, with headers; see {@link #request(String, Object, Class, Duration)}. */
    public <T> CompletableFuture<T> request(String topic, Object payload, Map<String, ?> headers, Class<T> replyType,
            Duration timeout) {
        Outgoing out = outgoing(payload, headers);
        return this.<MeshMessage>observed(topic, "request", out.headers(),
                () -> node.request(topic, out.payload(), out.headers(), timeout))
                .thenApply(reply -> read(reply, replyType));
    }

    /** Asks one node and completes with its reply; see {@link #request(String, Object, Class, Duration)}. */
    public <T> CompletableFuture<T> request(long nodeId, String topic, Object payload, Class<T> replyType,
            Duration timeout) {
        Outgoing out = outgoing(payload, Map.of());
        return this.<MeshMessage>observed(topic, "request", out.headers(),
                () -> node.request(nodeId, topic, out.payload(), out.headers(), timeout))
                .thenApply(reply -> read(reply, replyType));
    }

    /**
     * Asks every node subscribed to the topic and completes, when the window ends, with every reply that came within
     * it, each read as {@code replyType} (none is an empty list).
     */
    public <T> CompletableFuture<List<T>> requestAll(String topic, Object payload, Class<T> replyType,
            Duration window) {
        Outgoing out = outgoing(payload, Map.of());
        return this.<List<MeshMessage>>observed(topic, "request", out.headers(),
                () -> node.requestAll(topic, out.payload(), out.headers(), window))
                .thenApply(replies -> {
                    List<T> read = new ArrayList<>(replies.size());
                    replies.forEach(reply -> read.add(read(reply, replyType)));
                    return read;
                });
    }

    private <T> CompletableFuture<T> observed(String topic, String operation, Map<String, String> headers,
            java.util.function.Supplier<CompletableFuture<T>> action) {
        Observation observation = observe(topic, operation, headers);
        CompletableFuture<T> result;
        try {
            result = audience.ready(topic, node.settings().publishTimeout()).thenCompose(neighbors -> action.get());
        }
        catch (RuntimeException ex) {
            result = CompletableFuture.failedFuture(ex);
        }
        return result.whenComplete((value, ex) -> {
            if (ex != null) {
                observation.error(ex instanceof java.util.concurrent.CompletionException && ex.getCause() != null
                        ? ex.getCause() : ex);
            }
            observation.stop();
        });
    }

    /** Starts the observation on the caller's thread, so its parent is the caller's, and a tracer fills headers. */
    private Observation observe(String topic, String operation, Map<String, String> headers) {
        return PeermeshObservation.PUBLISH.observation(observationConvention, DEFAULT_CONVENTION,
                () -> new MeshPublishContext(headers, node.settings().meshId(), topic, operation),
                observationRegistry).start();
    }

    @SuppressWarnings("unchecked")
    private <T> T read(MeshMessage reply, Class<T> replyType) {
        if (replyType == MeshMessage.class) {
            return (T) reply;
        }
        return replyType.cast(codec.decode(reply.payload(), reply.headers().get(MeshPayloadCodec.CONTENT_TYPE),
                replyType == Object.class ? null : replyType));
    }

    private static int await(CompletableFuture<Integer> ready) {
        try {
            return ready.get();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt(); // as the node's own publish: an interrupted wait is back-pressure
            throw new PublishRejectedException(PublishRejectedException.Cause.BACKPRESSURE,
                    "Interrupted while waiting for a first neighbor");
        }
        catch (ExecutionException ex) {
            if (ex.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(ex.getCause());
        }
    }

    /** The payload as bytes and the headers as text, the content type among them; the map stays mutable. */
    private Outgoing outgoing(Object payload, Map<String, ?> headers) {
        MeshPayloadCodec.Encoded encoded = codec.encode(java.util.Objects.requireNonNull(payload, "payload"));
        Map<String, String> text = new HashMap<>(headers.size() + 2);
        headers.forEach((name, value) -> {
            if (name.startsWith("peermesh.")) {
                throw new IllegalArgumentException("Header '" + name + "' is reserved: names starting with "
                        + "'peermesh.' are the node's own (target, request, send time); choose another name");
            }
            if (value != null) {
                text.put(name, headerText(name, value));
            }
        });
        String given = text.get(MeshPayloadCodec.CONTENT_TYPE);
        text.put(MeshPayloadCodec.CONTENT_TYPE, given != null && payload instanceof byte[] ? given
                : encoded.contentType());
        return new Outgoing(encoded.bytes(), text);
    }

    private static String headerText(String name, Object value) {
        if (MeshMessageMapper.travels(value)) {
            return value.toString();
        }
        throw new IllegalArgumentException("Header '" + name + "' has a " + value.getClass().getName()
                + " value; headers travel as text: give a String, number, boolean, UUID or enum, and put objects in "
                + "the payload");
    }

    private record Outgoing(byte[] payload, Map<String, String> headers) {
    }
}
