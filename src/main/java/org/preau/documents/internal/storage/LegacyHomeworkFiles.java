package org.preau.documents.internal.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.preau.platform.PreauProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves the files homework kept on the local disk before the documents module existed
 * ({@code <data-dir>/files/homework/<xx>/<uuid>}) into the content-addressed store, at start-up, before the server
 * takes requests. Each file becomes a blob and a reference <em>whose key is the file's old key</em>, so homework's
 * rows stay as they are. One file at a time, one transaction each, the old file deleted only after its reference
 * committed: a crash midway is finished by the next start, and a second run finds nothing to do.
 */
@Component
class LegacyHomeworkFiles implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(LegacyHomeworkFiles.class);
    private final ContentStore store;
    private final TransactionTemplate tx;
    private final Path legacy;

    LegacyHomeworkFiles(ContentStore store, PlatformTransactionManager transactions, PreauProperties preau) {
        this.store = store;
        this.tx = new TransactionTemplate(transactions);
        this.legacy = StorageConfiguration.filesRoot(preau).resolve("homework");
    }

    @Override
    public void afterSingletonsInstantiated() {
        try {
            int moved = migrate();
            if (moved > 0) {
                log.info(
                        "Documents: {} homework file(s) moved into the {} store",
                        moved,
                        store.backend().name());
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot move the homework files into the documents store", e);
        }
    }

    /** Moves every legacy file; returns how many. */
    int migrate() throws IOException {
        if (!Files.isDirectory(legacy)) {
            return 0;
        }
        List<Path> files;
        try (Stream<Path> all = Files.walk(legacy)) {
            files = all.filter(Files::isRegularFile).toList();
        }
        int moved = 0;
        for (Path file : files) {
            String name = file.getFileName().toString();
            boolean keyed = name.matches("[0-9a-f-]{36}")
                    && !file.getParent().getFileName().toString().equals("tmp");
            if (!keyed) {
                Files.deleteIfExists(file); // a staging leftover of the old store: no row points at it
                continue;
            }
            UUID key = UUID.fromString(name);
            Path temp = Files.createTempFile(store.stagingDirectory(), "legacy-", ".part");
            try {
                ContentStore.Staged staged;
                try (InputStream in = Files.newInputStream(file)) {
                    staged = ContentStore.stage(in, temp, Long.MAX_VALUE);
                }
                String type = new org.preau.documents.internal.safety.TypeDetector().detect(temp);
                tx.executeWithoutResult(status -> {
                    try {
                        if (store.describe(key.toString()).isEmpty()) {
                            store.lock(staged.hash());
                            store.recordWithKey(staged, temp, type, key);
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            } finally {
                Files.deleteIfExists(temp);
            }
            Files.deleteIfExists(file);
            moved++;
        }
        return moved;
    }
}
