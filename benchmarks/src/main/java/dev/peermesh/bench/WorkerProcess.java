package dev.peermesh.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Worker} JVM started with the coordinator's own classpath: commands go to its stdin, its {@code @@} lines
 * come back through {@link #await}, everything else it prints goes to a log file.
 *
 * <p>{@code WorkerProcess w = WorkerProcess.start(system, 0, 3, 21000, 2, logFile); w.send("QUIT");}
 */
final class WorkerProcess {

    /** Every worker's heap, the same for every system; {@code -Xms} equals {@code -Xmx}. */
    static final String HEAP = "256m";

    private final Process process;

    private final PrintWriter commands;

    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

    private WorkerProcess(Process process) {
        this.process = process;
        this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readAnswers, "bench-worker-reader-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Extra options for every worker JVM from {@code -Dbench.worker.jvm="…"} (space-separated), e.g. a profiler agent:
     * {@code -Dbench.worker.jvm="-agentpath:/path/libasyncProfiler.so=start,event=cpu,file=/tmp/w-%p.html"}.
     */
    private static List<String> extraJvmOptions() {
        String options = System.getProperty("bench.worker.jvm", "").strip();
        return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
    }

    /** Starts a worker whose stderr (its log, never shared with another worker or run) goes to {@code log}. */
    static WorkerProcess start(BroadcastSystem system, int index, int nodes, int basePort, int threads, File log)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                new File(System.getProperty("java.home"), "bin/java").getPath(),
                // The whole heap committed and touched before the run: no page faults or heap growth in a window.
                "-Xms" + HEAP, "-Xmx" + HEAP, "-XX:+AlwaysPreTouch",
                "-Djava.net.preferIPv4Stack=true", "-Djgroups.bind_addr=127.0.0.1",
                "-Djgroups.tcpping.initial_hosts=" + JGroupsNode.initialHosts(nodes)));
        command.addAll(extraJvmOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Worker.class.getName(),
                system.name(), Integer.toString(index), Integer.toString(nodes), Integer.toString(basePort),
                Integer.toString(threads)));
        Process process = new ProcessBuilder(command).redirectError(log).start();
        return new WorkerProcess(process);
    }

    private void readAnswers() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith(Worker.PREFIX)) {
                    answers.add(line.substring(Worker.PREFIX.length()));
                }
            }
        }
        catch (IOException ex) {
            // The worker is gone; await() times out and says so.
        }
    }

    void send(String command) {
        commands.println(command);
    }

    /** The next answer starting with {@code keyword}, without it. */
    String await(String keyword, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            String answer = answers.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            if (answer == null) {
                throw new IllegalStateException("Worker " + process.pid() + " did not answer " + keyword + " within "
                        + timeoutMillis + " ms (alive: " + process.isAlive() + "); see its log in target/bench-logs");
            }
            if (answer.startsWith(keyword)) {
                return answer.substring(keyword.length()).trim();
            }
        }
    }

    /** Asks the worker to leave; {@link #awaitExit()} waits for it. */
    void quit() {
        send("QUIT");
        commands.close();
    }

    void awaitExit() throws InterruptedException {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
