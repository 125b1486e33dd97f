package dev.peermesh.resolver.server.config;

import dev.peermesh.resolver.server.store.RegistrationStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Sweeps the store every {@code peermesh.resolver-server.sweep-interval}: expired registrations and empty meshes
 * go, and the store's statistics are brought up to date.
 *
 * <p>Expired registrations are hidden from answers before the sweep; the sweep bounds the memory they hold.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class SweepScheduling implements SchedulingConfigurer {

    private static final Logger logger = LoggerFactory.getLogger(SweepScheduling.class);

    private final RegistrationStore store;

    private final ResolverServerProperties properties;

    SweepScheduling(RegistrationStore store, ResolverServerProperties properties) {
        this.store = store;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::sweep, properties.getSweepInterval());
    }

    private void sweep() {
        try {
            store.sweep();
        }
        catch (RuntimeException ex) {
            logger.warn("Sweeping expired registrations failed; trying again in {}: {}",
                    properties.getSweepInterval(), ex.toString());
        }
    }
}
