package dev.peermesh.listener;

import dev.peermesh.integration.MeshPayloadCodec;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.SmartMessageConverter;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Converts a listener's mesh bytes to its parameter type, and its return value to bytes, the way the adapters and
 * the template do ({@link MeshPayloadCodec}): the parameter type decides, the content type says how text is read.
 */
public final class MeshPayloadMessageConverter implements SmartMessageConverter {

    private final MeshPayloadCodec codec;

    public MeshPayloadMessageConverter(MeshPayloadCodec codec) {
        this.codec = codec;
    }

    @Override
    public @Nullable Object fromMessage(Message<?> message, Class<?> targetClass) {
        return fromMessage(message, targetClass, null);
    }

    @Override
    public @Nullable Object fromMessage(Message<?> message, Class<?> targetClass, @Nullable Object conversionHint) {
        if (!(message.getPayload() instanceof byte[] bytes)) {
            return targetClass.isInstance(message.getPayload()) ? message.getPayload() : null;
        }
        Object contentType = message.getHeaders().get(MessageHeaders.CONTENT_TYPE);
        return codec.decode(bytes, contentType != null ? contentType.toString() : null, targetClass, conversionHint);
    }

    @Override
    public Message<?> toMessage(Object payload, @Nullable MessageHeaders headers) {
        return toMessage(payload, headers, null);
    }

    @Override
    public Message<?> toMessage(Object payload, @Nullable MessageHeaders headers, @Nullable Object conversionHint) {
        MeshPayloadCodec.Encoded encoded = codec.encode(payload);
        MessageBuilder<byte[]> builder = MessageBuilder.withPayload(encoded.bytes());
        if (headers != null) {
            builder.copyHeaders(headers);
        }
        return builder.setHeader(MessageHeaders.CONTENT_TYPE, encoded.contentType()).build();
    }
}
