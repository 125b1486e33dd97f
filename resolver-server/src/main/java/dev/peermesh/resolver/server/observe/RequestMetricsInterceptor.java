package dev.peermesh.resolver.server.observe;

import java.util.concurrent.TimeUnit;

import dev.peermesh.resolver.server.api.ApiExceptionHandler;
import dev.peermesh.resolver.server.api.RegistrationController;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Times every call of {@link RegistrationController} into {@link MeterNames#REQUESTS}, tagged with the operation
 * (the controller method's name) and an outcome from a fixed set.
 */
final class RequestMetricsInterceptor implements HandlerInterceptor {

    private static final String START = RequestMetricsInterceptor.class.getName() + ".start";

    private final MeterRegistry registry;

    RequestMetricsInterceptor(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        request.setAttribute(START, System.nanoTime());
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
            @Nullable Exception ex) {
        if (!(handler instanceof HandlerMethod method) || method.getBeanType() != RegistrationController.class
                || !(request.getAttribute(START) instanceof Long start)) {
            return;
        }
        Timer.builder(MeterNames.REQUESTS).description("Resolver API requests by operation and outcome")
                .tag(MeterNames.OPERATION, method.getMethod().getName())
                .tag(MeterNames.OUTCOME, outcome(request, response.getStatus(), ex))
                .register(registry).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    static String outcome(HttpServletRequest request, int status, @Nullable Exception ex) {
        if (ex != null || status >= 500) {
            return "error";
        }
        if (status < 400) {
            return "success";
        }
        if (status == 404) {
            return "not_found";
        }
        if (status == 409) {
            return "limit".equals(request.getAttribute(ApiExceptionHandler.OUTCOME_ATTRIBUTE)) ? "limit" : "conflict";
        }
        return "invalid";
    }
}
