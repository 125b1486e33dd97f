package dev.peermesh.resolver.server.config;

import java.time.Clock;

import dev.peermesh.resolver.server.store.InMemoryRegistrationStore;
import dev.peermesh.resolver.server.store.RedisRegistrationStore;
import dev.peermesh.resolver.server.store.RegistrationStore;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registration store chosen by {@code peermesh.resolver-server.store}, and the clock its leases run on.
 *
 * <p>{@code peermesh.resolver-server.store=redis} with {@code spring.data.redis.host=redis}
 */
@Configuration(proxyBeanMethods = false)
public class StoreConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock resolverClock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnProperty(prefix = ResolverServerProperties.PREFIX, name = "store", havingValue = "memory",
            matchIfMissing = true)
    RegistrationStore inMemoryRegistrationStore(ResolverServerProperties properties, Clock clock) {
        return new InMemoryRegistrationStore(clock, properties.getLease(), properties.getMaxRegistrationsPerMesh(),
                properties.getMaxMeshes(), properties.getOwnerRetention());
    }

    @Bean
    @ConditionalOnProperty(prefix = ResolverServerProperties.PREFIX, name = "store", havingValue = "redis")
    RegistrationStore redisRegistrationStore(ResolverServerProperties properties, StringRedisTemplate redis,
            JsonMapper json) {
        return new RedisRegistrationStore(redis, json, properties.getLease(),
                properties.getMaxRegistrationsPerMesh(), properties.getMaxMeshes(), properties.getOwnerRetention());
    }
}
