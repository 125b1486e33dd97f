package dev.peermesh.resolver.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Leaves Spring Boot's Redis auto-configuration out unless {@code peermesh.resolver-server.store=redis}, so that a
 * server keeping registrations in memory neither connects to Redis nor reports a Redis health that is DOWN.
 *
 * <p>Registered in {@code META-INF/spring.factories}; adds to any {@code spring.autoconfigure.exclude} the user set.
 */
public final class RedisSwitch implements EnvironmentPostProcessor {

    /** Spring Boot's auto-configurations that connect to Redis or report on it. */
    static final List<String> REDIS_AUTO_CONFIGURATIONS = List.of(
            "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.health."
                    + "DataRedisReactiveHealthContributorAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration");

    private static final String EXCLUDE = "spring.autoconfigure.exclude";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String store = environment.getProperty(ResolverServerProperties.PREFIX + ".store", "memory");
        if ("redis".equalsIgnoreCase(store.trim())) {
            return;
        }
        List<String> excluded = new ArrayList<>(Binder.get(environment).bind(EXCLUDE, String[].class)
                .map(List::of).orElse(List.of()));
        excluded.addAll(REDIS_AUTO_CONFIGURATIONS);
        environment.getPropertySources().addFirst(new MapPropertySource("peermeshResolverServerStore",
                Map.of(EXCLUDE, String.join(",", excluded))));
    }
}
