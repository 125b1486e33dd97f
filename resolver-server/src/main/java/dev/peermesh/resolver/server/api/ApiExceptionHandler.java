package dev.peermesh.resolver.server.api;

import java.time.Duration;

import dev.peermesh.log.PeerText;
import dev.peermesh.log.RateLimitedLog;
import dev.peermesh.resolver.server.store.RegistrationRejectedException;
import dev.peermesh.web.BodyTooLargeException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure of the API into an RFC 9457 problem whose {@code detail} says what was wrong and what to do:
 * rule breaks and unreadable bodies 400, unknown registrations 404, another node's registration and limits 409, an
 * unreachable store 503.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    /** Request attribute naming the request metric's outcome when the status alone does not tell it. */
    public static final String OUTCOME_ATTRIBUTE = ApiExceptionHandler.class.getName() + ".outcome";

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    /** Clients cause these on every request they abandon or misaddress: at most a line a minute per reason. */
    private final RateLimitedLog clientWarnings = new RateLimitedLog(log, Duration.ofMinutes(1));

    /** Every request finds the store down while it is: at most a line every 10 s. */
    private final RateLimitedLog storeWarnings = new RateLimitedLog(log, Duration.ofSeconds(10));

    private static final String EXPECTED_BODY = "send JSON like {\"nodeId\": \"5f1c0e2a9b7d4c31\", "
            + "\"addresses\": [\"10.0.0.7:7400\"]}";

    @ExceptionHandler
    ProblemDetail invalid(InvalidRequestException ex) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
    }

    @ExceptionHandler
    ProblemDetail rejected(RegistrationRejectedException ex, WebRequest request) {
        HttpStatus status = switch (ex.reason()) {
            case UNKNOWN_REGISTRATION -> HttpStatus.NOT_FOUND;
            case OTHER_NODE -> HttpStatus.CONFLICT;
            case NOT_OWNER -> HttpStatus.FORBIDDEN;
            case MESH_FULL, TOO_MANY_MESHES -> {
                request.setAttribute(OUTCOME_ATTRIBUTE, "limit", RequestAttributes.SCOPE_REQUEST);
                yield HttpStatus.CONFLICT;
            }
        };
        return ProblemDetail.forStatusAndDetail(status, ex.getMessage());
    }

    @ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessException.class })
    ProblemDetail storeUnreachable(Exception ex) {
        storeWarnings.warn("store-unreachable", "The registration store is unreachable: {}", ex.toString());
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "The registration store is "
                + "unreachable; try again shortly (the server's operators see why in its log and health)");
    }

    /**
     * As Spring's, but a response already committed — its client gave up mid-body or went away — is one rate-limited
     * line, not a WARN per request.
     */
    @Override
    protected @Nullable ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body,
            HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (request instanceof ServletWebRequest servlet && servlet.getResponse() != null
                && servlet.getResponse().isCommitted()) {
            clientWarnings.warn("abandoned", "A request was abandoned by its client or answered already: {}",
                    PeerText.escape(ex.toString(), 512));
            return null;
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    /** A problem with the Allow header, as Spring's, logged at most once a minute instead of on every request. */
    @Override
    protected @Nullable ResponseEntity<Object> handleHttpRequestMethodNotSupported(
            HttpRequestMethodNotSupportedException ex, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        clientWarnings.warn("wrong-method", "A request used a method the path does not take: {}",
                PeerText.escape(ex.getMessage(), 512));
        return handleExceptionInternal(ex, null, headers, status, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail;
        BodyTooLargeException tooLarge = find(ex, BodyTooLargeException.class);
        MismatchedInputException mismatch = find(ex, MismatchedInputException.class);
        if (tooLarge != null) {
            detail = ApiConfiguration.bodyTooLarge(tooLarge.bytesSeen());
        }
        else if (ex.getMessage() != null && ex.getMessage().startsWith("Required request body is missing")) {
            detail = "The request has no body; " + EXPECTED_BODY;
        }
        else if (mismatch != null && !mismatch.getPath().isEmpty()) {
            detail = "Field '" + path(mismatch) + "' has the wrong type ('nodeId' is a string, 'addresses' a list of "
                    + "strings); " + EXPECTED_BODY;
        }
        else {
            detail = "The request body is not valid JSON for this call (" + firstLine(ex) + "); " + EXPECTED_BODY;
        }
        return handleExceptionInternal(ex, ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail), headers,
                HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(ex, ProblemDetail.forStatusAndDetail(status, "Content-Type '"
                + ex.getContentType() + "' is not supported; send the body as application/json"), headers, status,
                request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(ex, ProblemDetail.forStatusAndDetail(status, "There is nothing at /"
                + ex.getResourcePath() + "; the API's paths are /v1/meshes/{meshId}/registrations[/{registrationId}]"
                + " and /v1/meshes/{meshId}/peers"), headers, status, request);
    }

    private static String path(MismatchedInputException mismatch) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : mismatch.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            }
            else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static <T extends Throwable> @Nullable T find(Throwable ex, Class<T> type) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    private static String firstLine(HttpMessageNotReadableException ex) {
        String message = String.valueOf(ex.getMostSpecificCause().getMessage());
        int end = message.indexOf('\n');
        String line = end < 0 ? message : message.substring(0, end);
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }
}
