package org.preau.documents.internal.space;

import java.util.Locale;
import java.util.Set;

/**
 * What a personal space accepts: the types detected from a file's bytes (never its name) that a school's documents
 * are made of. HTML, SVG, scripts and executables are not on the list; text files are.
 */
public final class SpaceRules {

    /** Detected types accepted in a personal space (Tika's base types). */
    public static final Set<String> TYPES = Set.of(
            "application/pdf",
            "image/png",
            "image/jpeg",
            "image/gif",
            "image/webp",
            "text/plain",
            "text/csv",
            "audio/mpeg",
            "audio/ogg",
            "audio/vnd.wave",
            "video/mp4",
            "video/webm",
            "application/zip",
            "application/vnd.oasis.opendocument.text",
            "application/vnd.oasis.opendocument.spreadsheet",
            "application/vnd.oasis.opendocument.presentation",
            "application/vnd.oasis.opendocument.graphics",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "application/x-tika-ooxml",
            "application/x-tika-msoffice",
            "application/msword",
            "application/vnd.ms-excel",
            "application/vnd.ms-powerpoint");

    private SpaceRules() {}

    public static boolean accepted(String detectedType) {
        return TYPES.contains(detectedType);
    }

    /** A name safe to store and show: no path, no control characters, at most 120 characters. */
    public static String cleanName(String name) {
        String base = name == null ? "" : name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1)
                .replaceAll("[\\p{Cntrl}\"]", "")
                .strip();
        if (base.length() > 120) {
            int dot = base.lastIndexOf('.');
            String ext = dot > 0 && base.length() - dot <= 10 ? base.substring(dot) : "";
            base = base.substring(0, 120 - ext.length()) + ext;
        }
        return base;
    }

    /** Bytes for people: "512 o", "12 Ko", "3,4 Mo", "1,2 Go". */
    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " o";
        }
        if (bytes < 1024 * 1024) {
            return (bytes / 1024) + " Ko";
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.FRENCH, "%.1f Mo", bytes / (1024.0 * 1024.0));
        }
        return String.format(Locale.FRENCH, "%.2f Go", bytes / (1024.0 * 1024.0 * 1024.0));
    }
}
