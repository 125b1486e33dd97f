package dev.peermesh.resolver.server.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page ({@code /error}) as a problem document instead of Boot's default error JSON: what a
 * filter or the container refuses with {@code sendError} is answered like every other error of the API.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value) : HttpStatus.NOT_FOUND;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, status == HttpStatus.NOT_FOUND
                ? "There is nothing here; the API's paths are /v1/meshes/{meshId}/registrations[/{registrationId}] "
                        + "and /v1/meshes/{meshId}/peers"
                : "The request failed: " + status.getReasonPhrase());
        if (uri != null) {
            try {
                problem.setInstance(java.net.URI.create(String.valueOf(uri)));
            }
            catch (IllegalArgumentException ex) {
                // a path Tomcat took but java.net.URI does not: the problem goes without its instance
            }
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
