package org.preau.homework.internal.today;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.preau.homework.internal.Notices;
import org.preau.homework.internal.entries.EntryService;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
import org.preau.platform.web.Problem;
import org.preau.platform.web.SafeRedirect;
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
    private final Clock clock;

    TodayController(TodayService today, Clock clock) {
        this.today = today;
        this.clock = clock;
    }

    @GetMapping("/")
    String today(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(name = "enfant", required = false) Optional<UUID> child,
            @RequestParam(name = "jour", required = false) Optional<LocalDate> wanted,
            @RequestParam(name = "fait", required = false) Optional<String> done,
            Model model,
            HttpServletResponse response) {
        response.setHeader("Cache-Control", "private, no-cache");
        LocalDate now = EntryService.today(clock);
        LocalDate day = wanted.orElse(now);
        if (Math.abs(ChronoUnit.DAYS.between(now, day)) > MAX_DAYS_AWAY) {
            throw Problem.badRequest("homework.day.outOfRange");
        }
        model.addAttribute("notice", Notices.of(done));
        if (user.is(Profile.PUPIL, Profile.PARENT)) {
            boolean nothingToShow = user.is(Profile.PARENT) ? !today.hasChildren(user) : !today.isPlaced(user);
            if (nothingToShow) {
                model.addAttribute("user", user);
                return "homework/today_other";
            }
            model.addAttribute("view", today.pupilDay(user, child, day));
            return "homework/today";
        }
        if (user.is(Profile.TEACHER)) {
            model.addAttribute("view", today.teacherDay(user, day));
            return "homework/today_teacher";
        }
        model.addAttribute("user", user);
        return "homework/today_other";
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
