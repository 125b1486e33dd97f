package dev.peermesh.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

/**
 * Frame bytes made by hand, field by field, for input that {@link FrameWriter} would never produce.
 *
 * <p>{@code ByteBuf bytes = RawFrame.of(FrameType.PING).u64(7).u8(0).toBuffer();}
 */
final class RawFrame {

    private final int type;

    private final ByteBuf body = Unpooled.buffer();

    private int version = FrameWriter.VERSION;

    private long length = -1;

    private RawFrame(int type) {
        this.type = type;
    }

    /** A frame of a known type. */
    static RawFrame of(FrameType type) {
        return new RawFrame(type.code());
    }

    /** A frame with any type byte. */
    static RawFrame ofTypeCode(int code) {
        return new RawFrame(code);
    }

    /** Only a length field, with no frame after it. */
    static ByteBuf lengthField(long counted) {
        return Unpooled.buffer(4).writeInt((int) counted);
    }

    /**
     * The start of a DATA body up to the header count: origin 1, sequence 1, hops 1, no hop limit and this topic.
     */
    static RawFrame dataWithTopic(String topic) {
        return of(FrameType.DATA).u64(1).u64(1).u16(1).u16(0).string(topic);
    }

    RawFrame version(int version) {
        this.version = version;
        return this;
    }

    /** Writes this value in the length field instead of the true length. */
    RawFrame length(long counted) {
        this.length = counted;
        return this;
    }

    RawFrame u8(int value) {
        body.writeByte(value);
        return this;
    }

    RawFrame u16(int value) {
        body.writeShort(value);
        return this;
    }

    RawFrame u32(long value) {
        body.writeInt((int) value);
        return this;
    }

    RawFrame u64(long value) {
        body.writeLong(value);
        return this;
    }

    RawFrame bytes(byte[] bytes) {
        body.writeBytes(bytes);
        return this;
    }

    RawFrame bytes(int... bytes) {
        for (int b : bytes) {
            body.writeByte(b);
        }
        return this;
    }

    RawFrame zeros(int count) {
        body.writeZero(count);
        return this;
    }

    /** A string field: 16-bit length, then the UTF-8 bytes. */
    RawFrame string(String text) {
        return string(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A string field holding these raw bytes, valid UTF-8 or not. */
    RawFrame string(byte[] utf8) {
        return u16(utf8.length).bytes(utf8);
    }

    /** An address field: host string, then 16-bit port. */
    RawFrame address(String host, int port) {
        return string(host).u16(port);
    }

    /** The whole frame: length field, version, type, body. */
    ByteBuf toBuffer() {
        ByteBuf frame = Unpooled.buffer(FrameWriter.LENGTH_FIELD + 2 + body.readableBytes());
        frame.writeInt((int) (length >= 0 ? length : 2 + body.readableBytes()));
        frame.writeByte(version);
        frame.writeByte(type);
        frame.writeBytes(body);
        body.release();
        return frame;
    }
}
