package org.preau.directory.internal.imports;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.directory.Rights;
import org.preau.identity.CurrentUser;
import org.preau.platform.web.Problem;
import org.preau.platform.web.UploadLimits;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.stereotype.Service;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * /admin/imports: the operator uploads directory files, sees the report, and the history of earlier runs. Only
 * the operator's administrators (profile ADMIN) may import: an import writes every school of the district.
 */
@Controller
class ImportController {

    private final ImportAdmin admin;

    /** The server's upload limit, stated on the form (larger files go through {@code ./preau import}). */
    private final UploadLimits uploads;

    ImportController(ImportAdmin admin, UploadLimits uploads) {
        this.admin = admin;
        this.uploads = uploads;
    }

    @GetMapping("/admin/imports")
    String page(@AuthenticationPrincipal CurrentUser user, Model model) {
        return render(user, model, Optional.empty(), false);
    }

    @GetMapping("/admin/imports/{id}")
    String run(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, Model model) {
        var report = admin.report(user, id).orElseThrow(Problem::notFound);
        return render(user, model, Optional.of(report), false);
    }

    @PostMapping("/admin/imports")
    String upload(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(name = "files", required = false) List<MultipartFile> files,
            Model model) {
        var chosen = files == null
                ? List.<MultipartFile>of()
                : files.stream().filter(f -> !f.isEmpty()).toList();
        if (chosen.isEmpty()) {
            admin.check(user);
            return render(user, model, Optional.empty(), true);
        }
        var outcome = admin.upload(user, chosen);
        return "redirect:/admin/imports/" + outcome.runId();
    }

    private String render(CurrentUser user, Model model, Optional<ImportReport> report, boolean noFile) {
        model.addAttribute("runs", admin.history(user));
        model.addAttribute("report", report.orElse(null));
        model.addAttribute("noFile", noFile);
        model.addAttribute("maxUploadMegabytes", uploads.requestMegabytes());
        return "directory/imports/index";
    }

    /** The rights check lives here, in the service layer, for every read and write. */
    @Service
    static class ImportAdmin {

        private final DirectoryImporter importer;
        private final ImportRuns runs;
        private final Rights rights;

        ImportAdmin(DirectoryImporter importer, ImportRuns runs, Rights rights) {
            this.importer = importer;
            this.runs = runs;
            this.rights = rights;
        }

        void check(CurrentUser user) {
            if (!rights.isOperator(user)) {
                throw new AccessDeniedException("imports are for the operator's administrators");
            }
        }

        DirectoryImporter.Outcome upload(CurrentUser user, List<MultipartFile> files) {
            check(user);
            var sources = new ArrayList<DirectoryImporter.Source>();
            for (var f : files) {
                String name = f.getOriginalFilename() == null ? "upload" : f.getOriginalFilename();
                sources.add(new DirectoryImporter.Source(name, f::getInputStream));
            }
            return importer.run(sources, user.login(), Optional.of(user.accountId()));
        }

        List<ImportRuns.Run> history(CurrentUser user) {
            check(user);
            return runs.latest(20);
        }

        Optional<ImportReport> report(CurrentUser user, UUID id) {
            check(user);
            return runs.report(id);
        }
    }
}
