package dev.peermesh.bench.dissemination;

import dev.peermesh.dissemination.DuplicateCache;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * The duplicate check every received message passes: new messages from a number of publishers in turn, and copies of
 * messages already seen (what a flooding node receives from its other neighbors).
 *
 * <p>Run by {@code dev.peermesh.bench.MicroBenchmarks}, or by JMH's own main with this class's name.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DuplicateCacheBenchmark {

    @Param({"16", "1000"})
    public int publishers;

    private DuplicateCache cache;

    private long[] next;

    private int turn;

    @Setup
    public void setUp() {
        cache = new DuplicateCache(10_000, 300);
        next = new long[publishers];
        for (int p = 0; p < publishers; p++) {
            next[p] = 1;
            cache.firstSighting(p, next[p]++);
        }
    }

    /** The next new message of the next publisher. */
    @Benchmark
    public boolean firstSighting() {
        int origin = turn++ % publishers;
        return cache.firstSighting(origin, next[origin]++);
    }

    /** A copy of the latest message of the next publisher. */
    @Benchmark
    public boolean duplicate() {
        int origin = turn++ % publishers;
        return cache.firstSighting(origin, next[origin] - 1);
    }
}
