package dev.peermesh.resolver.server.api;

import dev.peermesh.resolver.server.config.ResolverServerProperties;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Registers the {@link RateLimitFilter} for every path, before authentication, and the {@link BodyLimitFilter},
 * after it.
 *
 * <p>Imported by component scanning.
 */
@Configuration(proxyBeanMethods = false)
public class ApiConfiguration {

    /** Before authentication (order +10): a flood is turned away before a token is even looked at. */
    static final int RATE_LIMIT_ORDER = Ordered.HIGHEST_PRECEDENCE + 5;

    @Bean
    FilterRegistrationBean<RateLimitFilter> rateLimitFilter(ResolverServerProperties properties, Clock clock,
            Environment environment, ProblemWriter problems, MeterRegistry registry) {
        ResolverServerProperties.RateLimit limit = properties.getRateLimit();
        String base = environment.getProperty("management.endpoints.web.base-path", "/actuator");
        String health = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/health";
        FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(new RateLimitFilter(
                new ClientRateLimiter(limit.getRequestsPerSecond(), limit.getBurst(), limit.getMaxClients(), clock),
                health, problems, registry));
        registration.setOrder(RATE_LIMIT_ORDER);
        registration.setEnabled(limit.getRequestsPerSecond() > 0);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(ProblemWriter problems) {
        FilterRegistrationBean<BodyLimitFilter> registration = new FilterRegistrationBean<>(
                new BodyLimitFilter(problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }
}
