package org.preau.homework.internal.files;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.documents.FileStore;
import org.preau.identity.CurrentUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Files of a form that was refused for another field, kept so that nobody has to pick them again (issue 8: a refused
 * form keeps everything the user entered, attachments included). When a hand-in or an entry form is refused, its
 * files that pass the per-file checks are stored here, in their own transaction, under random ids that only their
 * sender may use; the form shows them as "déjà joint" with hidden fields carrying the ids, and the next send uses them
 * as if they had been sent again ({@link Upload#staged()}): storing one consumes it in the same transaction. What is
 * never used is deleted after {@link #GRACE}.
 */
@Component
public class StagedUploads {

    /** How long a staged file waits for the form to be sent again. */
    public static final Duration GRACE = Duration.ofHours(24);
    /** The most files one account keeps staged: the oldest go first. */
    static final int MAX_PER_ACCOUNT = 20;

    private static final Logger log = LoggerFactory.getLogger(StagedUploads.class);

    private final JdbcClient jdbc;
    private final FileStore store;
    private final Clock clock;

    StagedUploads(JdbcClient jdbc, FileStore store, Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.clock = clock;
    }

    /**
     * Keeps the files of a refused form that are acceptable on their own (allowed type, content matching it, not
     * too large), and returns them. Files refused for themselves are not kept: the form's message says why.
     */
    @Transactional
    public List<StagedFile> stage(CurrentUser user, List<Upload> uploads) {
        var out = new ArrayList<StagedFile>();
        for (Upload upload : uploads) {
            if (upload.staged().isPresent()) {
                continue; // already kept
            }
            String name = FileRules.cleanName(upload.filename());
            if (!FileRules.allowedName(name) || upload.sizeBytes() > FileRules.MAX_BYTES) {
                continue;
            }
            FileStore.Stored stored;
            try (InputStream in = upload.content().open()) {
                stored = store.write(in, FileRules.MAX_BYTES);
            } catch (IOException e) {
                continue; // too large or broken midway: not kept, the user sends it again
            }
            Optional<String> type = FileRules.check(name, stored.head());
            if (stored.sizeBytes() == 0 || type.isEmpty()) {
                store.delete(stored.key());
                continue;
            }
            UUID id = UUID.randomUUID();
            jdbc.sql("""
                            insert into homework_staged_upload (id, account_id, filename, content_type, size_bytes,
                                storage_key, created_at) values (?, ?, ?, ?, ?, ?, ?)""")
                    .params(
                            id,
                            user.accountId(),
                            name,
                            type.get(),
                            stored.sizeBytes(),
                            stored.key(),
                            clock.instant().atOffset(ZoneOffset.UTC))
                    .update();
            out.add(new StagedFile(id, name, stored.sizeBytes()));
        }
        // Bounded per account: whoever sends refused forms in a loop does not fill the disk.
        jdbc.sql("""
                        select storage_key from homework_staged_upload where account_id = ?
                        order by created_at desc, id offset ?""")
                .params(user.accountId(), MAX_PER_ACCOUNT)
                .query(String.class)
                .list()
                .forEach(this::drop);
        return out;
    }

    /** The user's own staged files among {@code ids} (unknown, expired or others' ids are ignored), as they were. */
    public List<StagedFile> find(CurrentUser user, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        select id, filename, size_bytes from homework_staged_upload
                        where account_id = ? and id = any(?) order by created_at, id""")
                .params(user.accountId(), ids.toArray(UUID[]::new))
                .query((rs, n) -> new StagedFile(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3)))
                .list();
    }

    /** The user's staged files among {@code ids}, as uploads of the next send. */
    public List<Upload> claim(CurrentUser user, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        select id, filename, size_bytes, storage_key from homework_staged_upload
                        where account_id = ? and id = any(?) order by created_at, id""")
                .params(user.accountId(), ids.toArray(UUID[]::new))
                .query((rs, n) -> {
                    String key = rs.getString(4);
                    return new Upload(
                            rs.getString(2),
                            rs.getLong(3),
                            () -> store.open(key),
                            Optional.of(rs.getObject(1, UUID.class)));
                })
                .list();
    }

    /** Forgets staged files the user removed from the form ("retirer"). */
    @Transactional
    public void discard(CurrentUser user, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("delete from homework_staged_upload where account_id = ? and id = any(?) returning storage_key")
                .params(user.accountId(), ids.toArray(UUID[]::new))
                .query(String.class)
                .list()
                .forEach(store::delete);
    }

    /** A staged file was stored for good ({@link Attachments}): its row and its bytes go when that commits. */
    void consume(UUID id) {
        jdbc.sql("delete from homework_staged_upload where id = ? returning storage_key")
                .param(id)
                .query(String.class)
                .optional()
                .ifPresent(store::delete);
    }

    /** Deletes what waited longer than {@link #GRACE}; runs every hour on every node (idempotent). */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    @Transactional
    public int sweep() {
        Instant before = clock.instant().minus(GRACE);
        List<String> keys = jdbc.sql("delete from homework_staged_upload where created_at < ? returning storage_key")
                .param(before.atOffset(ZoneOffset.UTC))
                .query(String.class)
                .list();
        keys.forEach(store::delete);
        if (!keys.isEmpty()) {
            log.info("Staged uploads: {} unused file(s) older than {} deleted", keys.size(), GRACE);
        }
        return keys.size();
    }

    private void drop(String key) {
        jdbc.sql("delete from homework_staged_upload where storage_key = ?")
                .param(key)
                .update();
        store.delete(key);
    }

    /** A file kept from a refused send, as the form shows it again. */
    public record StagedFile(UUID id, String filename, long sizeBytes) {

        public String humanSize() {
            return new FileRef(id, filename, "", sizeBytes).humanSize();
        }
    }
}
