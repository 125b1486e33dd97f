package dev.peermesh.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This JVM's CPU time split into the JIT compilers, the garbage collector and the rest, from Linux's per-thread
 * accounting ({@code /proc/self/task/<tid>/schedstat}: nanoseconds on a CPU; {@code comm}: the thread's name). The
 * compiler and GC threads are hidden from {@code ThreadMXBean}, so their names are the only way to tell them apart.
 *
 * <ul>
 * <li><b>JIT</b>: threads named {@code C1 CompilerThre…}, {@code C2 CompilerThre…} (HotSpot's compiler threads).</li>
 * <li><b>GC</b>: {@code GC Thread#…} (G1's pause workers), every {@code G1 …} thread (concurrent marking, refinement,
 * service) and {@code VM Thread} (which runs the pauses as safepoint operations, and the rare other safepoint
 * operation).</li>
 * <li><b>process</b>: {@code getProcessCpuTime()} of the whole process, which also counts threads that ended.</li>
 * <li><b>kernel</b>: the process's system time ({@code stime} of {@code /proc/self/stat}, in the 10 ms clock ticks
 * Linux reports there whatever its internal tick): its socket reads and writes, which cost the same per byte in every
 * system measured (docs/benchmarks.md), so what is left is the part a protocol's code decides.</li>
 * </ul>
 * A compiler thread that ends within a window (HotSpot starts and stops them with the load) takes its window's time
 * with it: JIT is then counted short, never long.
 *
 * <p>{@code JvmCpu.Sample before = JvmCpu.sample(); … JvmCpu.Sample used = JvmCpu.sample().minus(before);}
 */
final class JvmCpu {

    private static final Path TASKS = Path.of("/proc/self/task");

    private static final Path STAT = Path.of("/proc/self/stat");

    /** Nanoseconds per clock tick of {@code /proc}'s times ({@code USER_HZ}, 100 on every Linux architecture). */
    private static final long TICK_NANOS = 10_000_000L;

    private JvmCpu() {
    }

    /**
     * CPU nanoseconds so far (or, after {@link #minus}, in a window).
     *
     * @param process the whole process
     * @param jit the compiler threads, -1 when {@code /proc} cannot tell
     * @param gc the GC threads and the VM thread, -1 when {@code /proc} cannot tell
     * @param kernel the process's time in the kernel, all threads, -1 when {@code /proc} cannot tell
     */
    record Sample(long process, long jit, long gc, long kernel) {

        Sample minus(Sample before) {
            return new Sample(process - before.process, known(jit, before.jit), known(gc, before.gc),
                    known(kernel, before.kernel));
        }

        private static long known(long after, long before) {
            return after < 0 || before < 0 ? -1 : after - before;
        }

        /** The compilers' share of the process's CPU in this window, 0 when nothing ran. */
        double jitShare() {
            return process <= 0 || jit < 0 ? 0 : (double) jit / process;
        }
    }

    static Sample sample() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long jit = 0;
        long gc = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                String name;
                long nanos;
                try {
                    name = Files.readString(task.resolve("comm")).strip();
                    String schedstat = Files.readString(task.resolve("schedstat"));
                    nanos = Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
                }
                catch (IOException | RuntimeException ex) {
                    continue; // the thread ended while we listed it
                }
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    jit += nanos;
                }
                else if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) {
                    gc += nanos;
                }
            }
        }
        catch (IOException | RuntimeException ex) {
            return new Sample(os.getProcessCpuTime(), -1, -1, kernel());
        }
        return new Sample(os.getProcessCpuTime(), jit, gc, kernel());
    }

    /** The process's system time so far, from {@code stime} (the 15th field of {@code /proc/self/stat}); or -1. */
    private static long kernel() {
        try {
            return kernel(Files.readString(STAT));
        }
        catch (IOException | RuntimeException ex) {
            return -1;
        }
    }

    /** The system time in a {@code /proc/<pid>/stat} line, in nanoseconds. */
    static long kernel(String stat) {
        // the command name (2nd field) may hold spaces and parentheses: count the fields after its closing one
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[12]) * TICK_NANOS;
    }
}
