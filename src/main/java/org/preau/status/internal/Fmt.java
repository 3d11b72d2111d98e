package org.preau.status.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.preau.platform.SchoolTime;

/** Dates and numbers as the status pages write them (times in Europe/Paris). Public for the templates. */
public final class Fmt {

    private Fmt() {}

    public static String at(Instant at, Locale locale) {
        return DateTimeFormatter.ofPattern("en".equals(locale.getLanguage()) ? "d MMM, HH:mm" : "d MMM à HH:mm", locale)
                .format(at.atZone(SchoolTime.ZONE));
    }

    public static String time(Instant at) {
        return DateTimeFormatter.ofPattern("HH:mm:ss").format(at.atZone(SchoolTime.ZONE));
    }

    public static String iso(Instant at) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                at.atZone(SchoolTime.ZONE).withNano(0));
    }

    public static String day(LocalDate day, Locale locale) {
        return DateTimeFormatter.ofPattern("d MMM", locale).format(day);
    }

    public static String millis(double ms, Locale locale) {
        return String.format(locale, ms < 10 ? "%.1f" : "%.0f", ms);
    }

    public static String percent(double share, Locale locale) {
        return String.format(locale, "%.1f", share * 100);
    }
}
