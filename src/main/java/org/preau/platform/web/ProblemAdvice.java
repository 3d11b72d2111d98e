package org.preau.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.UUID;
import org.preau.platform.web.forms.FormErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.validation.BindException;
import org.springframework.validation.BindingResult;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingPathVariableException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one translation of exceptions into answers, for every controller of every module: a {@link Problem} as it is,
 * Spring's own refusals (no such page, a malformed id, a missing parameter, an upload over the limit...) as the
 * matching problem, a database that does not answer as 503 "retry in a moment", and anything unexpected as 500 with
 * a reference the reader can quote (the stack trace goes to the log, never to the page). Written by
 * {@link ProblemResponses}: a page for browsers, problem details for API clients.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    private final ProblemResponses responses;
    private final UploadLimits uploads;

    ProblemAdvice(ProblemResponses responses, UploadLimits uploads) {
        this.responses = responses;
        this.uploads = uploads;
    }

    @ExceptionHandler(Problem.class)
    void problem(Problem problem, HttpServletRequest request, HttpServletResponse response) throws IOException {
        responses.write(request, response, problem);
    }

    /** Spring Security decides these (log-in page for the signed-out, 403 page for the others). */
    @ExceptionHandler({AccessDeniedException.class, AuthenticationException.class})
    void security(RuntimeException e) {
        throw e;
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    void notFound(Exception e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        responses.write(request, response, Problem.notFound());
    }

    /** A malformed id in the path is a page that does not exist; a malformed parameter is a bad request. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    void typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        boolean inPath =
                e.getParameter().hasParameterAnnotation(org.springframework.web.bind.annotation.PathVariable.class);
        responses.write(
                request,
                response,
                inPath ? Problem.notFound() : Problem.badRequest("problem.badParameter", e.getName()));
    }

    @ExceptionHandler(MissingPathVariableException.class)
    void missingPath(Exception e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        responses.write(request, response, Problem.notFound());
    }

    @ExceptionHandler({ServletRequestBindingException.class, HttpMessageNotReadableException.class})
    void badRequest(Exception e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        log.debug("Bad request {}: {}", request.getRequestURI(), e.getMessage());
        responses.write(request, response, Problem.badRequest("problem.badRequest"));
    }

    /** Bean Validation or binding errors that no controller turned into its form: listed by field. */
    @ExceptionHandler(BindException.class)
    void bind(BindException e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        responses.write(request, response, fromBinding(e.getBindingResult()));
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    void methodValidation(HandlerMethodValidationException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        responses.write(request, response, Problem.badRequest("problem.badRequest"));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    void method(Exception e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        responses.write(request, response, new Problem(HttpStatus.METHOD_NOT_ALLOWED, "problem.method"));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    void mediaType(Exception e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        responses.write(request, response, new Problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "problem.mediaType"));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    void notAcceptable(Exception e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        responses.write(request, response, new Problem(HttpStatus.NOT_ACCEPTABLE, "problem.notAcceptable"));
    }

    /** An upload over the request limit never reaches the form's controller: say the limit, and link back. */
    @ExceptionHandler(MaxUploadSizeExceededException.class)
    void tooLarge(Exception e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        responses.write(
                request,
                response,
                new Problem(HttpStatus.CONTENT_TOO_LARGE, "problem.tooLarge", uploads.requestMegabytes()));
    }

    @ExceptionHandler(MultipartException.class)
    void multipart(MultipartException e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (causedByTooLarge(e)) {
            tooLarge(e, request, response);
            return;
        }
        log.debug("Unreadable upload to {}: {}", request.getRequestURI(), e.getMessage());
        responses.write(request, response, Problem.badRequest("problem.badUpload"));
    }

    /**
     * The database is slow or unreachable: nothing was written (the transaction rolled back, or never began because
     * the pool had no connection to give within its wait), retry shortly.
     */
    @ExceptionHandler({
        CannotGetJdbcConnectionException.class,
        org.springframework.transaction.CannotCreateTransactionException.class,
        DataAccessResourceFailureException.class,
        QueryTimeoutException.class,
        TransientDataAccessException.class
    })
    void database(Exception e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        log.warn(
                "Database unavailable for {} {}: {} ({}): {}",
                request.getMethod(),
                request.getRequestURI(),
                e.getClass().getSimpleName(),
                firstLine(NestedExceptionUtils.getMostSpecificCause(e).getMessage()),
                firstLine(e.getMessage()));
        responses.write(request, response, databaseBusy());
    }

    /**
     * One line per refusal in the log: a JDBC failure's message holds its whole SQL, over many lines, and the cause
     * that says why (a statement timeout, a broken connection) came after it, cut off in the log's summaries.
     */
    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        String line = end < 0 ? message : message.substring(0, end);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    /** "The database is not answering, retry in 10 s": the answer for every failure {@link #database} handles. */
    static Problem databaseBusy() {
        return new Problem(HttpStatus.SERVICE_UNAVAILABLE, "problem.database").retryAfter(Duration.ofSeconds(10));
    }

    /**
     * Whether a failure that reached the servlet container (from a filter, outside MVC) is one {@link #database} or
     * {@link #transaction} answers as the database not answering.
     */
    static boolean databaseNotAnswering(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CannotGetJdbcConnectionException
                    || t instanceof org.springframework.transaction.CannotCreateTransactionException
                    || t instanceof QueryTimeoutException
                    || t instanceof TransientDataAccessException) {
                return true;
            }
        }
        return connectionLost(e);
    }

    /**
     * A commit or rollback whose connection broke (a socket timeout while PostgreSQL was starved of CPU, a connection
     * cut): the database did not answer, which is the 503 above with its Retry-After, not a 500 with a reference.
     * Any other transaction failure is unexpected.
     */
    @ExceptionHandler(TransactionSystemException.class)
    void transaction(TransactionSystemException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (connectionLost(e) || (e.getApplicationException() != null && connectionLost(e.getApplicationException()))) {
            database(e, request, response);
        } else {
            unexpected(e, request, response);
        }
    }

    /** Whether a connection failure (SQL state class 08, or an I/O error on the socket) is among the causes. */
    static boolean connectionLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.io.IOException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("08")) {
                return true;
            }
            if (t instanceof DataAccessResourceFailureException) {
                return true;
            }
        }
        return false;
    }

    @ExceptionHandler(Exception.class)
    void unexpected(Exception e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (causedByTooLarge(e)) {
            // The container refused the upload when a filter first read the form (a browser's CSRF field is in the
            // body), and raises its own exception, not Spring's, again wherever the form is read: the same answer.
            tooLarge(e, request, response);
            return;
        }
        if (e instanceof ErrorResponse spring && spring.getStatusCode().value() < 500) {
            // Spring's other refusals that carry their own status (a ResponseStatusException...).
            responses.write(request, response, forStatus(spring.getStatusCode().value()));
            return;
        }
        String reference = UUID.randomUUID().toString().substring(0, 8);
        log.error("Unexpected error {} on {} {}", reference, request.getMethod(), request.getRequestURI(), e);
        responses.write(
                request,
                response,
                new Problem(HttpStatus.INTERNAL_SERVER_ERROR, "problem.unexpected", reference)
                        .with("reference", reference));
    }

    /** The problem for a bare status (Tomcat's or Spring's own errors). */
    static Problem forStatus(int status) {
        return switch (status) {
            case 400 -> Problem.badRequest("problem.badRequest");
            case 401, 403 -> Problem.forbidden();
            case 404 -> Problem.notFound();
            case 405 -> new Problem(HttpStatus.METHOD_NOT_ALLOWED, "problem.method");
            case 413 -> new Problem(HttpStatus.CONTENT_TOO_LARGE, "problem.tooLarge.generic");
            case 415 -> new Problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "problem.mediaType");
            case 429 -> new Problem(HttpStatus.TOO_MANY_REQUESTS, "problem.tooMany");
            case 503 -> new Problem(HttpStatus.SERVICE_UNAVAILABLE, "problem.unavailable");
            default -> {
                HttpStatus resolved = HttpStatus.resolve(status);
                if (resolved != null && resolved.is4xxClientError()) {
                    yield new Problem(resolved, "problem.badRequest");
                }
                yield new Problem(HttpStatus.INTERNAL_SERVER_ERROR, "problem.unexpected.noReference");
            }
        };
    }

    static Problem fromBinding(BindingResult binding) {
        var fields = new LinkedHashMap<String, Problem.Message>();
        binding.getFieldErrors().forEach(f -> fields.putIfAbsent(f.getField(), FormErrors.message(f)));
        return fields.isEmpty() ? Problem.badRequest("problem.badRequest") : Problem.invalid(fields);
    }

    static boolean causedByTooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String name = t.getClass().getSimpleName();
            if (t instanceof MaxUploadSizeExceededException
                    || name.contains("SizeLimitExceeded")
                    || name.contains("SizeException")) {
                return true;
            }
        }
        return false;
    }
}
