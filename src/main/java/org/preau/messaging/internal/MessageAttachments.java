package org.preau.messaging.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.preau.documents.DocumentRules;
import org.preau.documents.FileStore;
import org.preau.messaging.internal.Mail.Attachment;
import org.preau.messaging.internal.Mail.Upload;
import org.preau.platform.Ids;
import org.preau.platform.web.Problem;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A message's files, kept by the documents module's {@link FileStore} under its {@link DocumentRules} (types from the
 * bytes, ClamAV when configured, the size limit), inside the caller's transaction: a refused file, a broken upload
 * or a send that fails after it rolls back everything, rows and references alike, and the store drops the bytes. One
 * row per file and message, never per recipient (ADR 0060).
 */
@Component
class MessageAttachments {

    /** The most files one message carries. */
    static final int MAX_FILES = 10;

    /** The field of the compose form that errors are shown on. */
    static final String FIELD = "pieces";

    private final FileStore store;
    private final DocumentRules rules;
    private final MessageRepository repository;
    private final Clock clock;

    MessageAttachments(FileStore store, DocumentRules rules, MessageRepository repository, Clock clock) {
        this.store = store;
        this.rules = rules;
        this.repository = repository;
        this.clock = clock;
    }

    /** What a message may carry in all: as much as one file of the documents module. */
    long maxTotalBytes() {
        return rules.maxFileBytes();
    }

    String human(long bytes) {
        return rules.human(bytes);
    }

    /**
     * Removes the attachments {@code remove} names, then stores {@code add}, checked one by one and against what the
     * message already carries. Any refusal throws a problem on the form's field, naming the file and the rule.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    List<Attachment> change(UUID schoolId, UUID messageId, List<Upload> add, List<UUID> remove) {
        if (!remove.isEmpty()) {
            repository.deleteAttachments(schoolId, messageId, remove).forEach(store::delete);
        }
        var real = add.stream()
                .filter(u -> u.filename() != null && !u.filename().isBlank())
                .toList();
        var already = repository.storedAttachments(schoolId, messageId);
        if (real.isEmpty()) {
            return already.stream()
                    .map(MessageRepository.StoredAttachment::attachment)
                    .toList();
        }
        if (already.size() + real.size() > MAX_FILES) {
            throw Problem.invalid(FIELD, "messaging.attachment.tooMany", MAX_FILES, already.size());
        }
        long total = already.stream().mapToLong(a -> a.attachment().sizeBytes()).sum();
        long maxFile = rules.maxFileBytes();
        for (Upload upload : real) {
            String name = rules.cleanName(upload.filename());
            if (name.isEmpty()) {
                name = "fichier";
            }
            if (upload.declaredSize() > maxFile) {
                throw tooLarge(name);
            }
            long left = Math.max(0, maxTotalBytes() - total);
            if (upload.declaredSize() > left) {
                throw totalTooLarge();
            }
            FileStore.Stored stored;
            try (InputStream in = upload.content().open()) {
                stored = store.write(in, Math.min(maxFile, left));
            } catch (FileStore.TooLarge e) {
                throw left < maxFile ? totalTooLarge() : tooLarge(name);
            } catch (FileStore.Infected e) {
                throw Problem.invalid(FIELD, "messaging.attachment.infected", name);
            } catch (IOException e) {
                throw Problem.invalid(FIELD, "messaging.attachment.broken", name);
            }
            if (stored.sizeBytes() == 0) {
                throw Problem.invalid(FIELD, "messaging.attachment.empty", name);
            }
            if (!rules.accepts(stored.detectedType())) {
                throw Problem.invalid(FIELD, "messaging.attachment.type", name, stored.detectedType());
            }
            total += stored.sizeBytes();
            var attachment = new Attachment(Ids.newId(), name, stored.detectedType(), stored.sizeBytes());
            repository.insertAttachment(schoolId, messageId, attachment, stored.key(), clock.instant());
        }
        return repository.storedAttachments(schoolId, messageId).stream()
                .map(MessageRepository.StoredAttachment::attachment)
                .toList();
    }

    /** A forward carries the original's files: new references to the same bytes (no copy of the bytes). */
    @Transactional(propagation = Propagation.MANDATORY)
    void copy(UUID fromSchool, UUID fromMessage, UUID toSchool, UUID toMessage) {
        for (var a : repository.storedAttachments(fromSchool, fromMessage)) {
            var copy = new Attachment(
                    Ids.newId(),
                    a.attachment().filename(),
                    a.attachment().contentType(),
                    a.attachment().sizeBytes());
            repository.insertAttachment(toSchool, toMessage, copy, store.copy(a.storageKey()), clock.instant());
        }
    }

    /** A discarded draft's files: their rows and references go with the transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    void dropAll(UUID schoolId, UUID messageId) {
        repository.deleteAllAttachments(schoolId, messageId).forEach(store::delete);
    }

    /** One attachment of a message with its reference, for a download the caller has authorised. */
    java.util.Optional<MessageRepository.StoredAttachment> find(UUID schoolId, UUID messageId, UUID attachmentId) {
        return repository.storedAttachments(schoolId, messageId).stream()
                .filter(a -> a.attachment().id().equals(attachmentId))
                .findFirst();
    }

    private Problem tooLarge(String name) {
        return Problem.invalid(FIELD, "messaging.attachment.tooLarge", name, rules.human(rules.maxFileBytes()));
    }

    private Problem totalTooLarge() {
        return Problem.invalid(FIELD, "messaging.attachment.totalTooLarge", rules.human(maxTotalBytes()));
    }
}
