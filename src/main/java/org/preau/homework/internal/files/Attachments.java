package org.preau.homework.internal.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.preau.documents.FileStore;
import org.preau.homework.internal.entries.EntryRepository;
import org.preau.platform.Ids;
import org.preau.platform.web.Problem;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks and stores attachments inside the caller's transaction: count and bytes per owner (a hand-in, a work, a
 * return: what it already has plus what is sent), size per file, allowed types by extension AND first bytes. Any
 * refusal or broken stream throws with a message naming the limit, the transaction rolls back, and the file store
 * removes the bytes. Callers serialise concurrent sends to one owner (the hand-in's row lock, the entry's version).
 */
@Component
public class Attachments {

    private final FileStore store;
    private final EntryRepository repository;
    private final StagedUploads staged;
    private final Clock clock;

    Attachments(FileStore store, EntryRepository repository, StagedUploads staged, Clock clock) {
        this.store = store;
        this.repository = repository;
        this.staged = staged;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public List<FileRef> store(
            UUID schoolId, String ownerKind, UUID ownerId, List<Upload> uploads, UUID by, String field) {
        var out = new ArrayList<FileRef>();
        var real = uploads.stream()
                .filter(u -> u.filename() != null && !u.filename().isBlank())
                .toList();
        if (real.isEmpty()) {
            return out;
        }
        var already = repository.ownerFiles(schoolId, ownerKind, ownerId);
        if (already.count() + real.size() > FileRules.MAX_FILES) {
            throw Problem.invalid(field, "homework.file.tooMany", FileRules.MAX_FILES, already.count());
        }
        long total = already.bytes();
        for (Upload upload : real) {
            String name = FileRules.cleanName(upload.filename());
            if (!FileRules.allowedName(name)) {
                throw Problem.invalid(field, "homework.file.type", name, String.join(", ", FileRules.EXTENSIONS));
            }
            if (upload.sizeBytes() > FileRules.MAX_BYTES) {
                throw tooLarge(field, name);
            }
            FileStore.Stored stored;
            try (InputStream in = upload.content().open()) {
                stored = store.write(in, FileRules.MAX_BYTES);
            } catch (FileStore.TooLarge e) {
                throw tooLarge(field, name);
            } catch (FileStore.Infected e) {
                throw Problem.invalid(field, "homework.file.infected", name);
            } catch (IOException e) {
                throw new UncheckedIOException("upload broken midway", e);
            }
            if (stored.sizeBytes() == 0) {
                throw Problem.invalid(field, "homework.file.empty", name);
            }
            total += stored.sizeBytes();
            if (total > FileRules.MAX_TOTAL_BYTES) {
                throw Problem.invalid(
                        field,
                        "homework.file.totalTooLarge",
                        FileRules.megabytes(FileRules.MAX_TOTAL_BYTES),
                        new FileRef(ownerId, "", "", already.bytes()).humanSize());
            }
            String type = FileRules.check(name, stored.head())
                    .orElseThrow(() -> Problem.invalid(field, "homework.file.content", name));
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
            upload.staged().ifPresent(staged::consume);
            out.add(new FileRef(id, name, type, stored.sizeBytes()));
        }
        return out;
    }

    /**
     * Whether {@code uploads} are exactly the files already kept for {@code files} (same names, same bytes by
     * SHA-256, as many): how a resubmission of what was already handed in is told from a change. Reads each upload
     * once to hash it; only called when the owner can no longer be changed.
     */
    public boolean sameFiles(List<FileRef> files, List<Upload> uploads) {
        var real = uploads.stream()
                .filter(u -> u.filename() != null && !u.filename().isBlank())
                .toList();
        if (real.size() != files.size()) {
            return false;
        }
        var kept = new ArrayList<String>();
        for (FileRef f : files) {
            var row = repository.findFile(f.id());
            var blob = row.flatMap(r -> store.describe(r.storageKey()));
            if (blob.isEmpty()) {
                return false;
            }
            kept.add(f.filename() + "\u0000" + blob.get().sha256());
        }
        var sent = new ArrayList<String>();
        for (Upload upload : real) {
            if (upload.sizeBytes() > FileRules.MAX_BYTES) {
                return false;
            }
            try (InputStream in = upload.content().open()) {
                var sha = java.security.MessageDigest.getInstance("SHA-256");
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    sha.update(buffer, 0, n);
                }
                sent.add(FileRules.cleanName(upload.filename()) + "\u0000"
                        + java.util.HexFormat.of().formatHex(sha.digest()));
            } catch (IOException e) {
                return false;
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        kept.sort(null);
        sent.sort(null);
        return kept.equals(sent);
    }

    private static Problem tooLarge(String field, String name) {
        return Problem.invalid(field, "homework.file.tooLarge", name, FileRules.megabytes(FileRules.MAX_BYTES));
    }
}
