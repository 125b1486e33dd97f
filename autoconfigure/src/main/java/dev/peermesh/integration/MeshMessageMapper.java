package dev.peermesh.integration;

import dev.peermesh.MeshMessage;
import dev.peermesh.NodeId;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeType;

/**
 * Maps messages between the mesh and Spring, the one way every adapter and gateway does: mesh metadata as
 * {@link MeshHeaders}, application headers as they were published except names Spring keeps for itself
 * ({@link ReservedHeaders}), payloads through a {@link MeshPayloadCodec}. The node's own headers
 * ({@code peermesh.*}) stay on the mesh side.
 *
 * <p>{@code Message<Object> spring = mapper.toSpring(meshMessage, Order.class);}
 */
public final class MeshMessageMapper {

    /** Prefix of the headers the node sets itself ({@link MeshMessage#SENT_AT_HEADER}, the target, …). */
    private static final String PROTOCOL_PREFIX = "peermesh.";

    private final MeshPayloadCodec codec;

    /** A mapper with a default codec (JSON through a default Jackson mapper). */
    public MeshMessageMapper() {
        this(new MeshPayloadCodec());
    }

    /** A mapper converting payloads with the given codec. */
    public MeshMessageMapper(MeshPayloadCodec codec) {
        this.codec = codec;
    }

    /** A Spring message to be sent to the mesh: the encoded payload and the headers that travel. */
    public record Outbound(byte[] payload, Map<String, String> headers) {
    }

    /**
     * The payload of a mesh message, as {@code payloadType} for JSON (by default text and JSON as {@code String},
     * other payloads as {@code byte[]}).
     *
     * @throws org.springframework.messaging.converter.MessageConversionException when it cannot be read so
     */
    public Object payload(MeshMessage message, @Nullable Class<?> payloadType) {
        return codec.decode(message.payload(), message.headers().get(MeshPayloadCodec.CONTENT_TYPE), payloadType);
    }

    /** A mesh message as a Spring message with the given payload. */
    public Message<Object> toSpring(MeshMessage message, Object payload) {
        MessageBuilder<Object> builder = MessageBuilder.withPayload(payload);
        for (Map.Entry<String, String> header : message.headers().entrySet()) {
            String name = header.getKey();
            if (name.equals(MeshPayloadCodec.CONTENT_TYPE)) {
                // one that is no MIME type would fail every flow that reads it; it arrives like a reserved name
                builder.setHeader(MeshPayloadCodec.isMimeType(header.getValue()) ? MessageHeaders.CONTENT_TYPE
                        : MeshHeaders.PREFIX + name, header.getValue());
            }
            else if (!protocol(name)) {
                builder.setHeader(ReservedHeaders.toSpring(name), header.getValue());
            }
        }
        builder.setHeader(MeshHeaders.TOPIC, message.topic())
                .setHeader(MeshHeaders.ORIGIN, NodeId.format(message.id().origin()))
                .setHeader(MeshHeaders.MESSAGE_ID, message.id().toString())
                .setHeader(MeshHeaders.SEQUENCE, message.id().sequence())
                .setHeader(MeshHeaders.HOPS, message.hops())
                .setHeader(MeshHeaders.HOP_LIMIT, message.hopLimit());
        if (message.sentAt() >= 0) {
            builder.setHeader(MeshHeaders.SENT_AT, message.sentAt());
        }
        if (message.isReplayed()) {
            builder.setHeader(MeshHeaders.REPLAYED, true);
        }
        return builder.build();
    }

    /**
     * A Spring message's payload, encoded, and the headers that travel: those with simple values (text, numbers,
     * booleans, UUIDs, MIME types, enums), not Spring's own nor the {@code peermesh_} metadata; and its content type.
     */
    public Outbound toMesh(Message<?> message) {
        MessageHeaders headers = message.getHeaders();
        MeshPayloadCodec.Encoded encoded = codec.encode(message.getPayload());
        Map<String, String> meshHeaders = new HashMap<>();
        for (Map.Entry<String, Object> header : headers.entrySet()) {
            String name = ReservedHeaders.toMesh(header.getKey());
            if (name != null && !protocol(name) && travels(header.getValue())) {
                meshHeaders.put(name, header.getValue().toString());
            }
        }
        Object contentType = headers.get(MessageHeaders.CONTENT_TYPE);
        meshHeaders.put(MeshPayloadCodec.CONTENT_TYPE,
                contentType != null && message.getPayload() instanceof byte[] ? contentType.toString()
                        : encoded.contentType());
        return new Outbound(encoded.bytes(), meshHeaders);
    }

    /**
     * The node a Spring message is addressed to ({@link MeshHeaders#TARGET}: a number, or 16 hex digits as
     * {@link NodeId#format} writes them), or {@code null} when it names none.
     *
     * @throws IllegalArgumentException when the header is neither
     */
    public static @Nullable Long target(MessageHeaders headers) {
        Object value = headers.get(MeshHeaders.TARGET);
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        try {
            return NodeId.parse(value.toString().trim());
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("Header " + MeshHeaders.TARGET + " must be a node id (a long, or 16 "
                    + "hex digits as the peermesh_origin header gives it), not '" + value + "'", ex);
        }
    }

    /**
     * Whether a mesh header is the node's own ({@code peermesh.}: the send time, a message's target, request and
     * reply numbers): it does not cross into Spring, so a flow that publishes a message again never sends it to
     * the node it was for, nor as a reply to another request.
     */
    private static boolean protocol(String meshName) {
        return meshName.startsWith(PROTOCOL_PREFIX);
    }

    /**
     * Whether a header value travels: text, numbers, booleans, characters, UUIDs, MIME types and enums, which the mesh
     * carries as their text.
     */
    public static boolean travels(Object value) {
        return value instanceof CharSequence || value instanceof Number || value instanceof Boolean
                || value instanceof Character || value instanceof UUID || value instanceof MimeType
                || value instanceof Enum<?>;
    }
}
