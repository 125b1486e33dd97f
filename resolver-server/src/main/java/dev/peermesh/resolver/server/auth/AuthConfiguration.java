package dev.peermesh.resolver.server.auth;

import dev.peermesh.resolver.server.api.ProblemWriter;
import dev.peermesh.resolver.server.config.ResolverServerProperties;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * The authentication policy (checked at start-up) and the filter that applies it to every request but health.
 *
 * <p>Actuator endpoints other than health (metrics, prometheus, info) need a token like the API.
 */
@Configuration(proxyBeanMethods = false)
public class AuthConfiguration {

    /** The filter runs first, so an unauthenticated request costs no body reading. */
    static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    @Bean
    AuthenticationPolicy authenticationPolicy(ResolverServerProperties properties, Environment environment) {
        return new AuthenticationPolicy(properties, environment);
    }

    @Bean
    FilterRegistrationBean<BearerTokenFilter> bearerTokenFilter(AuthenticationPolicy policy, Environment environment,
            ProblemWriter problems) {
        String base = environment.getProperty("management.endpoints.web.base-path", "/actuator");
        String health = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/health";
        FilterRegistrationBean<BearerTokenFilter> registration = new FilterRegistrationBean<>(
                new BearerTokenFilter(policy, health, problems));
        registration.setOrder(FILTER_ORDER);
        return registration;
    }
}
