package org.preau.notifications.internal;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.preau.platform.SchoolTime;

/** Times as the feed shows them, in the school's zone. */
public final class FeedFmt {

    private FeedFmt() {}

    public static String at(Instant instant, Locale locale) {
        String pattern = "en".equals(locale.getLanguage()) ? "d MMM, HH:mm" : "d MMM 'à' HH:mm";
        return DateTimeFormatter.ofPattern(pattern, locale).format(instant.atZone(SchoolTime.ZONE));
    }

    public static String iso(Instant instant) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atZone(SchoolTime.ZONE));
    }
}
