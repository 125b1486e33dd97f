package dev.peermesh.bench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;

import static org.assertj.core.api.Assertions.assertThat;

class JvmCpuTest {

    /** Enough system time to stand clear of the 10 ms ticks {@code /proc} counts it in. */
    private static final long KERNEL_NANOS = 100_000_000L;

    @Test
    void theSystemTimeIsTheFifteenthFieldEvenWhenTheCommandNameHoldsSpacesAndParentheses() {
        String stat = "4242 (java (worker) 1) S 1 4242 4242 0 -1 4194560 9876 0 0 0 1234 567 0 0 20 0 41 0 "
                + "88 5000000000 60000 18446744073709551615 1 1 0 0 0 0 0 4096 17612 0 0 0 17 1 0 0 0 0 0";

        assertThat(JvmCpu.kernel(stat)).isEqualTo(567 * 10_000_000L);
    }

    @Test
    void bytesPushedThroughThePipeCountAsKernelTimeWithinTheProcessTime() throws IOException {
        JvmCpu.Sample before = JvmCpu.sample();
        ByteBuffer chunk = ByteBuffer.allocateDirect(64 << 10);
        long deadline = System.nanoTime() + 20_000_000_000L;
        JvmCpu.Sample used;
        Pipe pipe = Pipe.open();
        try (Pipe.SinkChannel sink = pipe.sink(); Pipe.SourceChannel source = pipe.source()) {
            do {
                for (int i = 0; i < 1_000; i++) {
                    chunk.clear();
                    sink.write(chunk);
                    chunk.clear();
                    source.read(chunk);
                }
                used = JvmCpu.sample().minus(before);
            }
            while (used.kernel() < KERNEL_NANOS && System.nanoTime() < deadline);
        }

        assertThat(used.kernel()).isGreaterThanOrEqualTo(KERNEL_NANOS);
        // ticks are coarser than the process's own clock: one tick of slack
        assertThat(used.kernel()).isLessThanOrEqualTo(used.process() + 10_000_000L);
    }
}
