package org.preau.notifications.internal;

import java.util.List;
import java.util.Locale;
import org.preau.platform.web.PublicUrl;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/** The words of notification mails, from the bundle, in the recipient's language; plain text, no tracking. */
@Component
class MailText {

    record Written(String subject, String body) {}

    private final MessageSource messages;
    private final PublicUrl publicUrl;

    MailText(MessageSource messages, PublicUrl publicUrl) {
        this.messages = messages;
        this.publicUrl = publicUrl;
    }

    String line(Notification n, Locale locale) {
        return messages.getMessage(n.textKey(), n.args().toArray(), locale);
    }

    Written immediate(Notification n, String lang) {
        Locale locale = Locale.forLanguageTag(lang);
        String line = line(n, locale);
        return new Written(
                messages.getMessage("notifications.mail.subject", new Object[] {line}, locale),
                messages.getMessage(
                        "notifications.mail.body",
                        new Object[] {line, publicUrl.base() + n.link(), publicUrl.base() + "/nouveautes/preferences"},
                        locale));
    }

    Written digest(List<Notification> unread, String lang) {
        Locale locale = Locale.forLanguageTag(lang);
        var lines = new StringBuilder();
        for (Notification n : unread) {
            lines.append("- ")
                    .append(line(n, locale))
                    .append("\n  ")
                    .append(publicUrl.base())
                    .append(n.link())
                    .append('\n');
        }
        return new Written(
                messages.getMessage("notifications.digest.subject", new Object[] {unread.size()}, locale),
                messages.getMessage(
                        "notifications.digest.body",
                        new Object[] {lines.toString(), publicUrl.base() + "/nouveautes/preferences"},
                        locale));
    }
}
