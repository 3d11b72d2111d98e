package org.preau.surge.internal;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.preau.platform.PreauProperties;
import org.preau.platform.web.Problem;
import org.preau.platform.web.ProblemResponses;
import org.preau.platform.web.SafeRedirect;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The answers the surge filter gives without reaching a controller. Refusals (rate limited, busy, read-only, room
 * full, proof-of-work refused) are {@link Problem}s written by the platform's {@link ProblemResponses}: the same
 * page or problem details as every other refusal, in the reader's language, always with {@code Retry-After} (jittered)
 * so that well-behaved clients come back when told and not in a storm. Sending people to the waiting room is this
 * module's own answer.
 */
@Component
class SurgeResponses {

    static final String TICKET_COOKIE = "PREAU_TICKET";
    static final String ROOM_PATH = "/salle-attente";

    private final ProblemResponses problems;
    private final boolean secureCookies;

    SurgeResponses(ProblemResponses problems, PreauProperties preau) {
        this.problems = problems;
        this.secureCookies = preau.secureCookies();
    }

    /** 429: a rate limit was broken. */
    void tooMany(HttpServletRequest request, HttpServletResponse response, long retryAfter) throws IOException {
        long wait = jitter(retryAfter);
        write(request, response, HttpStatus.TOO_MANY_REQUESTS, "rate-limited", wait, "surge.limited.page", wait);
    }

    /** 503: this lane is full for now and the request may simply be retried soon. */
    void busy(HttpServletRequest request, HttpServletResponse response, long retryAfter) throws IOException {
        long wait = jitter(retryAfter);
        write(request, response, HttpStatus.SERVICE_UNAVAILABLE, "busy", wait, "surge.busy.page", wait);
    }

    /** 503: degraded mode, writes are refused until the database is back. */
    void readOnly(HttpServletRequest request, HttpServletResponse response) throws IOException {
        write(request, response, HttpStatus.SERVICE_UNAVAILABLE, "read-only", jitter(30), "surge.readonly.page");
    }

    /** 503: the waiting room is full; come back later. */
    void roomFull(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long wait = jitter(120);
        write(
                request,
                response,
                HttpStatus.SERVICE_UNAVAILABLE,
                "room-full",
                wait,
                "surge.full.page",
                (wait + 59) / 60);
    }

    /** 403: the proof-of-work answer was refused. */
    void powRefused(HttpServletRequest request, HttpServletResponse response, PowVerifier.Verdict verdict)
            throws IOException {
        var problem = new Problem(
                        HttpStatus.FORBIDDEN,
                        "surge.pow.refused.page",
                        Problem.Message.of("surge.pow.refused." + verdict.name().toLowerCase(Locale.ROOT)))
                .typed("proof-of-work")
                .with("verdict", verdict.name());
        problems.write(request, response, problem);
    }

    private void write(
            HttpServletRequest request,
            HttpServletResponse response,
            HttpStatus status,
            String code,
            long retryAfter,
            String key,
            Object... args)
            throws IOException {
        var problem = new Problem(status, key, args).typed(code);
        if (retryAfter > 0) {
            problem = problem.retryAfter(Duration.ofSeconds(retryAfter));
        }
        problems.write(request, response, problem);
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
        if (ProblemResponses.wantsJson(request)) {
            long wait = refreshSeconds(estimatedWait);
            problems.write(
                    request,
                    response,
                    new Problem(HttpStatus.SERVICE_UNAVAILABLE, "surge.room.detail")
                            .retryAfter(Duration.ofSeconds(wait))
                            .typed("waiting-room")
                            .with("position", position)
                            .with("estimatedWaitSeconds", estimatedWait));
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

    /** Only a path on this site, never another host, and never the waiting room itself. */
    static String safeReturn(String wanted) {
        return SafeRedirect.path(wanted, "/", ROOM_PATH);
    }

    private static String currentUrl(HttpServletRequest request) {
        String query = request.getQueryString();
        return query == null ? request.getRequestURI() : request.getRequestURI() + "?" + query;
    }
}
