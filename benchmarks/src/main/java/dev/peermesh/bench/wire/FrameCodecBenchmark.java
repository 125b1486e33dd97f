package dev.peermesh.bench.wire;

import dev.peermesh.wire.Frame;
import dev.peermesh.wire.FrameDecoder;
import dev.peermesh.FrameLimits;
import dev.peermesh.wire.FrameWriter;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Encoding and decoding one DATA frame (the mesh's message frame) with a 1 KiB payload, a topic and one header:
 * {@link FrameWriter} into a pooled buffer, and {@link FrameDecoder} in an {@link EmbeddedChannel} as a link reads it.
 *
 * <p>Run by {@code dev.peermesh.bench.MicroBenchmarks}, or by JMH's own main with this class's name.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FrameCodecBenchmark {

    private final Frame.Data data = new Frame.Data(0x1234_5678_9abcL, 42, 1, 0, "orders.created",
            Map.of("content-type", "application/json"), new byte[1024]);

    private ByteBuf encoded;

    private EmbeddedChannel link;

    @Setup(Level.Trial)
    public void setUp() {
        encoded = PooledByteBufAllocator.DEFAULT.buffer();
        FrameWriter.write(data, encoded);
        link = new EmbeddedChannel(new FrameDecoder(FrameLimits.defaults()));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        encoded.release();
        link.finishAndReleaseAll();
    }

    /** Writes the frame into a pooled buffer and releases it. */
    @Benchmark
    public int encodeData() {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer(1200);
        try {
            FrameWriter.write(data, out);
            return out.readableBytes();
        }
        finally {
            out.release();
        }
    }

    /** Feeds the encoded frame to a link's decoder and takes the decoded frame out. */
    @Benchmark
    public Object decodeData() {
        link.writeInbound(encoded.retainedDuplicate());
        return link.readInbound();
    }
}
