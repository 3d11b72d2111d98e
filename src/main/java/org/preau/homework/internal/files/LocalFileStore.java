package org.preau.homework.internal.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import org.preau.platform.Ids;
import org.preau.platform.PreauProperties;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Files under {@code <data-dir>/files/homework}. Bytes go to a temporary path first; they are moved into place just
 * before the transaction commits and deleted (both paths) if it rolls back, so that a failed hand-in leaves
 * nothing behind and a committed row always has its file.
 */
@Component
public class LocalFileStore implements FileStore {

    private static final int HEAD = 16;
    private final Path root;
    private final Path tmp;

    LocalFileStore(PreauProperties properties) throws IOException {
        this.root = properties.dataDir().resolve("files").resolve("homework").toAbsolutePath();
        this.tmp = root.resolve("tmp");
        Files.createDirectories(tmp);
    }

    @Override
    public Stored write(InputStream content, long maxBytes) throws IOException {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("Files are written inside a transaction only");
        }
        String key = Ids.newId().toString();
        Path temp = tmp.resolve(key);
        Path target = pathOf(key);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                try {
                    Files.createDirectories(target.getParent());
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public void afterCompletion(int status) {
                if (status != STATUS_COMMITTED) {
                    deleteQuietly(temp);
                    deleteQuietly(target);
                }
            }
        });
        byte[] head = new byte[0];
        long written = 0;
        try (InputStream in = content;
                OutputStream out = Files.newOutputStream(temp)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (head.length < HEAD) {
                    int take = Math.min(HEAD - head.length, n);
                    byte[] grown = Arrays.copyOf(head, head.length + take);
                    System.arraycopy(buffer, 0, grown, head.length, take);
                    head = grown;
                }
                written += n;
                if (written > maxBytes) {
                    throw new TooLarge();
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
        return new Stored(key, written, head);
    }

    @Override
    public InputStream open(String key) throws IOException {
        return Files.newInputStream(pathOf(key));
    }

    @Override
    public void delete(String key) {
        Path path = pathOf(key);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    deleteQuietly(path);
                }
            });
        } else {
            deleteQuietly(path);
        }
    }

    /** Two-level fan-out by the key's last characters keeps directories small. */
    Path pathOf(String key) {
        if (!key.matches("[0-9a-f-]{36}")) {
            throw new IllegalArgumentException("bad key");
        }
        return root.resolve(key.substring(34, 36)).resolve(key);
    }

    public Path temporaryDirectory() {
        return tmp;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // Best effort: a leftover temporary file holds no row and is swept with tmp/.
        }
    }
}
