package org.preau.documents;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Where every module's file bytes live (hand-ins, worksheets, personal documents), whatever the storage behind it:
 * the local disk or any S3-compatible service (ADR 0035). Bytes are content-addressed by SHA-256, so a worksheet
 * shared with thirty classes is stored once; callers hold <em>references</em> (the keys this interface hands out),
 * and a blob that no reference points at any more is removed by housekeeping after a grace period.
 *
 * <p>Writes are bound to the caller's transaction: a reference exists only if the rows that point at it commit, and
 * both directions stream (the upload is staged to a temporary file while it is hashed, never held in memory). When
 * the malware scanner is configured every write is scanned before it is stored.
 */
public interface FileStore {

    /**
     * Copies at most {@code maxBytes} from {@code content} and returns a new reference to those bytes, for the
     * current transaction (which must exist).
     *
     * @return the reference, the size, the first bytes and what the content is
     * @throws TooLarge when there are more bytes than allowed (nothing is kept)
     * @throws Infected when the scanner recognises malware (nothing is kept; the refusal is logged and audited)
     * @throws IOException when the stream breaks midway (nothing is kept)
     */
    Stored write(InputStream content, long maxBytes) throws IOException;

    /** The whole content under a reference. */
    InputStream open(String key) throws IOException;

    /** {@code length} bytes from {@code offset} (an HTTP range), streamed from the storage. */
    InputStream open(String key, long offset, long length) throws IOException;

    /** The size and hash of the bytes under a reference; empty for an unknown key. */
    Optional<Blob> describe(String key);

    /** A second reference to the same bytes (a copy costs no storage), for the current transaction. */
    String copy(String key);

    /**
     * Drops a reference: with the current transaction (nothing happens if it rolls back), or at once outside one. An
     * unknown key is not an error. The bytes go later, once nothing references them.
     */
    void delete(String key);

    /** What was written, with the first bytes for content checks. */
    record Stored(String key, long sizeBytes, byte[] head, String sha256, String detectedType) {}

    /** The bytes behind a reference: their SHA-256 (hex, also the HTTP entity tag) and size. */
    record Blob(String sha256, long sizeBytes) {}

    /** More bytes than allowed. */
    final class TooLarge extends IOException {
        public TooLarge() {
            super("file too large");
        }
    }

    /** The scanner recognised malware; {@link #signature()} names it. */
    final class Infected extends IOException {
        private final String signature;

        public Infected(String signature) {
            super("infected: " + signature);
            this.signature = signature;
        }

        public String signature() {
            return signature;
        }
    }
}
