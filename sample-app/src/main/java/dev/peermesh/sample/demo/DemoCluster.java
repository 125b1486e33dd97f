package dev.peermesh.sample.demo;

import dev.peermesh.sample.SampleApplication;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts several sample nodes in this JVM on loopback (web pages on ports 8081, 8082, …, mesh links on 7401, 7402,
 * …), each seeded with the others, prints the pages to open and runs until Ctrl-C or for the seconds given.
 *
 * <p>{@code java -jar peermesh-sample-app.jar demo 4 120} (4 nodes for two minutes; {@code demo} alone: 4 nodes until
 * Ctrl-C). System properties {@code demo.http-port} and {@code demo.mesh-port} move the first ports.
 */
public final class DemoCluster {

    /** Most nodes the demo starts: each is a whole Spring application. */
    public static final int MAX_NODES = 12;

    private DemoCluster() {
    }

    /** Runs the demo: {@code [nodes, default 4] [seconds, default 0 = until Ctrl-C]}. */
    public static void main(String[] args) throws InterruptedException {
        int nodes;
        int seconds;
        try {
            nodes = args.length > 0 ? number(args[0], "nodes", 1, MAX_NODES) : 4;
            seconds = args.length > 1 ? number(args[1], "seconds", 0, Integer.MAX_VALUE) : 0;
        }
        catch (IllegalArgumentException ex) {
            System.err.println(ex.getMessage());
            System.exit(2);
            return;
        }
        int httpPort = Integer.getInteger("demo.http-port", 8081);
        int meshPort = Integer.getInteger("demo.mesh-port", 7401);
        List<ConfigurableApplicationContext> contexts = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close(contexts);
            stopped.countDown();
        }, "demo-shutdown"));
        System.out.printf("Starting %d peermesh sample nodes on loopback...%n", nodes);
        for (int i = 0; i < nodes; i++) {
            try {
                contexts.add(start(i, nodes, httpPort, meshPort));
            }
            catch (RuntimeException ex) {
                System.err.printf("Node %d did not start (web port %d, mesh port %d): %s%n"
                        + "If a port is taken, move the demo: "
                        + "java -Ddemo.http-port=9081 -Ddemo.mesh-port=9401 -jar ...%n",
                        i + 1, httpPort + i, meshPort + i, rootCause(ex));
                close(contexts);
                System.exit(1);
            }
        }
        System.out.println();
        System.out.println("The demo mesh 'chat' is running. Open any of these pages:");
        for (int i = 0; i < nodes; i++) {
            System.out.printf("  node %d: http://localhost:%d/%n", i + 1, httpPort + i);
        }
        System.out.printf("API: curl -H 'Content-Type: application/json' -d '{\"topic\":\"general\",\"text\":\"hi\"}'"
                + " http://localhost:%d/api/messages ; curl http://localhost:%d/api/messages%n", httpPort,
                httpPort + nodes - 1);
        System.out.println(seconds > 0 ? "Stopping in " + seconds + " s (Ctrl-C stops sooner)."
                : "Press Ctrl-C to stop.");
        if (seconds > 0) {
            if (!stopped.await(seconds, TimeUnit.SECONDS)) {
                close(contexts);
                System.out.println("Demo finished.");
                System.exit(0);
            }
        }
        else {
            stopped.await();
        }
    }

    private static ConfigurableApplicationContext start(int index, int nodes, int httpPort, int meshPort) {
        List<String> seeds = new ArrayList<>();
        for (int j = 0; j < nodes; j++) {
            if (j != index) {
                seeds.add("127.0.0.1:" + (meshPort + j));
            }
        }
        // Arguments, not default properties: they must win over application.yml.
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", httpPort + index);
        properties.put("server.address", "127.0.0.1");
        properties.put("peermesh.port", meshPort + index);
        properties.put("peermesh.bind-address", "127.0.0.1");
        properties.put("peermesh.resolver.type", "static");
        properties.put("peermesh.resolver.static.seeds", String.join(",", seeds));
        properties.put("sample.public-url", "http://localhost:" + (httpPort + index) + "/");
        properties.put("spring.main.banner-mode", "off");
        properties.put("logging.level.root", "WARN");
        properties.put("logging.level.dev.peermesh", "WARN");
        properties.put("spring.jmx.enabled", "false");
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(SampleApplication.class).main(SampleApplication.class).run(args);
    }

    private static synchronized void close(List<ConfigurableApplicationContext> contexts) {
        for (ConfigurableApplicationContext context : contexts) {
            if (context.isActive()) {
                context.close();
            }
        }
    }

    private static String rootCause(Throwable ex) {
        Throwable cause = ex;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == ex ? ex.toString() : ex.getMessage() + " (" + cause + ")";
    }

    private static int number(String text, String what, int min, int max) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        }
        catch (NumberFormatException ex) {
            // reported below
        }
        throw new IllegalArgumentException("The demo's " + what + " argument is '" + text + "'; give a number from "
                + min + " to " + max + " (usage: demo [nodes] [seconds])");
    }
}
