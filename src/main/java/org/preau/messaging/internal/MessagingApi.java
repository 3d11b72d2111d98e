package org.preau.messaging.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.directory.RecipientGroup;
import org.preau.identity.CurrentUser;
import org.preau.messaging.internal.Mail.DraftInput;
import org.preau.messaging.internal.Mail.Message;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

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

    MessagingApi(MessagingService messaging, ModerationService moderation) {
        this.messaging = messaging;
        this.moderation = moderation;
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
    record MessageRequest(String subject, String body, List<String> targets, Optional<UUID> parentId) {

        DraftInput input() {
            return new DraftInput(subject, body, targets, parentId);
        }
    }

    record Saved(UUID id) {}

    @PostMapping("/messages")
    @ResponseStatus(HttpStatus.CREATED)
    Message send(@AuthenticationPrincipal CurrentUser user, @RequestBody MessageRequest request) {
        return messaging.sendNew(user, request.input());
    }

    @PostMapping("/messages/drafts")
    @ResponseStatus(HttpStatus.CREATED)
    Saved newDraft(@AuthenticationPrincipal CurrentUser user, @RequestBody MessageRequest request) {
        return new Saved(messaging.saveDraft(user, Optional.empty(), request.input()));
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
