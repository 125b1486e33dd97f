package dev.peermesh.integration;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.messaging.converter.MessageConversionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Specification of {@link MeshPayloadCodec}: how payloads become mesh bytes and back.
 */
class MeshPayloadCodecTests {

    private final MeshPayloadCodec codec = new MeshPayloadCodec();

    record Order(String id, int quantity) {
    }

    @Test
    void bytesTravelAsTheyAreAsOctetStream() {
        byte[] payload = {0, 1, 2, (byte) 0xFF};

        MeshPayloadCodec.Encoded encoded = codec.encode(payload);

        assertThat(encoded.bytes()).isEqualTo(payload);
        assertThat(encoded.contentType()).isEqualTo("application/octet-stream");
        assertThat(codec.decode(encoded.bytes(), encoded.contentType(), null)).isEqualTo(payload);
    }

    @Test
    void textTravelsAsUtf8PlainText() {
        MeshPayloadCodec.Encoded encoded = codec.encode("grüße, 世界");

        assertThat(encoded.bytes()).isEqualTo("grüße, 世界".getBytes(StandardCharsets.UTF_8));
        assertThat(encoded.contentType()).isEqualTo("text/plain;charset=UTF-8");
        assertThat(codec.decode(encoded.bytes(), encoded.contentType(), null)).isEqualTo("grüße, 世界");
    }

    @Test
    void objectsTravelAsJson() {
        MeshPayloadCodec.Encoded encoded = codec.encode(new Order("o-42", 3));

        assertThat(encoded.contentType()).isEqualTo("application/json");
        assertThat(new String(encoded.bytes(), StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":\"o-42\",\"quantity\":3}");
    }

    @Test
    void jsonIsReadAsTheTargetType() {
        MeshPayloadCodec.Encoded encoded = codec.encode(new Order("o-42", 3));

        assertThat(codec.decode(encoded.bytes(), encoded.contentType(), Order.class)).isEqualTo(new Order("o-42", 3));
    }

    @Test
    void jsonWithoutATargetTypeArrivesAsText() {
        byte[] json = "{\"id\":\"o-42\",\"quantity\":3}".getBytes(StandardCharsets.UTF_8);

        assertThat(codec.decode(json, "application/json", null)).isEqualTo("{\"id\":\"o-42\",\"quantity\":3}");
        assertThat(codec.decode(json, "application/vnd.orders+json", Object.class))
                .isEqualTo("{\"id\":\"o-42\",\"quantity\":3}");
    }

    @Test
    void textIsReadInTheCharsetOfItsContentType() {
        byte[] latin1 = "café".getBytes(StandardCharsets.ISO_8859_1);

        assertThat(codec.decode(latin1, "text/plain;charset=ISO-8859-1", null)).isEqualTo("café");
        assertThat(codec.decode(latin1, "text/plain;charset=ISO-8859-1", String.class)).isEqualTo("café");
    }

    @Test
    void payloadsWithoutATextContentTypeArriveAsBytes() {
        byte[] bytes = "plain".getBytes(StandardCharsets.UTF_8);

        assertThat(codec.decode(bytes, null, null)).isEqualTo(bytes);
        assertThat(codec.decode(bytes, "not a mime type", null)).isEqualTo(bytes);
        assertThat(codec.decode(bytes, "image/png", null)).isEqualTo(bytes);
    }

    @Test
    void anyPayloadCanBeAskedForAsBytesOrText() {
        byte[] json = "{\"id\":\"o-42\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(codec.decode(json, "application/json", byte[].class)).isEqualTo(json);
        assertThat(codec.decode(json, "application/octet-stream", String.class)).isEqualTo("{\"id\":\"o-42\"}");
    }

    @Test
    void jsonThatCannotBecomeTheTargetTypeFailsWithAConversionError() {
        byte[] json = "{\"id\":\"o-42\",\"quantity\":\"many\"}".getBytes(StandardCharsets.UTF_8);

        assertThatExceptionOfType(MessageConversionException.class)
                .isThrownBy(() -> codec.decode(json, "application/json", Order.class))
                .withMessageContaining("many");
    }

    @Test
    void textThatIsNotJsonCannotBecomeTheTargetType() {
        byte[] text = "hello".getBytes(StandardCharsets.UTF_8);

        assertThatExceptionOfType(MessageConversionException.class)
                .isThrownBy(() -> codec.decode(text, "text/plain;charset=UTF-8", Order.class));
    }
}
