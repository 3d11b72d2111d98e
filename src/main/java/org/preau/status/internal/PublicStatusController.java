package org.preau.status.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /statut}, {@code /statut.json} and {@code /statut.atom} on the main listener: the same view from memory as a
 * page, as JSON and as an Atom feed of incidents. No log-in, no session, no query (docs/adr/0031); a short public
 * max-age and an ETag that changes only when something shown changes, so that a crowd reloading the page mostly gets
 * 304s, and the rest get bytes rendered once per change ({@link StatusPages}). The answer itself is {@link
 * StatusAnswers}', which the status page's own listener gives before any filter (docs/adr/0084).
 */
@Controller
class PublicStatusController {

    private final StatusAnswers answers;

    PublicStatusController(StatusAnswers answers) {
        this.answers = answers;
    }

    @GetMapping(StatusWebConfig.PAGE)
    void page(Locale locale, HttpServletRequest request, HttpServletResponse response) throws IOException {
        answers.answer(StatusPages.Format.PAGE, locale, request, response);
    }

    @GetMapping(path = StatusWebConfig.JSON, produces = MediaType.APPLICATION_JSON_VALUE)
    void json(Locale locale, HttpServletRequest request, HttpServletResponse response) throws IOException {
        answers.answer(StatusPages.Format.JSON, locale, request, response);
    }

    @GetMapping(path = StatusWebConfig.FEED, produces = "application/atom+xml")
    void feed(Locale locale, HttpServletRequest request, HttpServletResponse response) throws IOException {
        answers.answer(StatusPages.Format.FEED, locale, request, response);
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
