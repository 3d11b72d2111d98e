package org.preau.documents.internal.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Where blobs are kept, named by the hex SHA-256 of their bytes. Two implementations chosen by configuration: the
 * local disk and any S3-compatible service. A blob is immutable once put; {@link #put} is atomic (a reader never
 * sees part of a blob), and putting the same hash twice is harmless.
 */
public interface BlobBackend {

    boolean exists(String hash) throws IOException;

    /** Stores the staged file under {@code hash}; the file may be moved away (the caller deletes what is left). */
    void put(String hash, Path staged, long size) throws IOException;

    InputStream get(String hash) throws IOException;

    InputStream get(String hash, long offset, long length) throws IOException;

    void delete(String hash) throws IOException;

    /** Every stored hash (housekeeping, tests). */
    void forEach(Consumer<String> hash) throws IOException;

    /** "local" or "s3", for logs. */
    String name();

    static void checkHash(String hash) {
        if (hash == null || !hash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256: " + hash);
        }
    }
}
