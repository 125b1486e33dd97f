package dev.peermesh.stream;

import dev.peermesh.MeshNode;
import dev.peermesh.stream.group.GroupKey;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.stream.binder.BinderFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.MessageChannel;

/**
 * Spring Cloud Stream applications with the peermesh binder, started side by side on loopback in one mesh (each
 * seeded with the first); closing closes them all.
 */
final class StreamApps implements AutoCloseable {

    private final String meshId;

    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();

    StreamApps(String meshId) {
        this.meshId = meshId;
    }

    /** Starts an application of {@code source} with these properties over the mesh's and quick test timers. */
    ConfigurableApplicationContext start(Class<?> source, Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(Map.of(
                "spring.main.web-application-type", "none",
                "spring.main.banner-mode", "off",
                "peermesh.mesh-id", meshId,
                "peermesh.password", "Stream-Binder-Pass-1",
                "peermesh.bind-address", "127.0.0.1",
                "peermesh.maintenance-interval", "250ms",
                "peermesh.keepalive.interval", "500ms",
                "peermesh.leave-timeout", "1s",
                "spring.cloud.stream.peermesh.binder.group-heartbeat-interval", "200ms",
                "spring.cloud.stream.peermesh.binder.group-member-timeout", "1s"));
        all.put("spring.cloud.bus.enabled", "false");
        all.put("spring.cloud.bus.id", "app-" + (apps.size() + 1));
        if (!apps.isEmpty()) {
            all.put("peermesh.resolver.static.seeds", node(apps.get(0)).address().toString());
        }
        all.putAll(properties);
        ConfigurableApplicationContext app = new SpringApplicationBuilder(source).properties(all).run();
        apps.add(app);
        return app;
    }

    static MeshNode node(ConfigurableApplicationContext app) {
        return app.getBean(MeshNode.class);
    }

    /** The application's peermesh binder (made when its first binding was bound). */
    static PeermeshMessageChannelBinder binder(ConfigurableApplicationContext app) {
        return (PeermeshMessageChannelBinder) app.getBean(BinderFactory.class).getBinder("peermesh",
                MessageChannel.class);
    }

    /** The members of the group as the application's node knows them. */
    static List<Long> members(ConfigurableApplicationContext app, String destination, String group) {
        return binder(app).getGroups().members(new GroupKey(destination, group));
    }

    @Override
    public void close() {
        for (int i = apps.size() - 1; i >= 0; i--) {
            apps.get(i).close();
        }
    }
}
