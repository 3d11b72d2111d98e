package org.preau.homework.internal.files;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where attachment bytes live. Local files for now; the documents capability brings shared object storage (and
 * quotas, malware scanning) behind the same interface. Writes are bound to the current transaction: a file becomes
 * durable only if the rows that point at it commit, and disappears otherwise.
 */
public interface FileStore {

    /**
     * Copies at most {@code maxBytes} from {@code content} under a new key, for the current transaction.
     *
     * @return the key and the bytes written
     * @throws TooLarge when there are more bytes than allowed (nothing is kept)
     */
    Stored write(InputStream content, long maxBytes) throws IOException;

    InputStream open(String key) throws IOException;

    /**
     * Deletes the bytes under {@code key}: once the current transaction commits (nothing happens if it rolls back),
     * or at once outside a transaction. Missing bytes are not an error.
     */
    void delete(String key);

    /** What was written, with the first bytes for content checks. */
    record Stored(String key, long sizeBytes, byte[] head) {}

    /** More bytes than allowed. */
    final class TooLarge extends IOException {
        TooLarge() {
            super("file too large");
        }
    }
}
