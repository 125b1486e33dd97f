package dev.peermesh.sample.api;

import dev.peermesh.web.BodyLimitFilter;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The body limit on {@code /api/*}. */
@Configuration(proxyBeanMethods = false)
public class ApiConfiguration {

    /** Largest request body: room for the longest topic and text, each character taking up to 4 UTF-8 bytes. */
    static final int MAX_BODY_BYTES = 16 * 1024;

    /**
     * A larger declared body is answered with 413 at once; a chunked body that grows past the limit fails while
     * being read, and {@link ApiProblems} answers the same 413.
     */
    @Bean
    FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter() {
        FilterRegistrationBean<BodyLimitFilter> registration = new FilterRegistrationBean<>(new BodyLimitFilter(
                MAX_BODY_BYTES, (request, response, declared) -> ApiProblems.bodyTooLarge(request, response)));
        registration.addUrlPatterns("/api/*");
        return registration;
    }
}
