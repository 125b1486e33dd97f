package dev.peermesh.wire;

import dev.peermesh.FrameLimits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Frames to bytes and back for the fuzz tests, without AssertJ's reflection in the hot path: a fuzzer calls these a
 * million times. Public so the protocol's fuzz tests can check what a node sends.
 *
 * <p>{@code List<Object> out = WireBytes.decode(bytes, FrameLimits.defaults(), bytes.length);}
 */
public final class WireBytes {

    private WireBytes() {
    }

    /** The whole frame, length field included, as {@link FrameWriter} writes it. */
    public static byte[] encode(Frame frame) {
        ByteBuf out = Unpooled.buffer();
        try {
            FrameWriter.write(frame, out);
            return ByteBufUtil.getBytes(out);
        }
        finally {
            out.release();
        }
    }

    /**
     * Feeds {@code input} to a fresh {@link FrameDecoder} in chunks of the given sizes (the last size repeats until
     * the input ends), closes the input as a closing connection does, and returns everything the decoder emitted.
     * Fails when the decoder throws or keeps a buffer it was given.
     */
    public static List<Object> decode(byte[] input, FrameLimits limits, int... chunkSizes) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(new UnpooledByteBufAllocator(false));
        channel.pipeline().addLast(new FrameDecoder(limits));
        List<ByteBuf> given = new ArrayList<>();
        int offset = 0;
        for (int i = 0; offset < input.length; i++) {
            int size = Math.max(1, Math.min(chunkSizes[Math.min(i, chunkSizes.length - 1)], input.length - offset));
            ByteBuf chunk = Unpooled.copiedBuffer(input, offset, size);
            given.add(chunk);
            channel.writeInbound(chunk);
            offset += size;
        }
        channel.finish();
        List<Object> out = new ArrayList<>();
        for (Object message = channel.readInbound(); message != null; message = channel.readInbound()) {
            out.add(message);
        }
        for (ByteBuf buffer : given) {
            assertThat(buffer.refCnt()).as("reference count of an input buffer after the decoder").isZero();
        }
        return out;
    }

    /** Decodes bytes that must hold exactly one well-formed frame. */
    public static Frame decodeOne(byte[] encoded, FrameLimits limits) {
        List<Object> out = decode(encoded, limits, encoded.length);
        assertThat(out).as("decoder output for %s", Arrays.toString(encoded)).hasSize(1);
        assertThat(out.get(0)).as("decoder output").isInstanceOf(Frame.class);
        return (Frame) out.get(0);
    }

    /**
     * Whether two decoder outputs are equal: frames of one type with equal fields, byte arrays compared by content
     * (a frame record's own {@code equals} compares them by identity), or equal {@link DecodeFailure}s.
     */
    public static boolean same(Object a, Object b) {
        if (a == null || b == null || a.getClass() != b.getClass()) {
            return false;
        }
        if (!a.getClass().isRecord()) {
            return a.equals(b);
        }
        for (RecordComponent component : a.getClass().getRecordComponents()) {
            Object x = value(component, a);
            Object y = value(component, b);
            boolean equal = x instanceof byte[] bx && y instanceof byte[] by ? Arrays.equals(bx, by)
                    : x != null && x.getClass().isRecord() ? same(x, y) // a REPLAY's message
                    : Objects.equals(x, y);
            if (!equal) {
                return false;
            }
        }
        return true;
    }

    /** Asserts that two decoder outputs are {@link #same}, showing both when they are not. */
    public static void assertSame(Object actual, Object expected, String what) {
        if (!same(actual, expected)) {
            throw new AssertionError(what + ": expected " + show(expected) + " but was " + show(actual));
        }
    }

    /** A frame or failure as text, byte arrays shown by content. */
    public static String show(Object value) {
        if (value == null || !value.getClass().isRecord()) {
            return String.valueOf(value);
        }
        StringBuilder text = new StringBuilder(value.getClass().getSimpleName()).append('[');
        for (RecordComponent component : value.getClass().getRecordComponents()) {
            Object field = value(component, value);
            text.append(component.getName()).append('=')
                    .append(field instanceof byte[] bytes ? Arrays.toString(bytes) : show(field))
                    .append(", ");
        }
        return text.append(']').toString();
    }

    private static Object value(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        }
        catch (ReflectiveOperationException ex) {
            throw new IllegalStateException("cannot read " + component + " of " + record.getClass(), ex);
        }
    }
}
