package org.preau.homework.internal.today;

import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.preau.directory.PupilPlacement;
import org.preau.homework.internal.Notices;
import org.preau.homework.internal.entries.EntryService;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
import org.preau.news.NewsBoard;
import org.preau.news.NewsItem;
import org.preau.platform.web.Problem;
import org.preau.platform.web.SafeRedirect;
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
 * a way in for staff; any other day with {@code ?jour=2026-12-03}. Revalidated with an ETag on every visit ({@link PageEtagFilter}), so repeat visits cost a
 * 304 when nothing changed.
 */
@Controller
public class TodayController {

    /** How far from today a day may be looked at (a school year each way, and then some). */
    static final int MAX_DAYS_AWAY = 400;

    private final TodayService today;
    private final TodayPages pages;
    private final TemplateEngine templates;
    private final Clock clock;
    private final NewsBoard news;

    TodayController(TodayService today, TodayPages pages, TemplateEngine templates, Clock clock, NewsBoard news) {
        this.news = news;
        this.today = today;
        this.pages = pages;
        this.templates = templates;
        this.clock = clock;
    }

    @GetMapping("/")
    Object today(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(name = "enfant", required = false) Optional<UUID> child,
            @RequestParam(name = "jour", required = false) Optional<LocalDate> wanted,
            @RequestParam(name = "fait", required = false) Optional<String> done,
            Model model,
            HttpServletRequest request,
            HttpServletResponse response) {
        response.setHeader("Cache-Control", "private, no-cache");
        LocalDate now = EntryService.today(clock);
        LocalDate day = wanted.orElse(now);
        if (Math.abs(ChronoUnit.DAYS.between(now, day)) > MAX_DAYS_AWAY) {
            throw Problem.badRequest("homework.day.outOfRange");
        }
        var notice = Notices.of(done);
        model.addAttribute("notice", notice);
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
            return pupilPage(user, child, shown.get(), day, (Ui) model.getAttribute("ui"), notice, request);
        }
        // The news, on today's page only: the news module's answer from its per-school cache (no query when warm).
        model.addAttribute(
                "news", day.equals(now) ? news.visibleTo(user, clock.instant(), NewsBoard.HOME_LIMIT) : List.of());
        if (user.is(Profile.TEACHER)) {
            model.addAttribute("view", today.teacherDay(user, day));
            return "homework/today_teacher";
        }
        model.addAttribute("user", user);
        return "homework/today_other";
    }

    /**
     * The pupil's page from {@link TodayPages} when nothing it shows changed (a 304 for a browser that has it, the
     * kept gzipped bytes otherwise), else rendered, compressed and kept. A page carrying a confirmation ("Travail
     * marqué comme fait") is the answer to one action: rendered for that request only, never kept.
     */
    private ResponseEntity<byte[]> pupilPage(
            CurrentUser user,
            Optional<UUID> child,
            PupilPlacement pupil,
            LocalDate day,
            Ui ui,
            Optional<org.preau.platform.web.Problem.Message> notice,
            HttpServletRequest request) {
        Instant now = clock.instant();
        List<NewsItem> shownNews =
                day.equals(EntryService.today(clock)) ? news.forPupil(pupil, now, NewsBoard.HOME_LIMIT) : List.of();
        if (notice.isPresent()) {
            var out = new StringOutput(16 * 1024);
            templates.render(
                    "homework/today.jte",
                    Map.of("ui", ui, "view", today.pupilDay(user, child, day), "notice", notice, "news", shownNews),
                    out);
            return ResponseEntity.ok()
                    .header(HttpHeaders.CACHE_CONTROL, "private, no-cache")
                    .contentType(MediaType.parseMediaType("text/html;charset=UTF-8"))
                    .body(out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        var key = pages.key(user.accountId(), pupil, day, ui.lang(), ui.readOnly(), ui.csrfToken());
        var page = pages.find(key, now);
        if (page == null) {
            var view = today.pupilDay(user, child, day);
            Instant validUntil = today.pageValidUntil(pupil, day, now);
            // A scheduled news item appearing, or one expiring, ends the kept page too.
            var newsChange = news.nextChange(pupil, now);
            if (newsChange.isPresent() && newsChange.get().isBefore(validUntil)) {
                validUntil = newsChange.get();
            }
            var out = new StringOutput(16 * 1024);
            templates.render("homework/today.jte", Map.of("ui", ui, "view", view, "news", shownNews), out);
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

    /** The pupil's own tick: no JavaScript, a form per work; back to the page they were on, with a confirmation. */
    @PostMapping("/travail/{workId}/fait")
    String done(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID workId,
            @RequestParam(defaultValue = "true") boolean done,
            @RequestParam(name = "retour", defaultValue = "/") String back) {
        today.markDone(user, workId, done);
        String page = SafeRedirect.path(back, "/");
        if (!page.equals("/") && !page.startsWith("/?") && !page.startsWith("/travail/")) {
            page = "/";
        }
        page = page.replaceAll("([?&])fait=[^&#]*&?", "$1").replaceAll("[?&]$", "");
        return "redirect:" + page + (page.contains("?") ? "&" : "?") + "fait=" + (done ? "fait" : "nonfait") + "#w-"
                + workId;
    }
}
