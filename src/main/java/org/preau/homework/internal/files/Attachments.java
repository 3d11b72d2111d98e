package org.preau.homework.internal.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.preau.homework.internal.entries.EntryRepository;
import org.preau.platform.Ids;
import org.preau.platform.web.Problem;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks and stores attachments inside the caller's transaction: count, size, allowed types by extension AND first
 * bytes. Any refusal or broken stream throws, the transaction rolls back, and the file store removes the bytes.
 */
@Component
public class Attachments {

    private final FileStore store;
    private final EntryRepository repository;
    private final Clock clock;

    Attachments(FileStore store, EntryRepository repository, Clock clock) {
        this.store = store;
        this.repository = repository;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public List<FileRef> store(
            UUID schoolId, String ownerKind, UUID ownerId, List<Upload> uploads, UUID by, String field) {
        var out = new ArrayList<FileRef>();
        var real = uploads.stream()
                .filter(u -> u.filename() != null && !u.filename().isBlank())
                .toList();
        if (real.size() > FileRules.MAX_FILES) {
            throw Problem.invalid(field, "homework.file.tooMany");
        }
        for (Upload upload : real) {
            String name = FileRules.cleanName(upload.filename());
            if (!FileRules.allowedName(name)) {
                throw Problem.invalid(field, "homework.file.type");
            }
            if (upload.sizeBytes() > FileRules.MAX_BYTES) {
                throw Problem.invalid(field, "homework.file.tooLarge");
            }
            FileStore.Stored stored;
            try (InputStream in = upload.content().open()) {
                stored = store.write(in, FileRules.MAX_BYTES);
            } catch (FileStore.TooLarge e) {
                throw Problem.invalid(field, "homework.file.tooLarge");
            } catch (IOException e) {
                throw new UncheckedIOException("upload broken midway", e);
            }
            if (stored.sizeBytes() == 0) {
                throw Problem.invalid(field, "homework.file.empty");
            }
            String type = FileRules.check(name, stored.head())
                    .orElseThrow(() -> Problem.invalid(field, "homework.file.content"));
            UUID id = Ids.newId();
            repository.insertFile(
                    schoolId,
                    id,
                    ownerKind,
                    ownerId,
                    name,
                    type,
                    stored.sizeBytes(),
                    stored.key(),
                    by,
                    clock.instant());
            out.add(new FileRef(id, name, type, stored.sizeBytes()));
        }
        return out;
    }
}
