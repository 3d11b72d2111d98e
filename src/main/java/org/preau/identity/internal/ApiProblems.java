package org.preau.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * RFC 9457 problem details written by the security filters, before Spring MVC's own ProblemDetail handling can run
 * (an unauthenticated API call never reaches a controller). API clients must get JSON, never a redirect.
 */
final class ApiProblems {

    private static final Map<String, String[]> TEXT = Map.of(
            "identity.api.unauthorized", new String[] {"Unauthorized", "Sign in first: this API needs a session."},
            "identity.api.forbidden", new String[] {"Forbidden", "You may not do this."},
            "identity.busy", new String[] {"Service Unavailable", "The service is very busy; retry later."});

    private ApiProblems() {}

    static void write(HttpServletResponse response, HttpServletRequest request, int status, String key)
            throws IOException {
        write(response, request, status, key, -1);
    }

    static void write(HttpServletResponse response, HttpServletRequest request, int status, String key, long retry)
            throws IOException {
        String[] text = TEXT.getOrDefault(key, new String[] {"Error", ""});
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        var json = new StringBuilder("{\"type\":\"about:blank\",\"title\":\"")
                .append(escape(text[0]))
                .append("\",\"status\":")
                .append(status)
                .append(",\"detail\":\"")
                .append(escape(text[1]))
                .append("\",\"instance\":\"")
                .append(escape(request.getRequestURI()))
                .append('"');
        if (retry >= 0) {
            response.setHeader("Retry-After", Long.toString(retry));
            json.append(",\"retryAfterSeconds\":").append(retry);
        }
        json.append('}');
        response.getWriter().write(json.toString());
    }

    static boolean wantsJson(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        if (accept == null) {
            return false;
        }
        String a = accept.toLowerCase(Locale.ROOT);
        return (a.contains("application/json") || a.contains("application/problem+json")) && !a.contains("text/html");
    }

    private static String escape(String s) {
        var sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
