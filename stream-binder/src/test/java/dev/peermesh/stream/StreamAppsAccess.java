package dev.peermesh.stream;

import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;

/** {@link StreamApps} for tests in other packages. */
public final class StreamAppsAccess implements AutoCloseable {

    private final StreamApps apps;

    public StreamAppsAccess(String meshId) {
        this.apps = new StreamApps(meshId);
    }

    public ConfigurableApplicationContext start(Class<?> source, Map<String, Object> properties) {
        return apps.start(source, properties);
    }

    public boolean online(ConfigurableApplicationContext app) {
        return StreamApps.node(app).state().online();
    }

    @Override
    public void close() {
        apps.close();
    }
}
