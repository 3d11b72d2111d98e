package org.preau.homework.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.preau.platform.SchoolTime;

/** Dates and times as pages show them, in the school's zone and the reader's language. */
public final class Fmt {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private Fmt() {}

    /** "lundi 30 novembre" / "Monday 30 November". */
    public static String day(LocalDate date, Locale locale) {
        String pattern = "en".equals(locale.getLanguage()) ? "EEEE d MMMM" : "EEEE d MMMM";
        return DateTimeFormatter.ofPattern(pattern, locale).format(date);
    }

    public static String time(LocalTime time) {
        return TIME.format(time);
    }

    /** "30/11 14:05" in Europe/Paris. */
    public static String at(Instant instant, Locale locale) {
        var z = instant.atZone(SchoolTime.ZONE);
        String pattern = "en".equals(locale.getLanguage()) ? "d MMM, HH:mm" : "d MMM 'à' HH:mm";
        return DateTimeFormatter.ofPattern(pattern, locale).format(z);
    }

    /** For {@code <input type="datetime-local">}. */
    public static String local(Instant instant) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").format(instant.atZone(SchoolTime.ZONE));
    }

    /** ISO, for machine-readable {@code <time datetime>}. */
    public static String iso(LocalDate date) {
        return date.toString();
    }
}
