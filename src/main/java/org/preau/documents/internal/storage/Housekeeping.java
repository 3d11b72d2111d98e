package org.preau.documents.internal.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.preau.documents.internal.DocumentsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Removes what nothing needs any more, on every node, idempotently: blobs that no reference has pointed at for
 * {@code blob-grace} (each under the hash's advisory lock, re-checked, so a writer recording the same content at that
 * moment wins), bytes in the backend without a blob row (a crash between put and commit) older than the same grace,
 * and staging files older than {@code temp-grace} (an upload cut by a crash).
 */
@Component
public class Housekeeping {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

    private final ContentStore store;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final DocumentsProperties properties;
    private final Clock clock;

    Housekeeping(
            ContentStore store,
            JdbcClient jdbc,
            PlatformTransactionManager transactions,
            DocumentsProperties properties,
            Clock clock) {
        this.store = store;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.properties = properties;
        this.clock = clock;
    }

    /** What one pass removed. */
    public record Swept(int blobs, int strays, int temporaries) {}

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT10M")
    public void scheduled() {
        var swept = sweep();
        if (swept.blobs() + swept.strays() + swept.temporaries() > 0) {
            log.info("Documents housekeeping: {}", swept);
        }
    }

    public Swept sweep() {
        Instant before = clock.instant().minus(properties.blobGrace());
        List<String> candidates = jdbc.sql("""
                        select b.hash from documents_blob b
                        where coalesce(b.released_at, b.created_at) < ?
                          and not exists (select 1 from documents_blob_ref r where r.hash = b.hash)
                        limit 10000""")
                .param(before.atOffset(ZoneOffset.UTC))
                .query(String.class)
                .list();
        int blobs = 0;
        for (String hash : candidates) {
            Boolean removed = tx.execute(status -> {
                store.lock(hash);
                int gone = jdbc.sql("""
                                delete from documents_blob b where hash = ?
                                  and not exists (select 1 from documents_blob_ref r where r.hash = b.hash)""").param(hash).update();
                if (gone == 1) {
                    deleteBlob(hash);
                }
                return gone == 1;
            });
            blobs += Boolean.TRUE.equals(removed) ? 1 : 0;
        }
        return new Swept(blobs, strays(), temporaries());
    }

    /** Bytes in the backend that no blob row records (a crash between the put and the commit). */
    private int strays() {
        var found = new ArrayList<String>();
        try {
            store.backend().forEach(found::add);
        } catch (IOException e) {
            log.warn("Documents housekeeping: cannot list the blobs: {}", e.toString());
            return 0;
        }
        int removed = 0;
        for (String hash : found) {
            Boolean gone = tx.execute(status -> {
                store.lock(hash);
                boolean recorded = jdbc.sql("select exists (select 1 from documents_blob where hash = ?)")
                        .param(hash)
                        .query(Boolean.class)
                        .single();
                if (!recorded) {
                    deleteBlob(hash);
                }
                return !recorded;
            });
            removed += Boolean.TRUE.equals(gone) ? 1 : 0;
        }
        return removed;
    }

    private int temporaries() {
        Instant before = clock.instant().minus(properties.tempGrace());
        int removed = 0;
        try (Stream<Path> files = Files.list(store.stagingDirectory())) {
            for (Path p : files.toList()) {
                if (Files.getLastModifiedTime(p).toInstant().isBefore(before) && Files.deleteIfExists(p)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            log.warn("Documents housekeeping: cannot sweep the staging directory: {}", e.toString());
        }
        return removed;
    }

    private void deleteBlob(String hash) {
        try {
            store.backend().delete(hash);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
