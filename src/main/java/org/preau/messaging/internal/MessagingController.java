package org.preau.messaging.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.preau.documents.FileDownloads;
import org.preau.identity.CurrentUser;
import org.preau.messaging.internal.Mail.AttachmentChanges;
import org.preau.messaging.internal.Mail.DraftInput;
import org.preau.messaging.internal.Mail.Target;
import org.preau.messaging.internal.Mail.Upload;
import org.preau.messaging.internal.MessagingService.Mode;
import org.preau.platform.web.Problem;
import org.preau.platform.web.SafeRedirect;
import org.preau.platform.web.Ui;
import org.preau.platform.web.forms.FormErrors;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.BindParam;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;

/**
 * The messaging pages: folders, a conversation, the compose form (which works without JavaScript: searching and
 * adding recipients, saving the draft and sending are buttons of one form; with JavaScript the draft is also saved as
 * one types), and the actions on a message.
 */
@Controller
class MessagingController {

    private final MessagingService messaging;
    private final ModerationService moderation;
    private final FileDownloads downloads;

    MessagingController(MessagingService messaging, ModerationService moderation, FileDownloads downloads) {
        this.messaging = messaging;
        this.moderation = moderation;
        this.downloads = downloads;
    }

    @GetMapping("/messagerie")
    String inbox(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(name = "dossier", required = false) Optional<String> folderName,
            @RequestParam(name = "q", required = false) Optional<String> query,
            @RequestParam(name = "apres", required = false) Optional<String> after,
            @RequestParam(name = "fait", required = false) Optional<String> done,
            Model model) {
        return inboxPage(user, folderName, query, after, done, FormErrors.none(), "", model);
    }

    private String inboxPage(
            CurrentUser user,
            Optional<String> folderName,
            Optional<String> query,
            Optional<String> after,
            Optional<String> done,
            FormErrors errors,
            String folderDraft,
            Model model) {
        var folder = messaging.folder(user, folderName);
        var q = query.map(String::strip).filter(s -> !s.isEmpty());
        model.addAttribute("folder", folder);
        model.addAttribute("folderName", folderName.orElse("reception"));
        model.addAttribute("query", q);
        model.addAttribute("page", messaging.list(user, folder, q, after));
        model.addAttribute("folders", messaging.folders(user));
        model.addAttribute("unread", messaging.unread(user));
        model.addAttribute("moderator", !moderation.moderatedSchools(user).isEmpty());
        model.addAttribute("done", done.filter(d -> d.matches("[a-z-]{1,20}")));
        model.addAttribute("errors", errors);
        model.addAttribute("folderDraft", folderDraft);
        banner(user, model);
        return "messaging/inbox";
    }

    @GetMapping("/messagerie/messages/{messageId}")
    String thread(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID messageId,
            @RequestParam(name = "fait", required = false) Optional<String> done,
            Model model) {
        return threadPage(user, messageId, done, FormErrors.none(), model);
    }

    private String threadPage(CurrentUser user, UUID messageId, Optional<String> done, FormErrors errors, Model model) {
        var thread = messaging.openThread(user, messageId);
        var current = thread.stream()
                .filter(m -> m.id().equals(messageId))
                .findFirst()
                .orElseThrow(Problem::notFound);
        model.addAttribute("thread", thread);
        model.addAttribute("current", current);
        model.addAttribute("folders", messaging.folders(user));
        model.addAttribute("done", done.filter(d -> d.matches("[a-z-]{1,20}")));
        model.addAttribute("errors", errors);
        banner(user, model);
        return "messaging/thread";
    }

    /** The form's fields, bound under their French names. */
    record ComposeForm(
            @BindParam("sujet") String subject,
            @BindParam("message") String body,
            @BindParam("cibles") List<String> targets,
            @BindParam("ajouter") List<String> add,
            @BindParam("retirer") List<String> remove,
            @BindParam("parent") Optional<UUID> parent,
            @BindParam("recherche") String search,
            @BindParam("action") String action,
            @BindParam("pieces") List<MultipartFile> files,
            @BindParam("retirer-piece") List<UUID> removeFiles) {

        ComposeForm {
            files = files == null ? List.of() : files;
            removeFiles = removeFiles == null ? List.of() : removeFiles;
            targets = targets == null ? List.of() : targets;
            add = add == null ? List.of() : add;
            remove = remove == null ? List.of() : remove;
            parent = parent == null ? Optional.empty() : parent;
            search = search == null ? "" : search;
            action = action == null ? "brouillon" : action;
        }

        DraftInput input() {
            var keys = new LinkedHashSet<>(targets);
            keys.removeAll(remove);
            keys.addAll(add);
            return new DraftInput(subject, body, new ArrayList<>(keys), parent);
        }

        /** The files chosen (a file field left empty sends one nameless part) and those ticked for removal. */
        AttachmentChanges changes() {
            var uploads = files.stream()
                    .filter(f -> f.getOriginalFilename() != null
                            && !f.getOriginalFilename().isBlank())
                    .map(f -> new Upload(f.getOriginalFilename(), f.getSize(), f::getInputStream))
                    .toList();
            return new AttachmentChanges(uploads, removeFiles, Optional.empty());
        }
    }

    @GetMapping("/messagerie/nouveau")
    String compose(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(name = "a", required = false) Optional<UUID> to,
            @ModelAttribute("ui") Ui ui,
            Model model) {
        var input =
                to.map(id -> messaging.startTo(user, id)).orElse(new DraftInput("", "", List.of(), Optional.empty()));
        return composePage(user, Optional.empty(), input, "", FormErrors.none(), Optional.empty(), ui, model);
    }

    @GetMapping("/messagerie/brouillons/{draftId}")
    String draft(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID draftId,
            @RequestParam(name = "fait", required = false) Optional<String> done,
            @ModelAttribute("ui") Ui ui,
            Model model) {
        var d = messaging.draft(user, draftId);
        var input = new DraftInput(
                d.subject(),
                d.bodySource(),
                d.targets().stream().map(Target::key).toList(),
                d.parentId());
        return composePage(user, Optional.of(draftId), input, "", FormErrors.none(), done, ui, model);
    }

    @PostMapping(path = "/messagerie/brouillons", params = "!autosave")
    String saveNew(
            @AuthenticationPrincipal CurrentUser user, ComposeForm form, @ModelAttribute("ui") Ui ui, Model model) {
        return save(user, Optional.empty(), form, ui, model);
    }

    @PostMapping(path = "/messagerie/brouillons/{draftId}", params = "!autosave")
    String saveExisting(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID draftId,
            ComposeForm form,
            @ModelAttribute("ui") Ui ui,
            Model model) {
        return save(user, Optional.of(draftId), form, ui, model);
    }

    /** The draft saved as one types: the page's small script posts the same form with {@code autosave=1}. */
    @PostMapping(path = "/messagerie/brouillons", params = "autosave", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Map<String, String> autosaveNew(@AuthenticationPrincipal CurrentUser user, ComposeForm form) {
        UUID id = messaging.saveDraft(user, Optional.empty(), form.input());
        return Map.of("id", id.toString(), "url", "/messagerie/brouillons/" + id);
    }

    @PostMapping(
            path = "/messagerie/brouillons/{draftId}",
            params = "autosave",
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Map<String, String> autosaveExisting(
            @AuthenticationPrincipal CurrentUser user, @PathVariable UUID draftId, ComposeForm form) {
        UUID id = messaging.saveDraft(user, Optional.of(draftId), form.input());
        return Map.of("id", id.toString(), "url", "/messagerie/brouillons/" + id);
    }

    private String save(CurrentUser user, Optional<UUID> draftId, ComposeForm form, Ui ui, Model model) {
        var input = form.input();
        if ("envoyer".equals(form.action()) && draftId.isPresent() && messaging.sentByMe(user, draftId.get())) {
            // The same send posted again (its first answer never arrived, or a double click): the message went
            // once; show it rather than "not found" for a draft that is no more, and send nothing twice.
            return "redirect:/messagerie/messages/" + draftId.get() + "?fait=envoye";
        }
        if ("supprimer".equals(form.action()) && draftId.isPresent()) {
            messaging.discardDraft(user, draftId.get());
            return "redirect:/messagerie?dossier=brouillons&fait=supprime";
        }
        UUID id;
        try {
            id = messaging.saveDraft(user, draftId, input, form.changes());
        } catch (Problem refused) {
            if (refused.status() == HttpStatus.NOT_FOUND) {
                throw refused;
            }
            return composePage(
                    user, draftId, input, form.search(), FormErrors.of(refused), Optional.empty(), ui, model);
        }
        switch (form.action()) {
            case "envoyer" -> {
                try {
                    var sent = messaging.send(user, id);
                    return "redirect:/messagerie/messages/" + sent.id() + "?fait=envoye";
                } catch (Problem refused) {
                    if (refused.status() == HttpStatus.NOT_FOUND) {
                        throw refused;
                    }
                    return composePage(
                            user,
                            Optional.of(id),
                            input,
                            form.search(),
                            FormErrors.of(refused),
                            Optional.empty(),
                            ui,
                            model);
                }
            }
            case "chercher", "ajouter" -> {
                return composePage(
                        user, Optional.of(id), input, form.search(), FormErrors.none(), Optional.empty(), ui, model);
            }
            case "joindre" -> {
                return "redirect:/messagerie/brouillons/" + id + "?fait=joint#pieces-jointes";
            }
            default -> {
                return "redirect:/messagerie/brouillons/" + id + "?fait=enregistre";
            }
        }
    }

    private String composePage(
            CurrentUser user,
            Optional<UUID> draftId,
            DraftInput input,
            String search,
            FormErrors errors,
            Optional<String> done,
            Ui ui,
            Model model) {
        model.addAttribute("draftId", draftId);
        model.addAttribute("input", input);
        model.addAttribute(
                "attachments",
                draftId.map(id -> messaging.draft(user, id).attachments()).orElse(List.of()));
        model.addAttribute("attachmentLimit", messaging.attachmentLimit());
        model.addAttribute("targets", messaging.describe(user, input.targets()));
        model.addAttribute("search", search);
        var found = search.isBlank()
                ? Optional.<MessagingService.Found>empty()
                : Optional.of(messaging.searchRecipients(user, search, g -> Views.matches(ui, g, search)));
        model.addAttribute("found", found);
        model.addAttribute("errors", errors);
        model.addAttribute("done", done.filter(d -> d.matches("[a-z-]{1,20}")));
        banner(user, model);
        return "messaging/compose";
    }

    /** Reply, reply to all, forward: a draft made from the message, then its form. */
    @PostMapping("/messagerie/messages/{messageId}/repondre")
    String reply(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID messageId,
            @RequestParam(name = "mode", defaultValue = "repondre") String mode,
            @ModelAttribute("ui") Ui ui) {
        Mode m = switch (mode) {
            case "tous" -> Mode.REPLY_ALL;
            case "transferer" -> Mode.FORWARD;
            default -> Mode.REPLY;
        };
        var original = messaging.message(user, messageId);
        String prefix = ui.t(m == Mode.FORWARD ? "messaging.forward.prefix" : "messaging.reply.prefix") + " ";
        String header = ui.t(
                "messaging.forward.header",
                original.senderName(),
                original.sentAt().map(at -> Views.at(at, ui.locale())).orElse(""),
                original.subject());
        UUID id = messaging.startDraft(user, messageId, m, prefix, header);
        return "redirect:/messagerie/brouillons/" + id;
    }

    /** A message's file, for its parties only (the service decides; anyone else gets "not found"). */
    @GetMapping("/messagerie/messages/{messageId}/pieces/{attachmentId}")
    void download(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID messageId,
            @PathVariable UUID attachmentId,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        var a = messaging.attachment(user, messageId, attachmentId);
        downloads.send(
                request,
                response,
                a.storageKey(),
                a.attachment().filename(),
                a.attachment().contentType(),
                false);
    }

    /** Read, unread, to the trash, back from it, to a folder: one form per action on the message's page. */
    @PostMapping("/messagerie/messages/{messageId}/etat")
    String state(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID messageId,
            @RequestParam("action") String action,
            @RequestParam(name = "dossier", required = false) Optional<String> folder,
            @RequestParam(name = "retour", required = false) Optional<String> back) {
        String done;
        switch (action) {
            case "non-lu" -> {
                messaging.markRead(user, messageId, false);
                done = "non-lu";
            }
            case "lu" -> {
                messaging.markRead(user, messageId, true);
                done = "lu";
            }
            case "corbeille" -> {
                messaging.trash(user, messageId, true);
                done = "corbeille";
            }
            case "restaurer" -> {
                messaging.trash(user, messageId, false);
                done = "restaure";
            }
            case "deplacer" -> {
                Optional<UUID> target = folder.filter(f -> !f.isBlank() && !"aucun".equals(f))
                        .map(f -> {
                            try {
                                return UUID.fromString(f);
                            } catch (IllegalArgumentException e) {
                                throw Problem.invalid("dossier", "messaging.folder.unknown");
                            }
                        });
                messaging.move(user, messageId, target);
                done = "deplace";
            }
            default -> throw Problem.badRequest("messaging.action.unknown");
        }
        String fallback =
                "corbeille".equals(done) || "non-lu".equals(done) ? "/messagerie" : "/messagerie/messages/" + messageId;
        String to = SafeRedirect.path(back.orElse(fallback), fallback);
        return "redirect:" + to + (to.contains("?") ? "&" : "?") + "fait=" + done;
    }

    @PostMapping("/messagerie/messages/{messageId}/signaler")
    String report(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID messageId,
            @RequestParam(name = "raison", required = false) String reason,
            Model model) {
        try {
            moderation.report(user, messageId, reason);
        } catch (Problem refused) {
            if (refused.status() == HttpStatus.NOT_FOUND) {
                throw refused;
            }
            return threadPage(user, messageId, Optional.empty(), FormErrors.of(refused), model);
        }
        return "redirect:/messagerie/messages/" + messageId + "?fait=signale";
    }

    @PostMapping("/messagerie/dossiers")
    String newFolder(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(name = "nom", required = false) String name,
            Model model) {
        try {
            var folder = messaging.createFolder(user, name);
            return "redirect:/messagerie?dossier=" + folder.id() + "&fait=dossier";
        } catch (Problem refused) {
            if (!refused.hasFields()) {
                throw refused;
            }
            return inboxPage(
                    user,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    FormErrors.of(refused),
                    name == null ? "" : name,
                    model);
        }
    }

    private void banner(CurrentUser user, Model model) {
        model.addAttribute("suspension", messaging.suspension(user));
        model.addAttribute("accountSuspended", messaging.accountSuspended(user));
    }
}
