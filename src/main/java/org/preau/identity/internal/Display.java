package org.preau.identity.internal;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import org.preau.platform.SchoolTime;

/** Formatting for identity's pages (school time zone, the reader's language). Public because templates use it. */
public final class Display {

    private Display() {}

    public static String dateTime(Instant instant, Locale locale) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(locale)
                .withZone(SchoolTime.ZONE)
                .format(instant);
    }
}
