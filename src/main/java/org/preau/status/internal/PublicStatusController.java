package org.preau.status.internal;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.preau.platform.web.ConnectionPriority;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.context.request.WebRequest;

/**
 * {@code /statut}, {@code /statut.json} and {@code /statut.atom}: the same view from memory as a page, as JSON and
 * as an Atom feed of incidents. No log-in, no session, no query (docs/adr/0031); a short public max-age and an ETag
 * that changes only when something shown changes, so that a crowd reloading the page mostly gets 304s, and the rest
 * get bytes rendered once per change ({@link StatusPages}).
 */
@Controller
class PublicStatusController {

    static final CacheControl CACHE =
            CacheControl.maxAge(java.time.Duration.ofSeconds(10)).cachePublic();

    static final MediaType HTML = MediaType.parseMediaType("text/html;charset=UTF-8");
    static final MediaType ATOM = MediaType.parseMediaType("application/atom+xml;charset=UTF-8");

    private final StatusRuntime runtime;
    private final StatusPages pages;
    private final ConnectionPriority priority;

    PublicStatusController(StatusRuntime runtime, StatusPages pages, ObjectProvider<ConnectionPriority> priority) {
        this.runtime = runtime;
        this.pages = pages;
        this.priority = priority.getIfAvailable(ConnectionPriority::disabled);
    }

    @GetMapping(StatusWebConfig.PAGE)
    ResponseEntity<byte[]> page(Locale locale, WebRequest request, HttpServletResponse response) {
        // As the view renderer did: the page says its language (the JSON and the feed never did).
        return serve(StatusPages.Format.PAGE, HTML, locale, request, response);
    }

    @GetMapping(path = StatusWebConfig.JSON, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> json(Locale locale, WebRequest request, HttpServletResponse response) {
        return serve(StatusPages.Format.JSON, MediaType.APPLICATION_JSON, locale, request, response);
    }

    @GetMapping(path = StatusWebConfig.FEED, produces = "application/atom+xml")
    ResponseEntity<byte[]> feed(Locale locale, WebRequest request, HttpServletResponse response) {
        return serve(StatusPages.Format.FEED, ATOM, locale, request, response);
    }

    /**
     * The kept bytes of one format, gzip-compressed ones for a client that accepts gzip (a representation of its own,
     * with its own ETag), or a 304. The caching headers are on every answer, the 304 included, so that a cache that
     * revalidates keeps them.
     */
    private ResponseEntity<byte[]> serve(
            StatusPages.Format format,
            MediaType type,
            Locale locale,
            WebRequest request,
            HttpServletResponse response) {
        // Whoever keeps the page open gets its next answers ahead of a flood's queue (docs/adr/0081), on the pool of
        // pages answered from memory (never behind a signed-in page waiting for the database, docs/adr/0082), within
        // the connection's budget of events per second.
        priority.promote(ConnectionPriority.Ahead.FROM_MEMORY);
        var view = runtime.board().view();
        boolean gzip = acceptsGzip(request.getHeader(HttpHeaders.ACCEPT_ENCODING));
        response.setHeader(HttpHeaders.CACHE_CONTROL, CACHE.getHeaderValue());
        response.setHeader(HttpHeaders.VARY, "Accept-Encoding, Cookie");
        if (request.checkNotModified(etag(view, locale, gzip))) {
            return null;
        }
        var answer = ResponseEntity.ok().contentType(type);
        if (format == StatusPages.Format.PAGE) {
            answer = answer.header(HttpHeaders.CONTENT_LANGUAGE, locale.toLanguageTag());
        }
        if (gzip) {
            return answer.header(HttpHeaders.CONTENT_ENCODING, "gzip").body(pages.gzip(format, view, locale));
        }
        return answer.body(pages.bytes(format, view, locale));
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

    /**
     * The JSON: per component its id, name, status, operator and host, what it does and whom to contact; the
     * incidents of the last 30 days. Nothing internal: no node name, no probe target, no error.
     */
    record PublicJson(String status, Instant updated, List<ComponentJson> components, List<IncidentJson> incidents) {

        record ComponentJson(
                String id, String name, String status, String does, String operator, HostJson host, String contact) {}

        record HostJson(String provider, String country) {}

        record IncidentJson(
                String id,
                String component,
                String kind,
                String severity,
                String operator,
                Instant started,
                Optional<Instant> ended,
                List<UpdateJson> updates) {}

        record UpdateJson(Instant at, String text) {}

        static PublicJson of(BoardView view, Locale locale, MessageSource messages) {
            var components = view.components().stream()
                    .map(c -> new ComponentJson(
                            c.component().id(),
                            c.component().name().in(locale),
                            c.state().json(),
                            c.component().does().in(locale),
                            c.component().operator(),
                            new HostJson(
                                    c.component().host().provider(),
                                    c.component().host().country().toUpperCase(Locale.ROOT)),
                            c.component().contact()))
                    .toList();
            var incidents = new java.util.ArrayList<IncidentJson>();
            for (var list : List.of(view.current(), view.past())) {
                for (var i : list) {
                    String name = view.component(i.componentId())
                            .map(c -> c.component().name().in(locale))
                            .orElse(i.componentId());
                    incidents.add(new IncidentJson(
                            i.id().toString(),
                            i.componentId(),
                            i.kind().name().toLowerCase(Locale.ROOT),
                            i.severity().name().toLowerCase(Locale.ROOT),
                            i.operator(),
                            i.started(),
                            i.ended(),
                            i.updates().stream()
                                    .map(u -> new UpdateJson(u.at(), Texts.update(u, name, locale, messages)))
                                    .toList()));
                }
            }
            return new PublicJson(view.overall().json(), view.updated(), components, incidents);
        }
    }
}
