package org.preau.surge.internal;

import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.preau.platform.PreauProperties;
import org.preau.platform.web.Ui;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.resource.ResourceUrlProvider;
import tools.jackson.databind.json.JsonMapper;

/**
 * The answers the surge filter gives without reaching a controller: small pages (French or English, rendered by
 * JTE with the shared layout) for browsers, problem-details JSON for API clients, always with {@code Retry-After}
 * so that well-behaved clients come back when told and not in a storm.
 */
@Component
class SurgeResponses {

    static final String TICKET_COOKIE = "PREAU_TICKET";
    static final String ROOM_PATH = "/salle-attente";

    private final TemplateEngine templates;
    private final MessageSource messages;
    private final LocaleResolver locales;
    private final ObjectProvider<ResourceUrlProvider> assets;
    private final JsonMapper json;
    private final boolean secureCookies;

    SurgeResponses(
            TemplateEngine templates,
            MessageSource messages,
            LocaleResolver locales,
            ObjectProvider<ResourceUrlProvider> assets,
            JsonMapper json,
            PreauProperties preau) {
        this.templates = templates;
        this.messages = messages;
        this.locales = locales;
        this.assets = assets;
        this.json = json;
        this.secureCookies = preau.secureCookies();
    }

    /** 429: a rate limit was broken. */
    void tooMany(HttpServletRequest request, HttpServletResponse response, long retryAfter) throws IOException {
        long wait = jitter(retryAfter);
        if (wantsJson(request)) {
            problem(response, 429, "rate-limited", "surge.limited.title", "surge.limited.detail", wait, Map.of());
        } else {
            page(request, response, 429, wait, "surge/limited", Map.of("retryAfter", wait));
        }
    }

    /** 503: this lane is full for now and the request may simply be retried soon. */
    void busy(HttpServletRequest request, HttpServletResponse response, long retryAfter) throws IOException {
        long wait = jitter(retryAfter);
        if (wantsJson(request)) {
            problem(response, 503, "busy", "surge.busy.title", "surge.busy.detail", wait, Map.of());
        } else {
            String again = "GET".equals(request.getMethod()) ? currentUrl(request) : "/";
            page(request, response, 503, wait, "surge/busy", Map.of("retryAfter", wait, "again", again));
        }
    }

    /** 503: degraded mode, writes are refused until the database is back. */
    void readOnly(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long wait = jitter(30);
        if (wantsJson(request)) {
            problem(response, 503, "read-only", "surge.readonly.title", "surge.readonly.detail", wait, Map.of());
        } else {
            page(request, response, 503, wait, "surge/readonly", Map.of("retryAfter", wait));
        }
    }

    /** 503: the waiting room is full; come back later. */
    void roomFull(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long wait = jitter(120);
        if (wantsJson(request)) {
            problem(response, 503, "room-full", "surge.full.title", "surge.full.detail", wait, Map.of());
        } else {
            page(request, response, 503, wait, "surge/full", Map.of("retryAfter", wait));
        }
    }

    /** 403: the proof-of-work answer was refused. */
    void powRefused(HttpServletRequest request, HttpServletResponse response, PowVerifier.Verdict verdict)
            throws IOException {
        if (wantsJson(request)) {
            problem(
                    response,
                    403,
                    "proof-of-work",
                    "surge.pow.refused.title",
                    "surge.pow.refused." + verdict.name().toLowerCase(Locale.ROOT),
                    0,
                    Map.of("verdict", verdict.name()));
        } else {
            page(request, response, 403, 0, "surge/powrefused", Map.of("verdict", verdict.name()));
        }
    }

    /** Sends the visitor to the waiting room with their ticket: a redirect for pages, 503 JSON for the API. */
    void toRoom(
            HttpServletRequest request,
            HttpServletResponse response,
            String ticketValue,
            Ticket ticket,
            long position,
            long estimatedWait)
            throws IOException {
        setTicket(response, ticketValue, ticket);
        if (wantsJson(request)) {
            long wait = refreshSeconds(estimatedWait);
            problem(
                    response,
                    503,
                    "waiting-room",
                    "surge.room.title",
                    "surge.room.detail",
                    wait,
                    Map.of("position", position, "estimatedWaitSeconds", estimatedWait));
        } else {
            // A refused POST (a log-in) comes back to the form, whose page the visitor will load when admitted.
            String back = "GET".equals(request.getMethod()) ? currentUrl(request) : request.getRequestURI();
            response.setStatus(303);
            response.setHeader("Location", ROOM_PATH + "?retour=" + URLEncoder.encode(back, StandardCharsets.UTF_8));
            response.setHeader("Cache-Control", "no-store");
        }
    }

    void setTicket(HttpServletResponse response, String value, Ticket ticket) {
        var cookie = new Cookie(TICKET_COOKIE, value);
        cookie.setPath("/");
        cookie.setHttpOnly(true);
        cookie.setSecure(secureCookies);
        cookie.setAttribute("SameSite", "Lax");
        cookie.setMaxAge((int)
                Math.max(1, Duration.between(Instant.now(), ticket.expiresAt()).toSeconds()));
        response.addCookie(cookie);
    }

    static String ticketCookie(HttpServletRequest request) {
        if (request.getCookies() == null) {
            return null;
        }
        for (Cookie c : request.getCookies()) {
            if (TICKET_COOKIE.equals(c.getName())) {
                return c.getValue();
            }
        }
        return null;
    }

    /**
     * When the waiting page should look again: often near the front, less often far back (at most every 30 s, so
     * that a line that speeds up is noticed; a look costs no query), never all at the same moment (jittered by
     * ±20%), so that thousands of waiting browsers do not come back as one wave.
     */
    static long refreshSeconds(long estimatedWait) {
        long base = Math.clamp(estimatedWait / 4, 5, 30);
        return jitter(base);
    }

    static long jitter(long seconds) {
        if (seconds <= 0) {
            return 0;
        }
        double factor = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Math.max(1, Math.round(seconds * factor));
    }

    static boolean wantsJson(HttpServletRequest request) {
        if (request.getRequestURI().startsWith("/api/")) {
            return true;
        }
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("application/json") && !accept.contains("text/html");
    }

    /** Only a path on this site, never another host (an open redirect would help phishing). */
    static String safeReturn(String wanted) {
        if (wanted == null
                || !wanted.startsWith("/")
                || wanted.startsWith("//")
                || wanted.startsWith("/\\")
                || wanted.startsWith(ROOM_PATH)
                || wanted.length() > 1000) {
            return "/";
        }
        for (char c : wanted.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                return "/";
            }
        }
        return wanted;
    }

    Ui ui(HttpServletRequest request) {
        Locale locale = locales.resolveLocale(request);
        var user = LaneClassifier.principal(request).orElse(null);
        boolean readOnly = Boolean.TRUE.equals(request.getAttribute(Ui.READ_ONLY_ATTRIBUTE));
        return new Ui(messages, locale, "_csrf", "", user, request.getRequestURI(), assets.getIfAvailable(), readOnly);
    }

    private void page(
            HttpServletRequest request,
            HttpServletResponse response,
            int status,
            long retryAfter,
            String template,
            Map<String, Object> params)
            throws IOException {
        var model = new LinkedHashMap<String, Object>(params);
        model.put("ui", ui(request));
        var out = new StringOutput();
        templates.render(template + ".jte", model, out);
        response.setStatus(status);
        if (retryAfter > 0) {
            response.setHeader("Retry-After", Long.toString(retryAfter));
        }
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().write(out.toString());
    }

    private void problem(
            HttpServletResponse response,
            int status,
            String type,
            String titleKey,
            String detailKey,
            long retryAfter,
            Map<String, Object> extra)
            throws IOException {
        Locale locale = Locale.ENGLISH;
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "/problems/" + type);
        body.put("title", messages.getMessage(titleKey, null, titleKey, locale));
        body.put("status", status);
        body.put("detail", messages.getMessage(detailKey, null, detailKey, locale));
        if (retryAfter > 0) {
            body.put("retryAfterSeconds", retryAfter);
            response.setHeader("Retry-After", Long.toString(retryAfter));
        }
        body.putAll(extra);
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json.writeValueAsString(body));
    }

    private static String currentUrl(HttpServletRequest request) {
        String query = request.getQueryString();
        return query == null ? request.getRequestURI() : request.getRequestURI() + "?" + query;
    }
}
