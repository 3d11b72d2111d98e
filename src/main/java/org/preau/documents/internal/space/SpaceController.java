package org.preau.documents.internal.space;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.documents.FileDownloads;
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

/** The "espace documentaire" pages: one's own space, the trash, what is shared with one, and sharing. */
@Controller
class SpaceController {

    private final SpaceService spaces;
    private final FileDownloads downloads;

    SpaceController(SpaceService spaces, FileDownloads downloads) {
        this.spaces = spaces;
        this.downloads = downloads;
    }

    @GetMapping("/documents")
    String root(@AuthenticationPrincipal CurrentUser user, @RequestParam Optional<String> fait, Model model) {
        return space(user, Optional.empty(), FormErrors.none(), fait, model);
    }

    @GetMapping("/documents/dossiers/{folderId}")
    String folder(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID folderId,
            @RequestParam Optional<String> fait,
            Model model) {
        return space(user, Optional.of(folderId), FormErrors.none(), fait, model);
    }

    private String space(
            CurrentUser user, Optional<UUID> folder, FormErrors errors, Optional<String> done, Model model) {
        model.addAttribute("listing", spaces.list(user, folder));
        model.addAttribute("folders", spaces.folders(user));
        model.addAttribute("errors", errors);
        model.addAttribute("done", done.filter(d -> d.matches("[a-z]{1,20}")).orElse(""));
        return "documents/space";
    }

    private static String back(Optional<UUID> folder, String done) {
        return "redirect:" + folder.map(f -> "/documents/dossiers/" + f).orElse("/documents") + "?fait=" + done;
    }

    @PostMapping("/documents/televerser")
    String upload(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(name = "dossier", required = false) Optional<UUID> folder,
            @RequestParam(name = "file", required = false) MultipartFile file,
            Model model)
            throws IOException {
        try {
            if (file == null
                    || file.isEmpty()
                            && (file.getOriginalFilename() == null
                                    || file.getOriginalFilename().isBlank())) {
                throw Problem.invalid("file", "documents.file.required");
            }
            spaces.upload(user, folder, file.getOriginalFilename(), file.getSize(), file.getInputStream());
        } catch (Problem invalid) {
            if (!invalid.hasFields()) {
                throw invalid;
            }
            return space(user, folder, FormErrors.of(invalid), Optional.empty(), model);
        }
        return back(folder, "ajoute");
    }

    @PostMapping("/documents/dossiers")
    String createFolder(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(name = "dossier", required = false) Optional<UUID> parent,
            @RequestParam(name = "name", defaultValue = "") String name,
            Model model) {
        try {
            spaces.createFolder(user, parent, name);
        } catch (Problem invalid) {
            if (!invalid.hasFields()) {
                throw invalid;
            }
            return space(user, parent, FormErrors.of(invalid), Optional.empty(), model);
        }
        return back(parent, "cree");
    }

    @PostMapping("/documents/elements/{nodeId}/renommer")
    String rename(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID nodeId,
            @RequestParam(name = "name", defaultValue = "") String name,
            @RequestParam(name = "dossier", required = false) Optional<UUID> folder,
            Model model) {
        try {
            spaces.rename(user, nodeId, name);
        } catch (Problem invalid) {
            if (!invalid.hasFields()) {
                throw invalid;
            }
            return space(user, folder, FormErrors.of(invalid), Optional.empty(), model);
        }
        return back(folder, "renomme");
    }

    @PostMapping("/documents/elements/{nodeId}/deplacer")
    String move(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID nodeId,
            @RequestParam(name = "target", defaultValue = "") String target,
            @RequestParam(name = "dossier", required = false) Optional<UUID> folder,
            Model model) {
        try {
            spaces.move(user, nodeId, target.isBlank() ? Optional.empty() : Optional.of(parse(target)));
        } catch (Problem invalid) {
            if (!invalid.hasFields()) {
                throw invalid;
            }
            return space(user, folder, FormErrors.of(invalid), Optional.empty(), model);
        }
        return back(folder, "deplace");
    }

    @PostMapping("/documents/elements/{nodeId}/corbeille")
    String trash(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID nodeId,
            @RequestParam(name = "dossier", required = false) Optional<UUID> folder) {
        spaces.trash(user, nodeId);
        return back(folder, "jete");
    }

    @GetMapping("/documents/corbeille")
    String trashPage(@AuthenticationPrincipal CurrentUser user, @RequestParam Optional<String> fait, Model model) {
        model.addAttribute("nodes", spaces.trash(user));
        model.addAttribute("usage", spaces.usage(user));
        model.addAttribute("done", fait.filter(d -> d.matches("[a-z]{1,20}")).orElse(""));
        return "documents/trash";
    }

    @PostMapping("/documents/elements/{nodeId}/restaurer")
    String restore(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID nodeId) {
        spaces.restore(user, nodeId);
        return "redirect:/documents/corbeille?fait=restaure";
    }

    @PostMapping("/documents/elements/{nodeId}/supprimer")
    String purge(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID nodeId) {
        spaces.purge(user, nodeId);
        return "redirect:/documents/corbeille?fait=supprime";
    }

    @GetMapping("/documents/partages")
    String shared(@AuthenticationPrincipal CurrentUser user, Model model) {
        var nodes = spaces.sharedWithMe(user);
        model.addAttribute("nodes", nodes);
        model.addAttribute("owners", nodes.stream().map(spaces::ownerName).toList());
        return "documents/shared";
    }

    @GetMapping("/documents/partages/{nodeId}")
    String sharedNode(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID nodeId, Model model) {
        model.addAttribute("view", spaces.view(user, nodeId));
        return "documents/shared_node";
    }

    @GetMapping("/documents/elements/{nodeId}/partage")
    String sharePage(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID nodeId,
            @RequestParam(name = "q", defaultValue = "") String query,
            Model model) {
        return sharePage(user, nodeId, query, FormErrors.none(), model);
    }

    private String sharePage(CurrentUser user, UUID nodeId, String query, FormErrors errors, Model model) {
        var view = spaces.view(user, nodeId);
        if (!view.node().ownerId().equals(user.accountId())) {
            throw Problem.notFound();
        }
        model.addAttribute("node", view.node());
        model.addAttribute("shares", spaces.sharesOf(user, nodeId));
        model.addAttribute("targets", spaces.targets(user, Optional.of(query)));
        model.addAttribute("query", query);
        model.addAttribute("errors", errors);
        return "documents/share";
    }

    @PostMapping("/documents/elements/{nodeId}/partage")
    String share(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID nodeId,
            @RequestParam(name = "target", defaultValue = "") String target,
            Model model) {
        try {
            String[] parts = target.split(":", 2);
            if (parts.length != 2) {
                throw Problem.invalid("target", "documents.share.pick");
            }
            spaces.share(user, nodeId, parts[0], parse(parts[1]));
        } catch (Problem invalid) {
            if (!invalid.hasFields()) {
                throw invalid;
            }
            return sharePage(user, nodeId, "", FormErrors.of(invalid), model);
        }
        return "redirect:/documents/elements/" + nodeId + "/partage";
    }

    @PostMapping("/documents/elements/{nodeId}/partage/retirer")
    String unshare(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID nodeId,
            @RequestParam(name = "target", defaultValue = "") String target) {
        String[] parts = target.split(":", 2);
        if (parts.length == 2) {
            spaces.unshare(user, nodeId, parts[0], parse(parts[1]));
        }
        return "redirect:/documents/elements/" + nodeId + "/partage";
    }

    @GetMapping("/documents/fichiers/{nodeId}")
    void download(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID nodeId,
            @RequestParam(name = "voir", defaultValue = "false") boolean view,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        Node file = spaces.readableFile(user, nodeId);
        downloads.send(request, response, file.blobKey().orElseThrow(), file.name(), file.contentType(), view);
    }

    static UUID parse(String id) {
        try {
            return UUID.fromString(id.strip());
        } catch (IllegalArgumentException e) {
            throw Problem.invalid("target", "documents.share.pick");
        }
    }

    static List<String> none() {
        return List.of();
    }
}
