package org.preau.news.internal;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.preau.platform.SchoolTime;

/** Dates as news pages show them, in the school's zone. */
public final class NewsFmt {

    private NewsFmt() {}

    /** "1 déc. à 14:05" / "1 Dec, 14:05". */
    public static String at(Instant instant, Locale locale) {
        String pattern = "en".equals(locale.getLanguage()) ? "d MMM, HH:mm" : "d MMM 'à' HH:mm";
        return DateTimeFormatter.ofPattern(pattern, locale).format(instant.atZone(SchoolTime.ZONE));
    }

    /** For {@code <time datetime>}. */
    public static String iso(Instant instant) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atZone(SchoolTime.ZONE));
    }
}
