package dev.peermesh.sample.api;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The body limit on {@code /api/*}. */
@Configuration(proxyBeanMethods = false)
public class ApiConfiguration {

    @Bean
    FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter() {
        FilterRegistrationBean<BodyLimitFilter> registration = new FilterRegistrationBean<>(new BodyLimitFilter());
        registration.addUrlPatterns("/api/*");
        return registration;
    }
}
