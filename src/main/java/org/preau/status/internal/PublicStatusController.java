package org.preau.status.internal;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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

    PublicStatusController(StatusRuntime runtime, StatusPages pages) {
        this.runtime = runtime;
        this.pages = pages;
    }

    @GetMapping(StatusWebConfig.PAGE)
    ResponseEntity<byte[]> page(Locale locale, WebRequest request, HttpServletResponse response) {
        var view = runtime.board().view();
        response.setHeader("Cache-Control", CACHE.getHeaderValue());
        response.setHeader("Vary", "Cookie");
        if (request.checkNotModified(etag(view, locale))) {
            return null;
        }
        // As the view renderer did: the page says its language (the JSON and the feed never did).
        return ResponseEntity.ok()
                .contentType(HTML)
                .header(HttpHeaders.CONTENT_LANGUAGE, locale.toLanguageTag())
                .body(pages.bytes(StatusPages.Format.PAGE, view, locale));
    }

    @GetMapping(path = StatusWebConfig.JSON, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> json(Locale locale, WebRequest request) {
        var view = runtime.board().view();
        String etag = etag(view, locale);
        if (request.checkNotModified(etag)) {
            return null;
        }
        return ResponseEntity.ok()
                .cacheControl(CACHE)
                .varyBy("Cookie")
                .contentType(MediaType.APPLICATION_JSON)
                .body(pages.bytes(StatusPages.Format.JSON, view, locale));
    }

    @GetMapping(path = StatusWebConfig.FEED, produces = "application/atom+xml")
    ResponseEntity<byte[]> feed(Locale locale, WebRequest request) {
        var view = runtime.board().view();
        if (request.checkNotModified(etag(view, locale))) {
            return null;
        }
        return ResponseEntity.ok()
                .cacheControl(CACHE)
                .varyBy("Cookie")
                .contentType(ATOM)
                .body(pages.bytes(StatusPages.Format.FEED, view, locale));
    }

    private static String etag(BoardView view, Locale locale) {
        return "\"s" + view.version() + "-" + view.days().getLast() + "-" + locale.getLanguage() + "\"";
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
