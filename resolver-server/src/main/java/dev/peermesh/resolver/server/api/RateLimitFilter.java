package dev.peermesh.resolver.server.api;

import dev.peermesh.log.PeerText;
import dev.peermesh.log.RateLimitedLog;
import dev.peermesh.resolver.server.observe.MeterNames;

import java.io.IOException;
import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers a client over its request rate ({@code peermesh.resolver-server.rate-limit.*}) with 429 and
 * {@code Retry-After}, before authentication, so a flood costs the server little. Health is exempt, like from
 * authentication. Each refusal is counted ({@link MeterNames#REJECTED}, reason {@code rate-limit}) and logged, at
 * most one line every 10 seconds.
 */
public final class RateLimitFilter extends OncePerRequestFilter {

    private static final RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(RateLimitFilter.class),
            Duration.ofSeconds(10));

    private final ClientRateLimiter limiter;

    private final String healthPath;

    private final ProblemWriter problems;

    private final Counter rejected;

    RateLimitFilter(ClientRateLimiter limiter, String healthPath, ProblemWriter problems, MeterRegistry registry) {
        this.limiter = limiter;
        this.healthPath = healthPath;
        this.problems = problems;
        this.rejected = Counter.builder(MeterNames.REJECTED).tag(MeterNames.REASON, "rate-limit")
                .description("Requests refused before they were served").register(registry);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        if (path.equals(healthPath) || path.startsWith(healthPath + "/")
                || limiter.tryAcquire(request.getRemoteAddr())) {
            chain.doFilter(request, response);
            return;
        }
        rejected.increment();
        log.warn("rate-limit", "Client {} is over its request rate; answered 429 to {} {}", request.getRemoteAddr(),
                PeerText.escape(request.getMethod()), PeerText.escape(path)); // the client's text: escaped
        response.setHeader(HttpHeaders.RETRY_AFTER, "1");
        problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "Client " + request.getRemoteAddr()
                + " sent more requests than peermesh.resolver-server.rate-limit allows; retry after a second");
    }
}
