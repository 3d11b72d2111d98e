package org.preau.status.internal;

import java.util.Locale;
import org.springframework.context.MessageSource;

/** The words of incidents, for the page, the JSON and the feed alike: from the bundle, or the operator's text. */
final class Texts {

    private Texts() {}

    /** An update's text in {@code locale}: the bundle's for automatic ones, the operator's for theirs. */
    static String update(Incident.Update u, String componentName, Locale locale, MessageSource messages) {
        if (u.key().isPresent()) {
            return messages.getMessage(
                    u.key().get(), new Object[] {componentName}, u.key().get(), locale);
        }
        boolean english = "en".equals(locale.getLanguage());
        String text = english ? u.textEn() : u.textFr();
        return text == null || text.isBlank() ? (english ? u.textFr() : u.textEn()) : text;
    }

    /** An incident's title: what kind of trouble, on which component. */
    static String title(Incident i, String componentName, Locale locale, MessageSource messages) {
        String key = "status.incident.title." + i.kind().name()
                + (i.kind() == Incident.Kind.MANUAL ? "." + i.severity() : "");
        return messages.getMessage(key, new Object[] {componentName}, key, locale);
    }
}
