package org.preau.status.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.web.util.HtmlUtils;

/**
 * The Atom feed of incidents (RFC 4287): one entry per incident of the last 30 days, updated with each of its
 * updates, so that a feed reader, a newsroom or another service's status page can follow Préau's without scraping
 * it. Links are relative to the feed's own address (no host name in it, as on the page).
 */
final class AtomFeed {

    private static final UUID FEED_ID = UUID.nameUUIDFromBytes("preau-status-feed".getBytes(StandardCharsets.UTF_8));

    private AtomFeed() {}

    static String of(BoardView view, Locale locale, MessageSource messages) {
        var out = new StringBuilder(4096);
        out.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
                .append("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"")
                .append(locale.getLanguage())
                .append("\">\n");
        element(out, "id", "urn:uuid:" + FEED_ID);
        element(out, "title", messages.getMessage("status.feed.title", null, locale));
        element(out, "updated", time(view.updated()));
        out.append("<link rel=\"alternate\" type=\"text/html\" href=\"/statut\"/>\n");
        out.append("<link rel=\"self\" type=\"application/atom+xml\" href=\"/statut.atom\"/>\n");
        out.append("<author><name>")
                .append(escape(messages.getMessage("app.name", null, locale)))
                .append("</name></author>\n");
        for (var list : List.of(view.current(), view.past())) {
            for (var i : list) {
                String name = view.component(i.componentId())
                        .map(c -> c.component().name().in(locale))
                        .orElse(i.componentId());
                Instant updated = i.updates().isEmpty()
                        ? i.started()
                        : i.updates().getLast().at();
                out.append("<entry>\n");
                element(out, "id", "urn:uuid:" + i.id());
                element(out, "title", Texts.title(i, name, locale, messages));
                element(out, "updated", time(updated));
                element(out, "published", time(i.started()));
                out.append("<link rel=\"alternate\" type=\"text/html\" href=\"/statut#incident-")
                        .append(i.id())
                        .append("\"/>\n");
                out.append("<author><name>").append(escape(i.operator())).append("</name></author>\n");
                var text = new StringBuilder();
                for (var u : i.updates().reversed()) {
                    text.append(time(u.at()))
                            .append(" — ")
                            .append(Texts.update(u, name, locale, messages))
                            .append('\n');
                }
                out.append("<content type=\"text\">")
                        .append(escape(text.toString().strip()))
                        .append("</content>\n");
                out.append("</entry>\n");
            }
        }
        return out.append("</feed>\n").toString();
    }

    private static void element(StringBuilder out, String name, String text) {
        out.append('<')
                .append(name)
                .append('>')
                .append(escape(text))
                .append("</")
                .append(name)
                .append(">\n");
    }

    private static String time(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String escape(String s) {
        return HtmlUtils.htmlEscape(s == null ? "" : s, "UTF-8");
    }
}
