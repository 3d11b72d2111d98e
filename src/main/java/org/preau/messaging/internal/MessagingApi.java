package org.preau.messaging.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.directory.RecipientGroup;
import org.preau.documents.FileDownloads;
import org.preau.identity.CurrentUser;
import org.preau.messaging.internal.Mail.AttachmentChanges;
import org.preau.messaging.internal.Mail.DraftInput;
import org.preau.messaging.internal.Mail.Message;
import org.preau.messaging.internal.Mail.Upload;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Messaging for apps and integrations: the same services as the pages, so the same rules hold (one reads only what
 * one is a party to, writes only to whom the communication rules allow, within the send limits, never while
 * suspended). Refusals are problem details in the caller's language; the send limit answers 429 with
 * {@code Retry-After}.
 */
@RestController
@RequestMapping("/api/v1")
class MessagingApi {

    private final MessagingService messaging;
    private final ModerationService moderation;
    private final FileDownloads downloads;

    MessagingApi(MessagingService messaging, ModerationService moderation, FileDownloads downloads) {
        this.messaging = messaging;
        this.moderation = moderation;
        this.downloads = downloads;
    }

    /**
     * A folder ({@code reception}, {@code envoyes}, {@code brouillons}, {@code corbeille} or one's folder id), newest
     * first, or a search of one's messages with {@code q}; {@code after} is the previous page's {@code next}.
     */
    @GetMapping("/messages")
    Mail.Page list(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam Optional<String> folder,
            @RequestParam Optional<String> q,
            @RequestParam Optional<String> after) {
        return messaging.list(user, messaging.folder(user, folder), q, after);
    }

    record Unread(int unread) {}

    @GetMapping("/messages/unread")
    Unread unread(@AuthenticationPrincipal CurrentUser user) {
        return new Unread(messaging.unread(user));
    }

    /** The conversation of a message, as far as one is a party to it; marks the message read. */
    @GetMapping("/messages/{messageId}")
    List<Message> thread(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID messageId) {
        return messaging.openThread(user, messageId);
    }

    /**
     * A message to write: {@code targets} are {@code P:<accountId>} for a person or a group's key from
     * {@code /api/v1/messaging/recipients}; {@code parentId} is the message answered or forwarded.
     */
    record MessageRequest(
            String subject, String body, List<String> targets, Optional<UUID> parentId, Optional<Boolean> forward) {

        MessageRequest {
            parentId = parentId == null ? Optional.empty() : parentId;
            forward = forward == null ? Optional.empty() : forward;
        }

        DraftInput input() {
            return new DraftInput(subject, body, targets, parentId);
        }

        /** With {@code "forward": true}, a new message carries the files of {@code parentId} (a forward). */
        AttachmentChanges changes(List<Upload> uploads) {
            boolean forwarding = forward.orElse(false) && parentId.isPresent();
            return new AttachmentChanges(uploads, List.of(), forwarding ? parentId : Optional.empty());
        }
    }

    record Saved(UUID id) {}

    @PostMapping(path = "/messages", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    Message send(@AuthenticationPrincipal CurrentUser user, @RequestBody MessageRequest request) {
        return messaging.sendNew(user, request.input(), request.changes(List.of()));
    }

    /**
     * Writes and sends a message with files in one request and one transaction: the part {@code message} is the JSON
     * of the plain form, each part {@code files} a file. A refused file (type from its bytes, size, malware) or a
     * refused send leaves nothing behind.
     */
    @PostMapping(path = "/messages", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    Message sendWithFiles(
            @AuthenticationPrincipal CurrentUser user,
            @RequestPart("message") MessageRequest request,
            @RequestPart(name = "files", required = false) List<MultipartFile> files) {
        return messaging.sendNew(user, request.input(), request.changes(uploads(files)));
    }

    @PostMapping("/messages/drafts")
    @ResponseStatus(HttpStatus.CREATED)
    Saved newDraft(@AuthenticationPrincipal CurrentUser user, @RequestBody MessageRequest request) {
        return new Saved(messaging.saveDraft(user, Optional.empty(), request.input(), request.changes(List.of())));
    }

    /** Adds one file to one's draft: the raw body, streamed to the store; {@code name} is the file's name. */
    @PostMapping(path = "/messages/drafts/{draftId}/attachments")
    @ResponseStatus(HttpStatus.CREATED)
    List<Mail.Attachment> attach(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID draftId,
            @RequestParam String name,
            HttpServletRequest request) {
        var upload = new Upload(name, request.getContentLengthLong(), request::getInputStream);
        return messaging.changeAttachments(
                user, draftId, new AttachmentChanges(List.of(upload), List.of(), Optional.empty()));
    }

    @DeleteMapping("/messages/drafts/{draftId}/attachments/{attachmentId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void detach(
            @AuthenticationPrincipal CurrentUser user, @PathVariable UUID draftId, @PathVariable UUID attachmentId) {
        messaging.changeAttachments(
                user, draftId, new AttachmentChanges(List.of(), List.of(attachmentId), Optional.empty()));
    }

    /** A message's file, for its sender and recipients only: anyone else gets 404, like an unknown id. */
    @GetMapping("/messages/{messageId}/attachments/{attachmentId}")
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

    private static List<Upload> uploads(List<MultipartFile> files) {
        if (files == null) {
            return List.of();
        }
        return files.stream()
                .filter(f -> f.getOriginalFilename() != null
                        && !f.getOriginalFilename().isBlank())
                .map(f -> new Upload(f.getOriginalFilename(), f.getSize(), f::getInputStream))
                .toList();
    }

    @PutMapping("/messages/drafts/{draftId}")
    Saved saveDraft(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID draftId,
            @RequestBody MessageRequest request) {
        return new Saved(messaging.saveDraft(user, Optional.of(draftId), request.input()));
    }

    @PostMapping("/messages/drafts/{draftId}/send")
    Message sendDraft(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID draftId) {
        messaging.send(user, draftId);
        return messaging.message(user, draftId);
    }

    @DeleteMapping("/messages/drafts/{draftId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void discard(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID draftId) {
        messaging.discardDraft(user, draftId);
    }

    @PostMapping("/messages/{messageId}/read")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void read(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID messageId) {
        messaging.markRead(user, messageId, true);
    }

    @PostMapping("/messages/{messageId}/unread")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void unread(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID messageId) {
        messaging.markRead(user, messageId, false);
    }

    @PostMapping("/messages/{messageId}/trash")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void trash(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID messageId) {
        messaging.trash(user, messageId, true);
    }

    @PostMapping("/messages/{messageId}/restore")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void restore(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID messageId) {
        messaging.trash(user, messageId, false);
    }

    record ReportRequest(String reason) {}

    @PostMapping("/messages/{messageId}/report")
    @ResponseStatus(HttpStatus.CREATED)
    Saved report(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID messageId,
            @RequestBody(required = false) ReportRequest request) {
        return new Saved(moderation.report(user, messageId, request == null ? "" : request.reason()));
    }

    record Recipient(String key, String kind, String name, Optional<UUID> schoolId) {}

    /** People and groups one may write to whose name contains {@code q}: nobody the rules forbid, ever. */
    @GetMapping("/messaging/recipients")
    List<Recipient> recipients(@AuthenticationPrincipal CurrentUser user, @RequestParam(defaultValue = "") String q) {
        String folded = Views.folded(q.strip());
        var found = messaging.searchRecipients(
                user, q, (RecipientGroup g) -> Views.folded(g.name()).contains(folded));
        var out = new java.util.ArrayList<Recipient>();
        found.groups()
                .forEach(g -> out.add(new Recipient(g.key(), g.kind().name(), g.name(), Optional.of(g.schoolId()))));
        found.people()
                .forEach(p -> out.add(new Recipient(
                        "P:" + p.accountId(), "PERSON_" + p.role().name(), p.displayName(), Optional.empty())));
        return out;
    }

    /** A school's open reports, for its staff and the operator. */
    @GetMapping("/messaging/schools/{schoolId}/reports")
    List<Mail.Report> reports(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID schoolId) {
        return moderation.queue(user, schoolId);
    }

    @PostMapping("/messaging/reports/{reportId}/close")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void close(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID reportId) {
        moderation.close(user, reportId);
    }

    record Reason(String reason) {}

    @PutMapping("/messaging/schools/{schoolId}/suspended-accounts/{accountId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void suspendAccount(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID schoolId,
            @PathVariable UUID accountId,
            @RequestBody Reason reason) {
        moderation.suspendAccount(user, schoolId, accountId, reason.reason());
    }

    @DeleteMapping("/messaging/schools/{schoolId}/suspended-accounts/{accountId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void restoreAccount(
            @AuthenticationPrincipal CurrentUser user, @PathVariable UUID schoolId, @PathVariable UUID accountId) {
        moderation.restoreAccount(user, schoolId, accountId);
    }

    /** The school's messaging suspension (its direction, the operator), with the reason everyone sees. */
    @PutMapping("/messaging/schools/{schoolId}/suspension")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void suspendSchool(
            @AuthenticationPrincipal CurrentUser user, @PathVariable UUID schoolId, @RequestBody Reason reason) {
        moderation.suspendSchool(user, schoolId, reason.reason());
    }

    @DeleteMapping("/messaging/schools/{schoolId}/suspension")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void liftSchool(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID schoolId) {
        moderation.liftSchool(user, schoolId);
    }

    record Suspended(Optional<Mail.Suspension> suspension, boolean accountSuspended) {}

    /** Whether one may send now: the suspension that applies, if any, and whether one's own account is suspended. */
    @GetMapping("/messaging/status")
    Suspended status(@AuthenticationPrincipal CurrentUser user) {
        return new Suspended(messaging.suspension(user), messaging.accountSuspended(user));
    }
}
