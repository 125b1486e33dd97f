package dev.peermesh.resolver.server.api;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a path with a {@code ;}: the servlet container reads what follows it in a segment as path parameters and
 * drops them, so {@code /v1/meshes/mx-mesh;x=1/peers} would silently be mesh {@code mx-mesh}. No id of the API has a
 * {@code ;}, so such a request is answered 400 with what to change instead of being served for another mesh.
 */
class PathParameterFilter extends OncePerRequestFilter {

    private final ProblemWriter problems;

    PathParameterFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getRequestURI().indexOf(';') >= 0) {
            problems.write(request, response, HttpStatus.BAD_REQUEST, "The path has a ';': mesh ids and "
                    + "registration ids cannot contain one, and the server does not cut a path parameter off to serve "
                    + "another mesh; use the id alone, as /v1/meshes/{meshId}/...");
            return;
        }
        chain.doFilter(request, response);
    }
}
