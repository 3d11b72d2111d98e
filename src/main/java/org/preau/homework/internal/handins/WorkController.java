package org.preau.homework.internal.handins;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.documents.FileDownloads;
import org.preau.homework.internal.Notices;
import org.preau.homework.internal.files.StagedUploads;
import org.preau.homework.internal.files.Upload;
import org.preau.homework.internal.today.TodayService;
import org.preau.identity.CurrentUser;
import org.preau.platform.web.Problem;
import org.preau.platform.web.forms.FormErrors;
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

/** A piece of work's page: instructions, attachments, and the pupil's hand-in form (read-only for parents). */
@Controller
public class WorkController {

    private final HandinService handins;
    private final FileDownloads downloads;
    private final TodayService today;
    private final StagedUploads staging;

    WorkController(HandinService handins, TodayService today, StagedUploads staging, FileDownloads downloads) {
        this.handins = handins;
        this.downloads = downloads;
        this.today = today;
        this.staging = staging;
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

    /**
     * The hand-in form as posted, bound by Spring under the form's field names.
     *
     * @param kept the files kept from a refused send ({@link StagedUploads})
     * @param removed those of the kept files the pupil removed
     * @param action the button pressed: {@code rendre} hands in, anything else saves a draft
     */
    record HandinForm(
            @BindParam("texte") String text,
            @BindParam("fichiers") List<MultipartFile> files,
            String action,
            @BindParam("deja") List<UUID> kept,
            @BindParam("retirer") List<UUID> removed) {

        HandinForm {
            text = text == null ? "" : text;
        }

        boolean handIn() {
            return "rendre".equals(action);
        }
    }

    @PostMapping("/travail/{workId}/depot")
    String handIn(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID workId,
            HandinForm form,
            BindingResult binding,
            Model model) {
        refuseUnreadable(binding);
        var sent = new Sent(staging, user, form.kept(), form.removed(), uploads(form.files()));
        try {
            handins.save(user, workId, form.text(), sent.uploads(), form.handIn());
        } catch (Problem invalid) {
            if (!invalid.hasFields()) {
                throw invalid;
            }
            model.addAttribute("staged", sent.keep());
            return page(
                    user,
                    handins.view(user, workId, Optional.empty()),
                    model,
                    FormErrors.of(invalid),
                    Optional.of(form.text()));
        }
        return "redirect:/travail/" + workId + "?fait=" + (form.handIn() ? "rendu" : "brouillon");
    }

    @PostMapping("/travail/{workId}/depot/fichiers/{fileId}/retirer")
    String removeFile(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID workId, @PathVariable UUID fileId) {
        handins.removeFile(user, workId, fileId);
        return "redirect:/travail/" + workId + "?fait=retire#h-handin";
    }

    @GetMapping("/fichiers/{fileId}")
    void download(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID fileId,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        var f = handins.file(user, fileId);
        // Attachments never render inline as pages of ours (no stored XSS through an uploaded file).
        downloads.send(request, response, f.storageKey(), f.filename(), f.contentType(), false);
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

    /**
     * The files of one file field of a form as sent: those kept from a refused send ({@code deja}, minus those the
     * user ticked to remove, which are forgotten now) and the new ones. If the form is refused again, {@link #keep()}
     * stages the new ones and returns everything the form should show as already attached.
     */
    public static final class Sent {
        private final StagedUploads staging;
        private final CurrentUser user;
        private final List<UUID> kept;
        private final List<Upload> fresh;

        public Sent(StagedUploads staging, CurrentUser user, List<UUID> kept, List<UUID> removed, List<Upload> fresh) {
            this.staging = staging;
            this.user = user;
            List<UUID> gone = removed == null ? List.of() : removed;
            staging.discard(user, gone);
            this.kept = kept == null
                    ? List.of()
                    : kept.stream().filter(id -> !gone.contains(id)).distinct().toList();
            this.fresh = fresh;
        }

        /** What the service stores: the kept files first (they were attached before), then the new ones. */
        public List<Upload> uploads() {
            var all = new java.util.ArrayList<>(staging.claim(user, kept));
            all.addAll(fresh);
            return all;
        }

        /** After a refusal: keeps the new files that are acceptable on their own, and lists all that are kept. */
        public List<StagedUploads.StagedFile> keep() {
            var out = new java.util.ArrayList<>(staging.find(user, kept));
            out.addAll(staging.stage(user, fresh));
            return out;
        }
    }

    /** The files chosen in a file field (a field left empty sends one nameless part). */
    public static List<Upload> uploads(List<MultipartFile> files) {
        if (files == null) {
            return List.of();
        }
        return files.stream()
                .filter(f -> f.getOriginalFilename() != null
                        && !f.getOriginalFilename().isBlank())
                .map(f -> new Upload(f.getOriginalFilename(), f.getSize(), f::getInputStream))
                .toList();
    }

    /**
     * Refuses a form with a value that does not convert: its free text always does, so it is an id the page wrote
     * itself (a kept file's) and the request did not come from our form. A bad request naming the field.
     */
    static void refuseUnreadable(BindingResult binding) {
        var error = binding.getFieldError();
        if (error != null) {
            throw Problem.badRequest("problem.badParameter", error.getField());
        }
    }
}
