package dev.peermesh.wire;

import dev.peermesh.FrameLimits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An {@link EmbeddedChannel} with a {@link FrameDecoder} and the shared {@link FrameEncoder}, as a link's pipeline
 * has them, that remembers every buffer a test creates or receives so {@link #close()} can prove all were released.
 *
 * <p>{@code try (CodecChannel wire = new CodecChannel()) { Object decoded = wire.decodeOne(wire.encode(frame)); }}
 */
final class CodecChannel implements AutoCloseable {

    private final EmbeddedChannel channel = new EmbeddedChannel();

    private final List<ByteBuf> buffers = new ArrayList<>();

    CodecChannel() {
        this(FrameLimits.defaults());
    }

    CodecChannel(FrameLimits limits) {
        this(new FrameDecoder(limits));
    }

    /** A channel with the given decoder, e.g. a link's, which holds frames to handshake size at first. */
    CodecChannel(FrameDecoder decoder) {
        // Unpooled buffers are never recycled, so a released one keeps answering refCnt() == 0.
        channel.config().setAllocator(new UnpooledByteBufAllocator(false));
        channel.pipeline().addLast(decoder, FrameEncoder.INSTANCE);
    }

    /** Encodes one frame; the caller hands the bytes to {@link #decode} or releases them. */
    ByteBuf encode(Frame frame) {
        assertThat(channel.writeOutbound(frame)).as("encoder output for %s", frame.type()).isTrue();
        ByteBuf encoded = track(channel.readOutbound());
        assertThat((Object) channel.readOutbound()).as("one buffer per frame").isNull();
        return encoded;
    }

    /** The bytes one frame encodes to. */
    byte[] bytesOf(Frame frame) {
        ByteBuf encoded = encode(frame);
        try {
            return ByteBufUtil.getBytes(encoded);
        }
        finally {
            encoded.release();
        }
    }

    /** Feeds chunks to the decoder, which takes ownership of them, and returns all it emitted, in order. */
    List<Object> decode(ByteBuf... chunks) {
        for (ByteBuf chunk : chunks) {
            channel.writeInbound(track(chunk));
        }
        return drain();
    }

    /** Feeds chunks to the decoder and returns the one thing it emitted. */
    Object decodeOne(ByteBuf... chunks) {
        List<Object> decoded = decode(chunks);
        assertThat(decoded).as("decoder output").hasSize(1);
        return decoded.get(0);
    }

    /** Encodes a frame and decodes its bytes again. */
    Object roundTrip(Frame frame) {
        return decodeOne(encode(frame));
    }

    /** Feeds chunks and expects the single {@link DecodeFailure} the decoder emits for bad input. */
    DecodeFailure failure(ByteBuf... chunks) {
        Object decoded = decodeOne(chunks);
        assertThat(decoded).isInstanceOf(DecodeFailure.class);
        return (DecodeFailure) decoded;
    }

    /** Signals the end of the input stream, as a closing connection does, and returns what the decoder emitted. */
    List<Object> endOfInput() {
        channel.finish();
        return drain();
    }

    /** Whether every buffer seen was released. */
    boolean allReleased() {
        return buffers.stream().allMatch(buffer -> buffer.refCnt() == 0);
    }

    /** Closes the channel, releasing what is left in it, and asserts that no buffer of the test leaked. */
    @Override
    public void close() {
        channel.finishAndReleaseAll();
        assertThat(buffers).as("buffers of this test").allSatisfy(buffer ->
                assertThat(buffer.refCnt()).as("reference count of %s", buffer).isZero());
    }

    private List<Object> drain() {
        List<Object> decoded = new ArrayList<>();
        for (Object message = channel.readInbound(); message != null; message = channel.readInbound()) {
            decoded.add(message);
        }
        return decoded;
    }

    private ByteBuf track(ByteBuf buffer) {
        assertThat(buffer).isNotNull();
        buffers.add(buffer);
        return buffer;
    }
}
