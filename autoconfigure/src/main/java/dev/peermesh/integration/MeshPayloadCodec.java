package dev.peermesh.integration;

import dev.peermesh.MeshMessage;
import dev.peermesh.log.PeerText;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.converter.SmartMessageConverter;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.ClassUtils;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

/**
 * Turns Spring Integration payloads into mesh bytes and back. {@code byte[]} travels as it is
 * ({@code application/octet-stream}), {@code String} as UTF-8 ({@code text/plain}), anything else as JSON through
 * Spring's Jackson 3 message converter ({@code application/json}). The content type travels in the
 * {@value #CONTENT_TYPE} mesh header.
 *
 * <p>{@code MeshPayloadCodec.Encoded encoded = codec.encode(message);}
 */
public final class MeshPayloadCodec {

    /** The mesh header that carries the content type. */
    public static final String CONTENT_TYPE = MeshMessage.CONTENT_TYPE_HEADER;

    private static final boolean JACKSON_PRESENT =
            ClassUtils.isPresent("tools.jackson.databind.json.JsonMapper", MeshPayloadCodec.class.getClassLoader());

    private final @Nullable SmartMessageConverter json;

    /** A codec with a default Jackson 3 mapper, when Jackson is on the classpath. */
    public MeshPayloadCodec() {
        this(JACKSON_PRESENT ? new JacksonJsonMessageConverter() : null);
    }

    /**
     * A codec that writes and reads JSON with the given converter: in a Boot application, a
     * {@link JacksonJsonMessageConverter} on the application's own {@code JsonMapper}, so its modules and settings
     * apply; {@code null} when Jackson is absent.
     */
    public MeshPayloadCodec(@Nullable SmartMessageConverter json) {
        this.json = json;
    }

    /** Bytes and their content type. */
    public record Encoded(byte[] bytes, String contentType) {
    }

    /**
     * Encodes a payload.
     *
     * @throws MessageConversionException when the payload is an object and cannot be written as JSON
     */
    public Encoded encode(Object payload) {
        if (payload instanceof byte[] bytes) {
            return new Encoded(bytes, MimeTypeUtils.APPLICATION_OCTET_STREAM_VALUE);
        }
        if (payload instanceof String text) {
            return new Encoded(text.getBytes(StandardCharsets.UTF_8), "text/plain;charset=UTF-8");
        }
        if (json == null) {
            throw new MessageConversionException("Cannot send a " + payload.getClass().getName()
                    + " payload: objects travel as JSON and Jackson 3 is not on the classpath; add "
                    + "spring-boot-starter-jackson, or send byte[] or String");
        }
        Message<?> converted = json.toMessage(payload, null);
        if (converted == null || !(converted.getPayload() instanceof byte[] bytes)) {
            throw new MessageConversionException("Cannot write a " + payload.getClass().getName()
                    + " payload as JSON; make it a plain object Jackson can serialise, or send byte[] or String");
        }
        return new Encoded(bytes, MimeTypeUtils.APPLICATION_JSON_VALUE);
    }

    /**
     * Decodes mesh bytes: to {@code targetType} when one is given, otherwise to {@code String} for text and JSON
     * and to {@code byte[]} for anything else.
     *
     * @throws MessageConversionException when JSON cannot be read as the target type
     */
    public Object decode(byte[] bytes, @Nullable String contentType, @Nullable Class<?> targetType) {
        return decode(bytes, contentType, targetType, null);
    }

    /**
     * Decodes mesh bytes as {@link #decode(byte[], String, Class)} does; JSON is read with the conversion hint (a
     * {@code MethodParameter}, for a generic type such as {@code List<Order>}) when one is given.
     */
    public Object decode(byte[] bytes, @Nullable String contentType, @Nullable Class<?> targetType,
            @Nullable Object conversionHint) {
        MimeType type = parse(contentType);
        if (targetType == null || targetType == Object.class) {
            return isText(type) ? new String(bytes, charset(type)) : bytes;
        }
        if (targetType == byte[].class) {
            return bytes;
        }
        if (targetType == String.class) {
            return new String(bytes, charset(type));
        }
        if (json == null) {
            throw new MessageConversionException("Cannot read a payload as " + targetType.getName()
                    + ": Jackson 3 is not on the classpath; add spring-boot-starter-jackson");
        }
        Message<byte[]> message = MessageBuilder.createMessage(bytes,
                new MessageHeaders(Map.of(MessageHeaders.CONTENT_TYPE, MimeTypeUtils.APPLICATION_JSON)));
        Object converted = json.fromMessage(message, targetType, conversionHint);
        if (converted == null) {
            throw new MessageConversionException("Cannot read the " + bytes.length + "-byte "
                    + PeerText.escape(contentType) + " payload as " + targetType.getName());
        }
        return converted;
    }

    /** Whether the text is a MIME type, so that Spring can read it from the {@code contentType} header. */
    public static boolean isMimeType(@Nullable String text) {
        return parse(text) != null;
    }

    private static boolean isText(@Nullable MimeType type) {
        return type != null && ("text".equals(type.getType()) || "json".equals(type.getSubtype())
                || type.getSubtype().endsWith("+json"));
    }

    private static java.nio.charset.Charset charset(@Nullable MimeType type) {
        return type != null && type.getCharset() != null ? type.getCharset() : StandardCharsets.UTF_8;
    }

    private static @Nullable MimeType parse(@Nullable String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        try {
            return MimeTypeUtils.parseMimeType(contentType);
        }
        catch (RuntimeException ex) {
            return null;
        }
    }
}
