package org.preau.homework.internal.handins;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.UUID;
import org.preau.homework.internal.today.TodayService;
import org.preau.identity.CurrentUser;
import org.preau.platform.SchoolTime;
import org.preau.platform.web.Problem;
import org.preau.platform.web.forms.FormErrors;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/** The teacher's hand-in board for one piece of work: states, one submission, return, reopen, extension, zip. */
@Controller
public class BoardController {

    private final HandinService handins;
    private final TodayService today;

    BoardController(HandinService handins, TodayService today) {
        this.handins = handins;
        this.today = today;
    }

    @GetMapping("/travail/{workId}/depots")
    String board(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID workId, Model model) {
        var board = handins.board(user, workId);
        model.addAttribute("board", board);
        model.addAttribute(
                "subject",
                today.labels(board.work().schoolId()).getOrDefault(board.work().subjectId(), ""));
        return "homework/board";
    }

    @GetMapping("/depots/{handinId}")
    String handin(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID handinId, Model model) {
        return page(user, handins.handinForTeacher(user, handinId), FormErrors.none(), model);
    }

    @PostMapping("/depots/{handinId}/retour")
    String giveBack(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID handinId,
            @RequestParam(name = "commentaire", defaultValue = "") String comment,
            @RequestParam(name = "fichiers", required = false) MultipartFile[] files,
            Model model) {
        try {
            var h = handins.giveBack(user, handinId, comment, WorkController.uploads(files));
            return "redirect:/travail/" + h.workId() + "/depots";
        } catch (Problem invalid) {
            if (!invalid.hasFields()) {
                throw invalid;
            }
            return page(user, handins.handinForTeacher(user, handinId), FormErrors.of(invalid), model);
        }
    }

    @PostMapping("/depots/{handinId}/rouvrir")
    String reopen(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID handinId) {
        var h = handins.reopen(user, handinId);
        return "redirect:/travail/" + h.workId() + "/depots";
    }

    @PostMapping("/travail/{workId}/prolongation")
    String extend(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID workId,
            @RequestParam("eleve") UUID pupilId,
            @RequestParam(name = "jusqua", defaultValue = "") String until) {
        Instant at;
        try {
            at = LocalDateTime.parse(until).atZone(SchoolTime.ZONE).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw Problem.invalid("until", "homework.form.badDate");
        }
        handins.extend(user, workId, pupilId, at);
        return "redirect:/travail/" + workId + "/depots";
    }

    @GetMapping("/travail/{workId}/depots.zip")
    void zip(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID workId, HttpServletResponse response)
            throws IOException {
        handins.board(user, workId); // refuse before the first byte is sent
        response.setContentType("application/zip");
        response.setHeader("Content-Disposition", "attachment; filename=\"depots-" + workId + ".zip\"");
        handins.zip(user, workId, response.getOutputStream());
    }

    private String page(CurrentUser user, Handin h, FormErrors errors, Model model) {
        model.addAttribute("handin", h);
        model.addAttribute("errors", errors);
        return "homework/handin";
    }
}
