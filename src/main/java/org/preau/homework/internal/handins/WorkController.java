package org.preau.homework.internal.handins;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.homework.internal.Notices;
import org.preau.homework.internal.files.Upload;
import org.preau.homework.internal.today.TodayService;
import org.preau.identity.CurrentUser;
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

/** A piece of work's page: instructions, attachments, and the pupil's hand-in form (read-only for parents). */
@Controller
public class WorkController {

    private final HandinService handins;
    private final TodayService today;

    WorkController(HandinService handins, TodayService today) {
        this.handins = handins;
        this.today = today;
    }

    @GetMapping("/travail/{workId}")
    String work(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID workId,
            @RequestParam(name = "enfant", required = false) Optional<UUID> child,
            @RequestParam(name = "fait", required = false) Optional<String> done,
            Model model,
            HttpServletResponse response) {
        response.setHeader("Cache-Control", "private, no-cache");
        model.addAttribute("notice", Notices.of(done));
        return page(user, handins.view(user, workId, child), model, FormErrors.none(), Optional.empty());
    }

    @PostMapping("/travail/{workId}/depot")
    String handIn(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID workId,
            @RequestParam(name = "texte", defaultValue = "") String text,
            @RequestParam(name = "fichiers", required = false) MultipartFile[] files,
            @RequestParam(name = "action", defaultValue = "brouillon") String action,
            Model model) {
        try {
            handins.save(user, workId, text, uploads(files), "rendre".equals(action));
        } catch (Problem invalid) {
            if (!invalid.hasFields()) {
                throw invalid;
            }
            return page(
                    user,
                    handins.view(user, workId, Optional.empty()),
                    model,
                    FormErrors.of(invalid),
                    Optional.of(text));
        }
        return "redirect:/travail/" + workId + "?fait=" + ("rendre".equals(action) ? "rendu" : "brouillon");
    }

    @GetMapping("/fichiers/{fileId}")
    void download(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID fileId, HttpServletResponse response)
            throws IOException {
        var f = handins.file(user, fileId);
        response.setContentType(f.contentType());
        response.setContentLengthLong(f.sizeBytes());
        // Attachments never render inline as pages of ours (no stored XSS through an uploaded file).
        response.setHeader(
                "Content-Disposition",
                "attachment; filename*=UTF-8''"
                        + URLEncoder.encode(f.filename(), StandardCharsets.UTF_8)
                                .replace("+", "%20"));
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Cache-Control", "private, max-age=86400");
        try (InputStream in = handins.open(f)) {
            in.transferTo(response.getOutputStream());
        }
    }

    private String page(
            CurrentUser user, HandinService.WorkView view, Model model, FormErrors errors, Optional<String> typed) {
        model.addAttribute("view", view);
        model.addAttribute(
                "subject",
                today.labels(view.work().schoolId()).getOrDefault(view.work().subjectId(), ""));
        model.addAttribute("errors", errors);
        model.addAttribute(
                "typed", typed.orElse(view.handin().map(Handin::bodyText).orElse("")));
        model.addAttribute("pupilSelf", user.is(org.preau.identity.Profile.PUPIL));
        return "homework/work";
    }

    public static List<Upload> uploads(MultipartFile[] files) {
        if (files == null) {
            return List.of();
        }
        return Arrays.stream(files)
                .filter(f -> f.getOriginalFilename() != null
                        && !f.getOriginalFilename().isBlank())
                .map(f -> new Upload(f.getOriginalFilename(), f.getSize(), f::getInputStream))
                .toList();
    }
}
