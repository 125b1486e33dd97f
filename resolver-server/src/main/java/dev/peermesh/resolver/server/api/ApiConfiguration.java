package dev.peermesh.resolver.server.api;

import dev.peermesh.resolver.server.config.ResolverServerProperties;
import dev.peermesh.web.BodyLimitFilter;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;

/**
 * Registers the {@link RateLimitFilter} for every path, before authentication, and the {@link BodyLimitFilter}
 * ({@value #MAX_BODY_BYTES} bytes), after it.
 *
 * <p>Imported by component scanning.
 */
@Configuration(proxyBeanMethods = false)
public class ApiConfiguration {

    /** Before authentication (order +10): a flood is turned away before a token is even looked at. */
    static final int RATE_LIMIT_ORDER = Ordered.HIGHEST_PRECEDENCE + 5;

    /** Largest request body accepted: 4 KiB, plenty for a registration with the most addresses. */
    static final int MAX_BODY_BYTES = 4096;

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

    /** Right after the rate limit: a path with a ';' is refused before anything reads an id from it. */
    @Bean
    FilterRegistrationBean<PathParameterFilter> pathParameterFilter(ProblemWriter problems) {
        FilterRegistrationBean<PathParameterFilter> registration = new FilterRegistrationBean<>(
                new PathParameterFilter(problems));
        registration.setOrder(RATE_LIMIT_ORDER + 1);
        return registration;
    }

    /** Tomcat's own error answers (before the application) as problem documents, replacing its HTML report. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReports() {
        return new WebServerFactoryCustomizer<>() {
            @Override
            public void customize(TomcatServletWebServerFactory factory) {
                factory.addContextCustomizers(context -> {
                    if (context.getParent() instanceof StandardHost host) {
                        // the host adds a valve of this class at start unless one is there: make it ours
                        host.setErrorReportValveClass(ProblemReportValve.class.getName());
                    }
                    Pipeline pipeline = context.getParent().getPipeline();
                    for (Valve valve : pipeline.getValves()) {
                        if (valve instanceof ErrorReportValve) {
                            pipeline.removeValve(valve);
                        }
                    }
                    pipeline.addValve(new ProblemReportValve());
                });
            }
        };
    }

    /**
     * A larger declared body is answered with 400 at once; a chunked body that grows past the limit fails while
     * being read, and {@link ApiExceptionHandler} answers the same 400.
     */
    @Bean
    FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(ProblemWriter problems) {
        FilterRegistrationBean<BodyLimitFilter> registration = new FilterRegistrationBean<>(new BodyLimitFilter(
                MAX_BODY_BYTES, (request, response, declared) -> problems.write(request, response,
                        HttpStatus.BAD_REQUEST, bodyTooLarge(declared))));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

    /** The problem's detail for a body of {@code bytes} (declared, or seen so far) over {@link #MAX_BODY_BYTES}. */
    static String bodyTooLarge(long bytes) {
        return "The request body is longer than " + MAX_BODY_BYTES + " bytes (" + bytes + " bytes seen); send at most "
                + MAX_BODY_BYTES + " bytes: fewer or shorter addresses";
    }
}
