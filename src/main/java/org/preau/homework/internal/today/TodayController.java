package org.preau.homework.internal.today;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.preau.homework.internal.entries.EntryService;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
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
    private final Clock clock;

    TodayController(TodayService today, Clock clock) {
        this.today = today;
        this.clock = clock;
    }

    @GetMapping("/")
    String today(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(name = "enfant", required = false) Optional<UUID> child,
            Model model,
            HttpServletResponse response) {
        response.setHeader("Cache-Control", "private, no-cache");
        var day = EntryService.today(clock);
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
