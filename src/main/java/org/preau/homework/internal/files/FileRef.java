package org.preau.homework.internal.files;

import java.util.UUID;

/** A stored file as pages list it. */
public record FileRef(UUID id, String filename, String contentType, long sizeBytes) {

    /** "12 Ko" style size for people. */
    public String humanSize() {
        if (sizeBytes < 1024) {
            return sizeBytes + " o";
        }
        if (sizeBytes < 1024 * 1024) {
            return (sizeBytes / 1024) + " Ko";
        }
        return String.format(java.util.Locale.FRENCH, "%.1f Mo", sizeBytes / (1024.0 * 1024.0));
    }
}
