package dev.peermesh.resolver.server.observe;

import dev.peermesh.resolver.server.config.ResolverServerProperties;
import dev.peermesh.resolver.server.store.RegistrationStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The request timer, the store gauges and the {@code registrationStore} health component.
 *
 * <p>{@code GET /actuator/metrics/peermesh.resolver.server.requests?tag=operation:register}
 */
@Configuration(proxyBeanMethods = false)
public class ObservabilityConfiguration implements WebMvcConfigurer {

    private final ObjectProvider<MeterRegistry> registry;

    ObservabilityConfiguration(ObjectProvider<MeterRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public void addInterceptors(InterceptorRegistry interceptors) {
        MeterRegistry meters = registry.getIfAvailable();
        if (meters != null) {
            interceptors.addInterceptor(new RequestMetricsInterceptor(meters)).addPathPatterns("/v1/**");
        }
    }

    @Bean
    MeterBinder registrationStoreGauges(RegistrationStore store) {
        return meters -> {
            Gauge.builder(MeterNames.REGISTRATIONS, store, s -> s.statistics().registrations())
                    .description("Live registrations in all meshes").register(meters);
            Gauge.builder(MeterNames.MESHES, store, s -> s.statistics().meshes())
                    .description("Meshes with at least one live registration").register(meters);
        };
    }

    @Bean
    HealthIndicator registrationStore(RegistrationStore store, ResolverServerProperties properties) {
        return () -> {
            try {
                store.check();
                return Health.up().withDetail("store", properties.getStore().name().toLowerCase())
                        .withDetail("registrations", store.statistics().registrations())
                        .withDetail("meshes", store.statistics().meshes()).build();
            }
            catch (RuntimeException ex) {
                return Health.down(ex).withDetail("store", properties.getStore().name().toLowerCase()).build();
            }
        };
    }
}
