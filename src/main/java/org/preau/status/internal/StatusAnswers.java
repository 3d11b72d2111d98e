package org.preau.status.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.preau.platform.PreauProperties;
import org.preau.platform.web.ConnectionPriority;
import org.preau.platform.web.SecurityHeaders;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.servlet.LocaleResolver;

/**
 * One answer of {@code /statut}, {@code /statut.json} or {@code /statut.atom}, written straight to the response: the
 * kept bytes of the current view (gzip-compressed ones for a client that accepts gzip, a representation of its own
 * with its own ETag), or a 304. The controller answers this way on the main listener; the status page's own listener
 * answers this way before any other filter runs (docs/adr/0084), so that nothing but this class, the board and the
 * kept bytes stands between its threads and the page: no security chain, no session, no observation, no dispatcher.
 */
@Component
class StatusAnswers {

    static final CacheControl CACHE =
            CacheControl.maxAge(java.time.Duration.ofSeconds(10)).cachePublic();

    static final String HTML = "text/html;charset=UTF-8";
    static final String JSON = MediaType.APPLICATION_JSON_VALUE;
    static final String ATOM = "application/atom+xml;charset=UTF-8";

    private final StatusRuntime runtime;
    private final StatusPages pages;
    private final ConnectionPriority priority;
    private final LocaleResolver locales;
    private final boolean https;
    private final Counter onStatusListener;
    private final Counter onMainListener;

    StatusAnswers(
            StatusRuntime runtime,
            StatusPages pages,
            ObjectProvider<ConnectionPriority> priority,
            LocaleResolver locales,
            PreauProperties properties,
            MeterRegistry meters) {
        this.runtime = runtime;
        this.pages = pages;
        this.priority = priority.getIfAvailable(ConnectionPriority::disabled);
        this.locales = locales;
        this.https = properties.secureCookies();
        this.onStatusListener = answers(meters, "status");
        this.onMainListener = answers(meters, "main");
    }

    private static Counter answers(MeterRegistry meters, String listener) {
        return Counter.builder("preau.status.answers")
                .tag("listener", listener)
                .description("Answers of the public status page, its JSON and its feed, by the listener that gave them")
                .register(meters);
    }

    /** The format a path asks for, or null for any other path. */
    static StatusPages.Format format(String path) {
        return switch (path) {
            case StatusWebConfig.PAGE -> StatusPages.Format.PAGE;
            case StatusWebConfig.JSON -> StatusPages.Format.JSON;
            case StatusWebConfig.FEED -> StatusPages.Format.FEED;
            default -> null;
        };
    }

    /**
     * On the status listener, ahead of every filter: the language as the rest of Préau decides it ({@code ?lang=fr}
     * or {@code ?lang=en}, remembered in its cookie, else the cookie, else French), and the security headers the
     * platform's filter would have set.
     */
    void answerFirst(StatusPages.Format format, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        SecurityHeaders.write(response, https);
        Locale locale;
        String asked = request.getParameter("lang");
        if ("fr".equals(asked) || "en".equals(asked)) {
            locale = Locale.forLanguageTag(asked);
            locales.setLocale(request, response, locale);
        } else {
            locale = locales.resolveLocale(request);
        }
        onStatusListener.increment();
        write(format, locale, request, response);
    }

    /** On the main listener, from the controller: the language and the security headers are already decided. */
    void answer(StatusPages.Format format, Locale locale, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        onMainListener.increment();
        write(format, locale, request, response);
    }

    /** The answer in {@code locale}. The caching headers are on every answer, the 304 included. */
    private void write(
            StatusPages.Format format, Locale locale, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        // Whoever keeps the page open gets its next answers ahead of a flood's queue (docs/adr/0081), on the pool of
        // pages answered from memory (never behind a signed-in page waiting for the database, docs/adr/0082), within
        // the connection's budget of events per second. On the status listener this does nothing: it has no queue.
        priority.promote(ConnectionPriority.Ahead.FROM_MEMORY);
        var view = runtime.board().view();
        boolean gzip = acceptsGzip(request.getHeader(HttpHeaders.ACCEPT_ENCODING));
        response.setHeader(HttpHeaders.CACHE_CONTROL, CACHE.getHeaderValue());
        response.setHeader(HttpHeaders.VARY, "Accept-Encoding, Cookie");
        if (new ServletWebRequest(request, response).checkNotModified(etag(view, locale, gzip))) {
            return;
        }
        response.setContentType(
                switch (format) {
                    case PAGE -> HTML;
                    case JSON -> JSON;
                    case FEED -> ATOM;
                });
        if (format == StatusPages.Format.PAGE) {
            // As the view renderer did: the page says its language (the JSON and the feed never did).
            response.setHeader(HttpHeaders.CONTENT_LANGUAGE, locale.toLanguageTag());
        }
        byte[] body;
        if (gzip) {
            response.setHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
            body = pages.gzip(format, view, locale);
        } else {
            body = pages.bytes(format, view, locale);
        }
        response.setContentLength(body.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }

    /**
     * Whether {@code Accept-Encoding} admits gzip (RFC 9110 §12.5.3): listed with a q above 0, or, when not listed,
     * covered by {@code *} with a q above 0.
     */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        Double gzip = null;
        Double any = null;
        for (String part : acceptEncoding.split(",")) {
            String[] pieces = part.split(";");
            String coding = pieces[0].trim().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < pieces.length; i++) {
                String p = pieces[i].trim().toLowerCase(Locale.ROOT);
                if (p.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                gzip = q;
            } else if (coding.equals("*")) {
                any = q;
            }
        }
        return gzip != null ? gzip > 0 : any != null && any > 0;
    }

    private static String etag(BoardView view, Locale locale, boolean gzip) {
        return "\"s" + view.version() + "-" + view.days().getLast() + "-" + locale.getLanguage() + (gzip ? "-gz" : "")
                + "\"";
    }
}
