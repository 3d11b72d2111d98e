package org.preau.homework.internal.files;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which files are accepted, stated to users and enforced here: the extension must be one of a short list AND the
 * first bytes must match what that extension claims (a renamed executable is refused). The limits hold per hand-in
 * (per work, per teacher's return), whatever the number of sends: at most {@link #MAX_FILES} files and
 * {@link #MAX_TOTAL_BYTES} in all, each up to {@link #MAX_BYTES} (a phone photo is 3 to 15 MB). The server's own
 * limit per form ({@code spring.servlet.multipart.max-request-size}, 60 MB) is above the total.
 */
public final class FileRules {

    public static final long MAX_BYTES = 20L * 1024 * 1024;
    public static final long MAX_TOTAL_BYTES = 50L * 1024 * 1024;
    public static final int MAX_FILES = 5;
    public static final List<String> EXTENSIONS =
            List.of("pdf", "png", "jpg", "jpeg", "gif", "txt", "odt", "ods", "odp", "docx", "xlsx", "pptx");

    private static final byte[] PDF = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};
    private static final byte[] GIF = "GIF8".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ZIP = {'P', 'K', 0x03, 0x04};

    private FileRules() {}

    /** Whole megabytes, as the forms and messages state limits. */
    public static long megabytes(long bytes) {
        return bytes / (1024 * 1024);
    }

    static String extensionOf(String filename) {
        int dot = filename.lastIndexOf('.');
        return dot < 0 ? "" : filename.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    public static boolean allowedName(String filename) {
        return EXTENSIONS.contains(extensionOf(filename));
    }

    /** The content type to serve, if the first bytes match the extension; empty when they do not. */
    public static Optional<String> check(String filename, byte[] head) {
        return switch (extensionOf(filename)) {
            case "pdf" -> starts(head, PDF, "application/pdf");
            case "png" -> starts(head, PNG, "image/png");
            case "jpg", "jpeg" -> starts(head, JPEG, "image/jpeg");
            case "gif" -> starts(head, GIF, "image/gif");
            case "odt" -> starts(head, ZIP, "application/vnd.oasis.opendocument.text");
            case "ods" -> starts(head, ZIP, "application/vnd.oasis.opendocument.spreadsheet");
            case "odp" -> starts(head, ZIP, "application/vnd.oasis.opendocument.presentation");
            case "docx" -> starts(head, ZIP, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
            case "xlsx" -> starts(head, ZIP, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            case "pptx" ->
                starts(head, ZIP, "application/vnd.openxmlformats-officedocument.presentationml.presentation");
            case "txt" -> text(head) ? Optional.of("text/plain; charset=utf-8") : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** A file name safe to store and show: no path, no control characters, not too long. */
    public static String cleanName(String filename) {
        String base = filename == null ? "" : filename.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1)
                .replaceAll("[\\p{Cntrl}\"]", "")
                .strip();
        if (base.length() > 120) {
            String ext = extensionOf(base);
            base = base.substring(0, 110) + "." + ext;
        }
        return base.isEmpty() ? "fichier" : base;
    }

    private static Optional<String> starts(byte[] head, byte[] magic, String type) {
        return head.length >= magic.length && Arrays.equals(Arrays.copyOf(head, magic.length), magic)
                ? Optional.of(type)
                : Optional.empty();
    }

    /** Text: no NUL and no other binary markers in the first bytes (also refuses executables renamed .txt). */
    private static boolean text(byte[] head) {
        for (byte b : head) {
            if (b == 0 || (b > 0 && b < 9)) {
                return false;
            }
        }
        return !(head.length >= 2 && head[0] == 'M' && head[1] == 'Z')
                && !(head.length >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F');
    }
}
