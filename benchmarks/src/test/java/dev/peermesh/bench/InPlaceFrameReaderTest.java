package dev.peermesh.bench;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InPlaceFrameReaderTest {

    private final List<String> frames = new ArrayList<>();

    private final List<ByteBuf> seenIn = new ArrayList<>();

    private final EmbeddedChannel channel = new EmbeddedChannel(new InPlaceFrameReader(64, (buf, index, length) -> {
        seenIn.add(buf);
        frames.add(buf.toString(index, length, StandardCharsets.US_ASCII));
    }));

    private static ByteBuf frames(String... payloads) {
        ByteBuf buf = Unpooled.buffer();
        for (String payload : payloads) {
            buf.writeInt(payload.length()).writeCharSequence(payload, StandardCharsets.US_ASCII);
        }
        return buf;
    }

    @Test
    void framesWholeInOneReadAreHandedOnInTheReadBufferItselfAndTheBufferIsReleased() {
        ByteBuf read = frames("alpha", "beta", "");

        channel.writeInbound(read);

        assertThat(frames).containsExactly("alpha", "beta", "");
        assertThat(seenIn).allSatisfy(buf -> assertThat(buf).isSameAs(read));
        assertThat(read.refCnt()).isZero();
    }

    @Test
    void aFrameCutAcrossReadsEvenInsideItsLengthArrivesWholeAndOnce() {
        ByteBuf all = frames("first", "second-frame", "third");
        int[] cuts = {3, 7, 11, 12, all.readableBytes()};
        List<ByteBuf> reads = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            reads.add(all.retainedSlice(from, cut - from));
            from = cut;
        }
        all.release();

        reads.forEach(channel::writeInbound);

        assertThat(frames).containsExactly("first", "second-frame", "third");
        assertThat(reads).allSatisfy(read -> assertThat(read.refCnt()).isZero());
    }

    @Test
    void aLengthOverTheLimitClosesTheConnection() {
        ByteBuf read = Unpooled.buffer().writeInt(65).writeZero(65);

        channel.writeInbound(read);

        assertThat(frames).isEmpty();
        assertThat(channel.isActive()).isFalse();
        assertThat(read.refCnt()).isZero();
    }

    @Test
    void aCutFrameStillWaitingIsReleasedWhenTheConnectionGoes() {
        List<ByteBuf> allocated = new ArrayList<>();
        channel.config().setAllocator(new AbstractByteBufAllocator(false) {
            @Override
            protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
                ByteBuf buf = Unpooled.buffer(initialCapacity, maxCapacity);
                allocated.add(buf);
                return buf;
            }

            @Override
            protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
                ByteBuf buf = Unpooled.directBuffer(initialCapacity, maxCapacity);
                allocated.add(buf);
                return buf;
            }

            @Override
            public boolean isDirectBufferPooled() {
                return false;
            }
        });
        ByteBuf read = frames("whole", "cut-short");
        ByteBuf firstPart = read.retainedSlice(0, read.readableBytes() - 3);
        read.release();

        channel.writeInbound(firstPart);
        assertThat(allocated).as("the cut frame's copy").hasSize(1);
        channel.finishAndReleaseAll();

        assertThat(frames).containsExactly("whole");
        assertThat(firstPart.refCnt()).isZero();
        assertThat(allocated).allSatisfy(buf -> assertThat(buf.refCnt()).isZero());
    }
}
