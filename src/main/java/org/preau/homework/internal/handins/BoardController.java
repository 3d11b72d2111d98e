package org.preau.homework.internal.handins;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.preau.directory.Directory;
import org.preau.homework.internal.Fmt;
import org.preau.homework.internal.Notices;
import org.preau.homework.internal.entries.Work;
import org.preau.homework.internal.files.StagedUploads;
import org.preau.homework.internal.today.TodayService;
import org.preau.identity.CurrentUser;
import org.preau.platform.SchoolTime;
import org.preau.platform.web.Problem;
import org.preau.platform.web.forms.FormErrors;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.format.annotation.DateTimeFormat.ISO;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.BindParam;
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
    private final Directory directory;
    private final StagedUploads staging;

    BoardController(HandinService handins, TodayService today, Directory directory, StagedUploads staging) {
        this.staging = staging;
        this.handins = handins;
        this.today = today;
        this.directory = directory;
    }

    @GetMapping("/travail/{workId}/depots")
    String board(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID workId,
            @RequestParam(name = "fait", required = false) Optional<String> done,
            @RequestParam(name = "eleve", required = false) Optional<UUID> pupil,
            Locale locale,
            Model model) {
        var board = handins.board(user, workId);
        // The confirmation names the pupil acted on, and for an extension the new deadline.
        var row = pupil.flatMap(board::rowOf);
        String name = row.map(r -> r.pupil().displayName()).orElse("");
        String until = row.flatMap(HandinService.BoardRow::handin)
                .flatMap(Handin::extendedUntil)
                .map(at -> Fmt.at(at, locale))
                .orElse("");
        model.addAttribute("notice", row.isPresent() ? Notices.of(done, name, until) : Optional.empty());
        model.addAttribute("board", board);
        model.addAttribute("subject", subjectOf(board.work()));
        model.addAttribute("audience", audienceOf(user, board.work()));
        return "homework/board";
    }

    @GetMapping("/depots/{handinId}")
    String handin(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID handinId, Model model) {
        return page(handins.handinPage(user, handinId), FormErrors.none(), model);
    }

    /**
     * The teacher's feedback form as posted, bound by Spring under the form's field names.
     *
     * @param kept the files kept from a refused send ({@link StagedUploads})
     * @param removed those of the kept files the teacher removed
     */
    record FeedbackForm(
            @BindParam("commentaire") String comment,
            @BindParam("fichiers") List<MultipartFile> files,
            @BindParam("deja") List<UUID> kept,
            @BindParam("retirer") List<UUID> removed) {

        FeedbackForm {
            comment = comment == null ? "" : comment;
        }
    }

    @PostMapping("/depots/{handinId}/retour")
    String giveBack(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID handinId,
            FeedbackForm form,
            BindingResult binding,
            Model model) {
        WorkController.refuseUnreadable(binding);
        var sent = new WorkController.Sent(
                staging, user, form.kept(), form.removed(), WorkController.uploads(form.files()));
        try {
            var h = handins.giveBack(user, handinId, form.comment(), sent.uploads());
            return backToBoard(h, "corrige");
        } catch (Problem invalid) {
            if (!invalid.hasFields()) {
                throw invalid;
            }
            model.addAttribute("staged", sent.keep());
            return page(handins.handinPage(user, handinId), FormErrors.of(invalid), model);
        }
    }

    @PostMapping("/depots/{handinId}/rouvrir")
    String reopen(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID handinId) {
        return backToBoard(handins.reopen(user, handinId), "rouvert");
    }

    /** The extension form as posted: the pupil, and the new deadline in the school's local time. */
    record ExtensionForm(
            @BindParam("eleve") UUID pupil,

            @BindParam("jusqua") @DateTimeFormat(iso = ISO.DATE_TIME)
            LocalDateTime until) {}

    @PostMapping("/travail/{workId}/prolongation")
    String extend(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID workId,
            ExtensionForm form,
            BindingResult binding) {
        if (binding.hasFieldErrors("eleve")) {
            throw Problem.badRequest("problem.badParameter", "eleve");
        }
        if (form.pupil() == null) {
            throw Problem.badRequest("problem.badRequest");
        }
        if (form.until() == null) { // missing, or not a date and time
            throw Problem.invalid("until", "homework.form.badDate");
        }
        Instant at = form.until().atZone(SchoolTime.ZONE).toInstant();
        return backToBoard(handins.extend(user, workId, form.pupil(), at), "prolonge");
    }

    /**
     * Every submission as one zip, named for people: {@code rendus-3e B-Mathématiques-2026-12-04.zip} (UTF-8 in
     * {@code filename*}, an ASCII fallback in {@code filename} for old clients).
     */
    @GetMapping("/travail/{workId}/depots.zip")
    void zip(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID workId, HttpServletResponse response)
            throws IOException {
        var board = handins.board(user, workId); // refuse before the first byte is sent
        Work w = board.work();
        String name = "rendus-" + audienceOf(user, w) + "-" + subjectOf(w) + "-" + w.dueDate() + ".zip";
        response.setContentType("application/zip");
        response.setHeader("Content-Disposition", attachment(name));
        handins.zip(user, workId, response.getOutputStream());
    }

    /** {@code attachment} with a plain-ASCII {@code filename} and the exact name in RFC 8187 {@code filename*}. */
    static String attachment(String name) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .replaceAll("[^A-Za-z0-9._-]+", "_");
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }

    private String backToBoard(Handin h, String done) {
        return "redirect:/travail/" + h.workId() + "/depots?fait=" + done + "&eleve=" + h.pupilId() + "#p-"
                + h.pupilId();
    }

    private String subjectOf(Work w) {
        return today.labels(w.schoolId()).getOrDefault(w.subjectId(), "");
    }

    /** The class or group's name, from the teacher's own assignments (they teach it: the service checked). */
    private String audienceOf(CurrentUser user, Work w) {
        return directory.assignmentsOf(user.accountId()).stream()
                .filter(a -> a.audience().id().equals(w.audienceId()))
                .map(a -> a.audience().name())
                .findFirst()
                .orElse("");
    }

    private String page(HandinService.HandinPage p, FormErrors errors, Model model) {
        model.addAttribute("page", p);
        model.addAttribute("subject", subjectOf(p.work()));
        model.addAttribute("errors", errors);
        return "homework/handin";
    }
}
