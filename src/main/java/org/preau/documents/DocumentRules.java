package org.preau.documents;

/**
 * What a file must be to be kept, for every module that takes files from people with the documents module's rules
 * (a personal space, a message's attachments): the types detected from the bytes by {@link FileStore#write} that a
 * school's documents are made of (HTML, SVG, scripts and executables are not among them), the largest file
 * ({@code preau.documents.max-file-size}), and a clean name. Kept here so that a file refused in one's space is not
 * accepted as an attachment, and the other way round (ADR 0037).
 */
public interface DocumentRules {

    /** Whether a type detected from the bytes ({@link FileStore.Stored#detectedType()}) is accepted. */
    boolean accepts(String detectedType);

    /** The largest single file, in bytes. */
    long maxFileBytes();

    /** A name safe to store and show: no path, no control characters, at most 120 characters. */
    String cleanName(String filename);

    /** Bytes for people: "512 o", "12 Ko", "3,4 Mo". */
    String human(long bytes);
}
