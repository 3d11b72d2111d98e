package org.preau.platform.web;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;

/**
 * The one way to refuse a request: an HTTP status and a message key (with its arguments) that the reader
 * understands, in their language. Services throw it before anything is written, or inside the transaction so that
 * nothing is kept. {@link ProblemAdvice} and {@link ProblemResponses} turn it into the reader's answer: an
 * accessible page for a browser, RFC 9457 problem details for an API client, both with the translated message.
 *
 * <p>A refusal about the fields of a form carries them ({@link #fields()}: field name → message), so that the form
 * is shown again with an error summary linking to each field, and the API lists them under {@code fields}.
 */
public class Problem extends RuntimeException {

    /** A message key of some module's bundle, with its arguments. */
    public record Message(String key, List<Object> args) {
        public Message {
            args = args == null ? List.of() : List.copyOf(args);
        }

        public static Message of(String key, Object... args) {
            return new Message(key, List.of(args));
        }

        public Object[] argArray() {
            return args.toArray();
        }
    }

    private final HttpStatus status;
    private final Message message;
    private final Map<String, Message> fields;
    private final Duration retryAfter;
    private final Map<String, Object> properties;
    private final String type;

    public Problem(HttpStatus status, String key, Object... args) {
        this(status, Message.of(key, args), Map.of(), null, Map.of(), null);
    }

    private Problem(
            HttpStatus status,
            Message message,
            Map<String, Message> fields,
            Duration retryAfter,
            Map<String, Object> properties,
            String type) {
        super(message.key(), null, false, false);
        this.status = status;
        this.message = message;
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        this.retryAfter = retryAfter;
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        this.type = type;
    }

    /** 404: the thing does not exist, or the reader may not know that it exists. */
    public static Problem notFound() {
        return new Problem(HttpStatus.NOT_FOUND, "problem.notFound");
    }

    /** 403: signed in, but not allowed to do this. */
    public static Problem forbidden() {
        return new Problem(HttpStatus.FORBIDDEN, "problem.forbidden");
    }

    /** 403 with a message saying why (e.g. an expired form). */
    public static Problem forbidden(String key, Object... args) {
        return new Problem(HttpStatus.FORBIDDEN, key, args);
    }

    /** 401: this needs a signed-in session (API clients; pages send people to the log-in page instead). */
    public static Problem unauthorized() {
        return new Problem(HttpStatus.UNAUTHORIZED, "problem.unauthorized");
    }

    /** 400 with a message of the whole request. */
    public static Problem badRequest(String key, Object... args) {
        return new Problem(HttpStatus.BAD_REQUEST, key, args);
    }

    /** 409: the request is fine, the state of things does not allow it (someone saved in between, locked...). */
    public static Problem conflict(String key, Object... args) {
        return new Problem(HttpStatus.CONFLICT, key, args);
    }

    /** 400 about one field of a form. */
    public static Problem invalid(String field, String key, Object... args) {
        var fields = new LinkedHashMap<String, Message>();
        fields.put(field, Message.of(key, args));
        return invalid(fields);
    }

    /** 400 about several fields, in the order the form shows them. */
    public static Problem invalid(Map<String, Message> fields) {
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("an invalid form has at least one field in error");
        }
        Message first = fields.values().iterator().next();
        return new Problem(HttpStatus.BAD_REQUEST, first, fields, null, Map.of(), null);
    }

    /** 400 about several fields given as field → message key (no arguments), in the order given. */
    public static Problem invalidKeys(Map<String, String> fieldKeys) {
        var fields = new LinkedHashMap<String, Message>();
        fieldKeys.forEach((field, key) -> fields.put(field, Message.of(key)));
        return invalid(fields);
    }

    /** 503 or 429 with the time after which retrying makes sense (sent as {@code Retry-After}). */
    public Problem retryAfter(Duration wait) {
        return new Problem(status, message, fields, wait, properties, type);
    }

    /**
     * A kind of problem API clients can test for, sent as the problem details' {@code type}
     * ({@code /problems/<code>}); without it the type is {@code about:blank} and the status says it all.
     */
    public Problem typed(String code) {
        return new Problem(status, message, fields, retryAfter, properties, code);
    }

    /** An extra member of the API's problem details (e.g. a waiting-room position). */
    public Problem with(String property, Object value) {
        var next = new LinkedHashMap<>(properties);
        next.put(property, value);
        return new Problem(status, message, fields, retryAfter, next, type);
    }

    public HttpStatus status() {
        return status;
    }

    public Message message() {
        return message;
    }

    public String key() {
        return message.key();
    }

    /** Field name → message, in form order; empty when the refusal is not about fields. */
    public Map<String, Message> fields() {
        return fields;
    }

    public boolean hasFields() {
        return !fields.isEmpty();
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public Map<String, Object> properties() {
        return properties;
    }

    public Optional<String> type() {
        return Optional.ofNullable(type);
    }
}
