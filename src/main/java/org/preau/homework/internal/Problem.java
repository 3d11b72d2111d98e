package org.preau.homework.internal;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A refusal the user can understand: an HTTP status and a message key of the homework bundle. Pages show the
 * translated message; the API returns it as a ProblemDetail.
 */
class Problem extends ErrorResponseException {

    private final String key;
    private final transient Object[] args;

    Problem(HttpStatus status, String key, Object... args) {
        super(status, ProblemDetail.forStatus(status), null, key, args);
        this.key = key;
        this.args = args;
    }

    static Problem notFound() {
        return new Problem(HttpStatus.NOT_FOUND, "homework.error.notFound");
    }

    static Problem forbidden() {
        return new Problem(HttpStatus.FORBIDDEN, "homework.error.forbidden");
    }

    static Problem invalid(String key, Object... args) {
        return new Problem(HttpStatus.BAD_REQUEST, key, args);
    }

    static Problem conflict(String key, Object... args) {
        return new Problem(HttpStatus.CONFLICT, key, args);
    }

    String key() {
        return key;
    }

    Object[] args() {
        return args;
    }
}
