package dev.peermesh.resolver.server.auth;

import java.io.IOException;
import java.security.cert.X509Certificate;

import dev.peermesh.resolver.server.api.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a request through when it shows a client certificate the TLS handshake verified, or one of the bearer
 * tokens; otherwise answers {@code 401} with {@code WWW-Authenticate: Bearer}. Health ({@code <base>/health} and
 * below) stays open, so container health checks need no token.
 *
 * <p>Registered for every path by {@link AuthConfiguration}.
 */
public final class BearerTokenFilter extends OncePerRequestFilter {

    private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    private static final String BEARER = "Bearer ";

    private final AuthenticationPolicy policy;

    private final String healthPath;

    private final ProblemWriter problems;

    /** Creates the filter; {@code healthPath} is the actuator health path, {@code /actuator/health} by default. */
    public BearerTokenFilter(AuthenticationPolicy policy, String healthPath, ProblemWriter problems) {
        this.policy = policy;
        this.healthPath = healthPath;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!policy.tokensRequired() || isHealth(request) || hasClientCertificate(request)) {
            chain.doFilter(request, response);
            return;
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"peermesh-resolver\"");
            problems.write(request, response, HttpStatus.UNAUTHORIZED, "The request has no bearer token; send "
                    + "'Authorization: Bearer <token>' with a token from peermesh.resolver-server.auth.tokens");
            return;
        }
        if (!policy.acceptsToken(authorization.substring(BEARER.length()).trim())) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
                    "Bearer realm=\"peermesh-resolver\", error=\"invalid_token\"");
            problems.write(request, response, HttpStatus.UNAUTHORIZED, "The bearer token is not one of "
                    + "peermesh.resolver-server.auth.tokens; check the client's token, it may have been rotated");
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean isHealth(HttpServletRequest request) {
        // the container's decoded and normalised path (no '..', no ';' parameters), not the raw URI
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.equals(healthPath) || path.startsWith(healthPath + "/");
    }

    private static boolean hasClientCertificate(HttpServletRequest request) {
        return request.getAttribute(CERTIFICATES) instanceof X509Certificate[] certificates
                && certificates.length > 0;
    }
}
