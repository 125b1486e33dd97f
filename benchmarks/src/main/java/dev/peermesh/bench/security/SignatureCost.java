package dev.peermesh.bench.security;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The CPU time one thread spends to sign and to verify a 1 KiB message, per key type: the figures of
 * {@link SignatureBenchmark} measured by the thread's own CPU clock rather than the wall clock, so they hold on a
 * machine shared with other work (where a low-priority JMH run mostly measures its waiting).
 *
 * <p>{@code java -cp … dev.peermesh.bench.security.SignatureCost [operations]}
 */
public final class SignatureCost {

    private SignatureCost() {
    }

    public static void main(String[] args) throws Exception {
        int operations = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.println("| key | sign, µs CPU | verify, µs CPU |");
        System.out.println("|---|---:|---:|");
        for (String key : new String[] { "Ed25519", "EC-P256", "RSA-2048" }) {
            SignatureBenchmark bench = new SignatureBenchmark();
            bench.key = key;
            bench.setUp();
            int rounds = key.equals("RSA-2048") ? operations / 10 : operations;
            double sign = cpuMicros(threads, rounds, bench::sign);
            double verify = cpuMicros(threads, rounds, bench::verify);
            System.out.printf("| %s | %.1f | %.1f |%n", key, sign, verify);
        }
    }

    /** Runs the operation {@code rounds} times to warm up, then as many times again, timed by this thread's CPU. */
    private static double cpuMicros(ThreadMXBean threads, int rounds, Runnable operation) {
        for (int i = 0; i < rounds; i++) {
            operation.run();
        }
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < rounds; i++) {
            operation.run();
        }
        return (threads.getCurrentThreadCpuTime() - start) / 1_000.0 / rounds;
    }
}
