package dev.peermesh.sample.api;

import dev.peermesh.PublishRejectedException;
import dev.peermesh.sample.chat.InvalidMessageException;
import dev.peermesh.sample.stream.TooManySubscribersException;
import dev.peermesh.web.BodyTooLargeException;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.messaging.MessagingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Answers bad requests and refusals with RFC 9457 problem details ({@code application/problem+json}) that say what
 * was wrong and what to do: 400 for an invalid message or unreadable body, 413 for a body or message too large,
 * 503 when the mesh or the event streams cannot take more. Spring MVC's own errors (unsupported media type,
 * unknown method, ...) are problem details too, from the base class.
 */
@RestControllerAdvice
public class ApiProblems extends ResponseEntityExceptionHandler {

    /** For the answer the body limit filter writes before Spring MVC runs: the same JSON as MVC's own answers. */
    private static final JacksonJsonHttpMessageConverter FILTER_JSON = new JacksonJsonHttpMessageConverter();

    @ExceptionHandler(InvalidMessageException.class)
    ResponseEntity<ProblemDetail> invalidMessage(InvalidMessageException ex) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid message", ex.getMessage());
        problem.setProperty("field", ex.field());
        return answer(problem);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = causedBy(ex, BodyTooLargeException.class) != null ? bodyTooLarge()
                : problem(HttpStatus.BAD_REQUEST, "Unreadable body", "Send a JSON object like "
                        + "{\"topic\":\"general\",\"text\":\"hello\"} with Content-Type application/json");
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    @ExceptionHandler(MessagingException.class)
    ResponseEntity<ProblemDetail> notPublished(MessagingException ex) {
        PublishRejectedException rejected = causedBy(ex, PublishRejectedException.class);
        if (rejected == null) {
            throw ex;
        }
        HttpStatus status;
        switch (rejected.cause()) {
            case TOO_LARGE:
                status = HttpStatus.CONTENT_TOO_LARGE;
                break;
            case INVALID:
                status = HttpStatus.BAD_REQUEST;
                break;
            default:
                status = HttpStatus.SERVICE_UNAVAILABLE;
        }
        return answer(problem(status, "Message not published", rejected.getMessage()));
    }

    @ExceptionHandler(TooManySubscribersException.class)
    ResponseEntity<ProblemDetail> tooManySubscribers(TooManySubscribersException ex) {
        return answer(problem(HttpStatus.SERVICE_UNAVAILABLE, "Too many event streams", ex.getMessage()));
    }

    /** Answers a request whose declared body is over the limit, from the body limit filter. */
    static void bodyTooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ProblemDetail problem = bodyTooLarge();
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(problem.getStatus());
        FILTER_JSON.write(problem, MediaType.APPLICATION_PROBLEM_JSON, new ServletServerHttpResponse(response));
    }

    private static ProblemDetail bodyTooLarge() {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "Body too large", "The request body is larger than "
                + ApiConfiguration.MAX_BODY_BYTES + " bytes; send a shorter message");
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

    /** With the content type set, so the answer is written even to a client that asked for an event stream. */
    private static ResponseEntity<ProblemDetail> answer(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static <T extends Throwable> @Nullable T causedBy(Throwable ex, Class<T> type) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
