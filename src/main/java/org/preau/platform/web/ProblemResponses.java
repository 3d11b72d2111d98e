package org.preau.platform.web;

import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a {@link Problem} as the reader's answer, wherever it is raised: {@link ProblemAdvice} (controllers), the
 * error controller (Tomcat's errors), security's entry points and the surge filter all come here, so that every
 * refusal reads the same. Browsers get one accessible page in their language (what happened, what to do, a way
 * back); API clients ({@code /api/...}, or asking for JSON and not HTML) get RFC 9457 problem details with the same
 * translated text. Neither needs the database.
 */
@Component
public class ProblemResponses {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    private final TemplateEngine templates;
    private final MessageSource messages;
    private final UiFactory uis;
    private final JsonMapper json;

    public ProblemResponses(TemplateEngine templates, MessageSource messages, UiFactory uis, JsonMapper json) {
        this.templates = templates;
        this.messages = messages;
        this.uis = uis;
        this.json = json;
    }

    /** Whether the client wants problem details rather than a page. */
    public static boolean wantsJson(HttpServletRequest request) {
        String uri = request.getRequestURI();
        if (uri != null && uri.startsWith("/api/")) {
            return true;
        }
        String accept = request.getHeader("Accept");
        if (accept == null) {
            return false;
        }
        String a = accept.toLowerCase(Locale.ROOT);
        return (a.contains("application/json") || a.contains("+json")) && !a.contains("text/html");
    }

    /** Answers with the problem, as a page or as problem details. */
    public void write(HttpServletRequest request, HttpServletResponse response, Problem problem) throws IOException {
        if (response.isCommitted()) {
            log.debug("Response already committed; cannot answer {} for {}", problem.key(), request.getRequestURI());
            return;
        }
        response.resetBuffer();
        Locale locale = uis.locale(request);
        response.setStatus(problem.status().value());
        response.setHeader("Cache-Control", "no-store");
        problem.retryAfter().ifPresent(d -> response.setHeader("Retry-After", Long.toString(seconds(d))));
        if (isUpgrade(request)) {
            // A refused WebSocket handshake: no client can read its body (a browser's WebSocket shows none), so
            // none is rendered — in a reconnect storm, thousands of error pages were written for nobody.
            return;
        }
        if (wantsJson(request)) {
            writeJson(request, response, problem, locale);
        } else {
            writePage(request, response, problem, locale);
        }
    }

    /** Whether the request asks to become a WebSocket (its answer, if refused, is a status and headers only). */
    public static boolean isUpgrade(HttpServletRequest request) {
        return "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
    }

    /** The text of a message in the given language (the key itself when missing, so gaps are visible). */
    public String text(Problem.Message message, Locale locale) {
        return Ui.text(messages, message, locale);
    }

    private void writeJson(HttpServletRequest request, HttpServletResponse response, Problem problem, Locale locale)
            throws IOException {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", problem.type().map(t -> "/problems/" + t).orElse("about:blank"));
        body.put("title", title(problem, locale));
        body.put("status", problem.status().value());
        body.put("detail", text(problem.message(), locale));
        body.put("instance", request.getRequestURI());
        body.put("code", problem.key());
        if (problem.hasFields()) {
            var fields = new LinkedHashMap<String, String>();
            problem.fields().forEach((field, message) -> fields.put(field, text(message, locale)));
            body.put("fields", fields);
        }
        problem.retryAfter().ifPresent(d -> body.put("retryAfterSeconds", seconds(d)));
        body.putAll(problem.properties());
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Content-Language", locale.getLanguage());
        response.getWriter().write(json.writeValueAsString(body));
    }

    private void writePage(HttpServletRequest request, HttpServletResponse response, Problem problem, Locale locale)
            throws IOException {
        Ui ui = uis.create(request, locale);
        var model = new LinkedHashMap<String, Object>();
        model.put("ui", ui);
        model.put("status", problem.status().value());
        model.put("title", title(problem, locale));
        model.put("message", text(problem.message(), locale));
        model.put("hint", hint(problem, locale));
        model.put("back", back(request));
        model.put("fields", fieldTexts(problem, locale));
        model.put(
                "retryAfter",
                problem.retryAfter().map(ProblemResponses::seconds).orElse(0L));
        model.put("retry", "GET".equals(request.getMethod()) ? Optional.of(currentUrl(request)) : Optional.empty());
        var out = new StringOutput();
        templates.render("platform/problem.jte", model, out);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Content-Language", locale.getLanguage());
        response.getWriter().write(out.toString());
    }

    private Map<String, String> fieldTexts(Problem problem, Locale locale) {
        var out = new LinkedHashMap<String, String>();
        problem.fields().forEach((field, message) -> out.put(field, text(message, locale)));
        return out;
    }

    private String title(Problem problem, Locale locale) {
        int status = problem.status().value();
        return messages.getMessage(
                "problem.title." + status,
                null,
                messages.getMessage("problem.title.generic", null, "Error", locale),
                locale);
    }

    private String hint(Problem problem, Locale locale) {
        int status = problem.status().value();
        String generic = status >= 500 ? "problem.hint.5xx" : "problem.hint.4xx";
        return messages.getMessage(
                "problem.hint." + status, null, messages.getMessage(generic, null, "", locale), locale);
    }

    /**
     * Where "back" goes: the page the reader came from on this site (a form refused for its size is one step back),
     * else none (the page also always links home).
     */
    private static Optional<String> back(HttpServletRequest request) {
        String referer = request.getHeader("Referer");
        if (referer == null || referer.isBlank()) {
            return Optional.empty();
        }
        try {
            var uri = URI.create(referer);
            String host = request.getServerName();
            if (uri.getHost() != null && !uri.getHost().equalsIgnoreCase(host)) {
                return Optional.empty();
            }
            String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            String safe = SafeRedirect.path(path, "");
            return safe.isEmpty() || safe.equals(request.getRequestURI()) ? Optional.empty() : Optional.of(safe);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String currentUrl(HttpServletRequest request) {
        String query = request.getQueryString();
        String url = query == null ? request.getRequestURI() : request.getRequestURI() + "?" + query;
        return SafeRedirect.path(url, "/");
    }

    private static long seconds(java.time.Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
