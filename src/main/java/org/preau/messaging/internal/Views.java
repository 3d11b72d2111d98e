package org.preau.messaging.internal;

import java.text.Normalizer;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.preau.directory.RecipientGroup;
import org.preau.messaging.internal.Mail.Target;
import org.preau.platform.SchoolTime;
import org.preau.platform.web.Ui;

/** How messaging's pages name things: targets and groups in the reader's language, dates in the school's zone. */
public final class Views {

    private Views() {}

    /** A person's name, or a group as "Parents de 3e B". */
    public static String label(Ui ui, Target t) {
        return t.isPerson() ? t.name() : ui.t("messaging.group." + t.kind(), t.name());
    }

    public static String labels(Ui ui, List<Target> targets) {
        return targets.stream().map(t -> label(ui, t)).collect(Collectors.joining(", "));
    }

    public static String label(Ui ui, RecipientGroup g) {
        return ui.t("messaging.group." + g.kind(), g.name());
    }

    /** "1 déc. à 14:05" in Europe/Paris. */
    public static String at(Instant instant, Locale locale) {
        String pattern = "en".equals(locale.getLanguage()) ? "d MMM yyyy, HH:mm" : "d MMM yyyy 'à' HH:mm";
        return DateTimeFormatter.ofPattern(pattern, locale).format(instant.atZone(SchoolTime.ZONE));
    }

    /** A file's size for people: "512 o", "12 Ko", "3,4 Mo". */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " o";
        }
        if (bytes < 1024 * 1024) {
            return (bytes / 1024) + " Ko";
        }
        return String.format(Locale.FRENCH, "%.1f Mo", bytes / (1024.0 * 1024.0));
    }

    /** A value for a link's query string. */
    public static String enc(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Lower case without accents, to match a typed search against a group's label. */
    static String folded(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT);
    }

    /** Whether every word typed appears in the group's label (an empty search matches every group). */
    static boolean matches(Ui ui, RecipientGroup g, String query) {
        String label = folded(label(ui, g));
        for (String word : folded(query == null ? "" : query).split("\\s+")) {
            if (!word.isEmpty() && !label.contains(word)) {
                return false;
            }
        }
        return true;
    }
}
