package org.preau.messaging.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The records messaging's pages, API and repository exchange. */
public final class Mail {

    private Mail() {}

    /** Whom a message is addressed to, as chosen: a person ({@code PERSON}, ref an account id) or a group key. */
    public record Target(String kind, String ref, String name) {

        public static final String PERSON = "PERSON";

        public boolean isPerson() {
            return PERSON.equals(kind);
        }

        /** What forms carry: {@code P:<accountId>} for a person, the group's key otherwise. */
        public String key() {
            return isPerson() ? "P:" + ref : ref;
        }
    }

    /** A message as its party sees it, with that party's state. */
    public record Message(
            UUID schoolId,
            UUID id,
            UUID threadId,
            UUID senderId,
            String senderName,
            String subject,
            String bodyHtml,
            String bodySource,
            Optional<Instant> sentAt,
            Optional<UUID> parentId,
            List<Target> targets,
            String party,
            boolean read,
            boolean trashed,
            Optional<UUID> folderId,
            List<Attachment> attachments) {

        public Message {
            attachments = attachments == null ? List.of() : List.copyOf(attachments);
        }

        public boolean isDraft() {
            return sentAt.isEmpty();
        }

        public boolean sentByMe() {
            return "SENDER".equals(party);
        }
    }

    /**
     * A file attached to a message, as its parties see it (the storage reference stays in the repository: it is not
     * part of what the pages and the API show).
     */
    public record Attachment(UUID id, String filename, String contentType, long sizeBytes) {}

    /**
     * A file chosen in the compose form or sent to the API, not read yet: the size the client declared (checked
     * before any byte is read) and how to open its bytes.
     */
    public record Upload(String filename, long declaredSize, Opener content) {

        /** Opens the bytes (a multipart part, a request body). */
        @FunctionalInterface
        public interface Opener {
            java.io.InputStream open() throws java.io.IOException;
        }
    }

    /**
     * What a save does to a draft's attachments besides its text: files to add, attachments to remove (by id), and
     * the message whose attachments a forward carries (copied once, when the forward is made).
     */
    public record AttachmentChanges(List<Upload> add, List<UUID> remove, Optional<UUID> forwardOf) {

        public static final AttachmentChanges NONE = new AttachmentChanges(List.of(), List.of(), Optional.empty());

        public AttachmentChanges {
            add = add == null ? List.of() : List.copyOf(add);
            remove = remove == null ? List.of() : List.copyOf(remove);
            forwardOf = forwardOf == null ? Optional.empty() : forwardOf;
        }
    }

    /** One line of a folder's list. */
    public record Item(
            UUID schoolId,
            UUID id,
            String subject,
            String senderName,
            Instant listedAt,
            boolean read,
            boolean draft,
            boolean sentByMe,
            List<Target> targets) {}

    /** A folder the person made. */
    public record Folder(UUID schoolId, UUID id, String name) {}

    /** One page of a list, and the key of the next page if there is one. */
    public record Page(List<Item> items, Optional<String> next) {}

    /** What a draft holds, from the compose form or the API. */
    public record DraftInput(String subject, String body, List<String> targets, Optional<UUID> parentId) {

        public DraftInput {
            subject = subject == null ? "" : subject.strip();
            body = body == null ? "" : body;
            targets = targets == null ? List.of() : List.copyOf(targets);
            parentId = parentId == null ? Optional.empty() : parentId;
        }
    }

    /** A report waiting in (or closed from) a school's moderation queue, with the evidence kept. */
    public record Report(
            UUID schoolId,
            UUID id,
            UUID messageId,
            UUID reporterId,
            String reason,
            Instant reportedAt,
            UUID senderId,
            String senderName,
            String subject,
            String bodyHtml,
            Instant sentAt,
            boolean senderSuspended) {}

    /** Messaging suspended for a school, or for all (schoolId the nil UUID), with why. */
    public record Suspension(UUID schoolId, String reason, Instant since) {

        public static final UUID EVERY_SCHOOL = new UUID(0, 0);

        public boolean everySchool() {
            return EVERY_SCHOOL.equals(schoolId);
        }
    }

    /** One account whose sending is suspended in a school. */
    public record SuspendedAccount(UUID schoolId, UUID accountId, String name, String reason, Instant since) {}
}
