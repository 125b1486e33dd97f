package dev.peermesh.sample;

import dev.peermesh.MeshNode;
import dev.peermesh.NodeId;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Sample applications started side by side in this JVM on loopback with free ports and test-speed timers, each
 * seeded with the first one's mesh port. Closing closes them all.
 */
public final class SampleNodes implements AutoCloseable {

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    /** Starts a node; the properties go on top of the test defaults. */
    public ConfigurableApplicationContext start(Map<String, Object> properties) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("server.port", 0);
        all.put("server.address", "127.0.0.1");
        all.put("peermesh.port", 0);
        all.put("peermesh.bind-address", "127.0.0.1");
        all.put("peermesh.maintenance-interval", "250ms");
        all.put("peermesh.keepalive.interval", "500ms");
        all.put("peermesh.leave-timeout", "1s");
        all.put("peermesh.resolver.static.seeds", contexts.isEmpty() ? "" : "127.0.0.1:" + meshPort(contexts.get(0)));
        all.put("sample.topology.interval", "300ms");
        all.put("sample.topology.expiry", "2s");
        all.put("sample.stream.heartbeat", "1s");
        all.put("spring.main.banner-mode", "off");
        all.put("spring.jmx.enabled", "false");
        all.putAll(properties);
        // As arguments, which win over application.yml (default properties would not).
        String[] args = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
                .main(SampleApplication.class).run(args);
        contexts.add(context);
        return context;
    }

    /** Starts a node with the test defaults. */
    public ConfigurableApplicationContext start() {
        return start(Map.of());
    }

    /** The base URL of a node's web server, {@code http://127.0.0.1:port}. */
    public static String url(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    /** A node's id as the API shows it. */
    public static String nodeId(ConfigurableApplicationContext context) {
        return NodeId.format(context.getBean(MeshNode.class).nodeId());
    }

    private static int meshPort(ConfigurableApplicationContext context) {
        return context.getBean(MeshNode.class).address().port();
    }

    @Override
    public void close() {
        contexts.forEach(ConfigurableApplicationContext::close);
        contexts.clear();
    }
}
