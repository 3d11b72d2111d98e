package org.preau.homework.internal.today;

import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.preau.directory.PupilPlacement;
import org.preau.homework.internal.entries.EntryService;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
import org.preau.platform.web.Ui;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "Aujourd'hui", the signed-in home page: the pupil's day (parents: per child, read-only), the teacher's lessons,
 * a way in for staff. Revalidated with an ETag on every visit ({@link PageEtagFilter}), so repeat visits cost a
 * 304 when nothing changed.
 */
@Controller
public class TodayController {

    private final TodayService today;
    private final TodayPages pages;
    private final TemplateEngine templates;
    private final Clock clock;

    TodayController(TodayService today, TodayPages pages, TemplateEngine templates, Clock clock) {
        this.today = today;
        this.pages = pages;
        this.templates = templates;
        this.clock = clock;
    }

    @GetMapping("/")
    Object today(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(name = "enfant", required = false) Optional<UUID> child,
            Model model,
            HttpServletRequest request,
            HttpServletResponse response) {
        response.setHeader("Cache-Control", "private, no-cache");
        var day = EntryService.today(clock);
        if (user.is(Profile.PUPIL, Profile.PARENT)) {
            boolean nothingToShow = user.is(Profile.PARENT) ? !today.hasChildren(user) : !today.isPlaced(user);
            if (nothingToShow) {
                model.addAttribute("user", user);
                return "homework/today_other";
            }
            var shown = today.shownPupil(user, child);
            if (shown.isEmpty()) {
                // Not theirs to see: refused with the service's own answer.
                model.addAttribute("view", today.pupilDay(user, child, day));
                return "homework/today";
            }
            return pupilPage(user, child, shown.get(), day, (Ui) model.getAttribute("ui"), request);
        }
        if (user.is(Profile.TEACHER)) {
            model.addAttribute("view", today.teacherDay(user, day));
            return "homework/today_teacher";
        }
        model.addAttribute("user", user);
        return "homework/today_other";
    }

    /**
     * The pupil's page from {@link TodayPages} when nothing it shows changed (a 304 for a browser that has it, the
     * kept gzipped bytes otherwise), else rendered, compressed and kept.
     */
    private ResponseEntity<byte[]> pupilPage(
            CurrentUser user,
            Optional<UUID> child,
            PupilPlacement pupil,
            java.time.LocalDate day,
            Ui ui,
            HttpServletRequest request) {
        Instant now = clock.instant();
        var key = pages.key(user.accountId(), pupil, day, ui.lang(), ui.readOnly(), ui.csrfToken());
        var page = pages.find(key, now);
        if (page == null) {
            var view = today.pupilDay(user, child, day);
            Instant validUntil = today.pageValidUntil(pupil, day, now);
            var out = new StringOutput(16 * 1024);
            templates.render("homework/today.jte", Map.of("ui", ui, "view", view), out);
            page = pages.keep(key, out.toString(), validUntil);
        }
        var headers = ResponseEntity.ok()
                .header(HttpHeaders.CACHE_CONTROL, "private, no-cache")
                .header(HttpHeaders.VARY, "Accept-Encoding")
                .eTag(page.etag());
        String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null && ifNoneMatch.contains(page.etag().substring(2))) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
                    .header(HttpHeaders.CACHE_CONTROL, "private, no-cache")
                    .header(HttpHeaders.VARY, "Accept-Encoding")
                    .eTag(page.etag())
                    .build();
        }
        String accept = request.getHeader(HttpHeaders.ACCEPT_ENCODING);
        boolean gzip = accept != null && accept.contains("gzip");
        return headers.contentType(MediaType.parseMediaType("text/html;charset=UTF-8"))
                .header(gzip ? HttpHeaders.CONTENT_ENCODING : "X-Preau-Page", gzip ? "gzip" : "kept")
                .body(gzip ? page.gzip() : page.html());
    }

    /** The pupil's own tick: no JavaScript, a form per work; back to where they were. */
    @PostMapping("/travail/{workId}/fait")
    String done(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID workId,
            @RequestParam(defaultValue = "true") boolean done,
            @RequestParam(name = "retour", defaultValue = "/") String back) {
        today.markDone(user, workId, done);
        return "redirect:" + (back.startsWith("/travail/") ? back : "/") + "#w-" + workId;
    }
}
