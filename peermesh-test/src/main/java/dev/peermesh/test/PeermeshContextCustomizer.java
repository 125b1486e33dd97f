package dev.peermesh.test;

import dev.peermesh.MeshNode;

import java.util.HashMap;
import java.util.Map;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Starts the {@link TestMesh} of an {@link AutoConfigurePeermesh} test, points the application's node at it with
 * properties that take precedence over the application's, registers the mesh as the bean {@value #BEAN_NAME}, holds
 * the context's start until the application's node joined, and stops the mesh with the context.
 */
final class PeermeshContextCustomizer implements ContextCustomizer {

    /** The bean name of the test mesh. */
    static final String BEAN_NAME = "peermeshTestMesh";

    /** The application's node starts at {@code MeshNodeLifecycle.PHASE}; this waits right after it. */
    private static final int JOIN_PHASE = Integer.MAX_VALUE / 4 + 1;

    private final int nodes;

    PeermeshContextCustomizer(int nodes) {
        this.nodes = nodes;
    }

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
        TestMesh mesh = TestMesh.builder().nodes(nodes).start();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("peermeshTestMesh",
                properties(mesh)));
        ConfigurableListableBeanFactory beans = context.getBeanFactory();
        beans.registerSingleton(BEAN_NAME, mesh);
        // stopped with the context's beans: when it closes, and when its start fails (no close event then)
        if (beans instanceof DefaultSingletonBeanRegistry registry) {
            registry.registerDisposableBean(BEAN_NAME, mesh::close);
        }
        else {
            context.addApplicationListener(event -> {
                if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
                    mesh.close();
                }
            });
        }
        beans.registerSingleton(BEAN_NAME + "Join", new JoinWait(context, mesh));
    }

    /** What makes the application's node a member of the test mesh. */
    static Map<String, Object> properties(TestMesh mesh) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("peermesh.mesh-id", mesh.meshId());
        properties.put("peermesh.password", mesh.password() == null ? "" : mesh.password());
        properties.put("peermesh.bind-address", "127.0.0.1");
        properties.put("peermesh.advertised-address", "127.0.0.1");
        properties.put("peermesh.port", "0");
        properties.put("peermesh.ssl.bundle", "");
        properties.put("peermesh.resolver.type", "static");
        properties.put("peermesh.resolver.static.seeds", String.join(",", mesh.seeds()));
        properties.put("peermesh.maintenance-interval", "250ms");
        properties.put("peermesh.keepalive.interval", "500ms");
        properties.put("peermesh.leave-timeout", "1s");
        return properties;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PeermeshContextCustomizer customizer && customizer.nodes == nodes;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(nodes);
    }

    /** Holds the context's start until the application's node is linked into the test mesh. */
    private static final class JoinWait implements SmartLifecycle {

        private final ConfigurableApplicationContext context;

        private final TestMesh mesh;

        private volatile boolean running;

        JoinWait(ConfigurableApplicationContext context, TestMesh mesh) {
            this.context = context;
            this.mesh = mesh;
        }

        @Override
        public void start() {
            MeshNode node = context.getBeanProvider(MeshNode.class).getIfUnique();
            if (node != null && node.isRunning()) {
                mesh.awaitJoined(node.nodeId());
            }
            running = true;
        }

        @Override
        public void stop() {
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return JOIN_PHASE;
        }
    }
}
