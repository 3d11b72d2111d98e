package org.preau.admin.internal;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.preau.platform.SchoolTime;

/** Dates as people read them on the console, in school time: "3 décembre 2026 à 10:04", "3 December 2026, 10:04". */
public final class Dates {

    private static final DateTimeFormatter FRENCH = DateTimeFormatter.ofPattern("d MMMM yyyy 'à' HH:mm", Locale.FRENCH);
    private static final DateTimeFormatter ENGLISH = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter FRENCH_DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.FRENCH);
    private static final DateTimeFormatter ENGLISH_DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    private Dates() {}

    public static String at(Instant instant, Locale locale) {
        return (english(locale) ? ENGLISH : FRENCH).format(instant.atZone(SchoolTime.ZONE));
    }

    public static String day(Instant instant, Locale locale) {
        return (english(locale) ? ENGLISH_DAY : FRENCH_DAY).format(instant.atZone(SchoolTime.ZONE));
    }

    /** ISO 8601, for {@code <time datetime>}. */
    public static String iso(Instant instant) {
        return instant.atZone(SchoolTime.ZONE).toOffsetDateTime().toString();
    }

    private static boolean english(Locale locale) {
        return "en".equals(locale.getLanguage());
    }
}
