package org.preau.homework.internal.entries;

import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.springframework.web.util.HtmlUtils;

/**
 * The only way teacher-written text reaches a page: a small allow-list (paragraphs, lists, emphasis, links to
 * http/https/mailto with {@code rel="nofollow noopener"}), enforced by the OWASP Java HTML Sanitizer when the text is
 * written, so that what is stored is already safe and the hot path renders it as is.
 */
public final class RichText {

    private static final PolicyFactory POLICY = new HtmlPolicyBuilder()
            .allowElements("p", "br", "ul", "ol", "li", "em", "strong", "b", "i", "u", "blockquote")
            .allowElements("a")
            .allowAttributes("href")
            .onElements("a")
            .allowUrlProtocols("http", "https", "mailto")
            .requireRelsOnLinks("nofollow", "noopener")
            .toFactory();

    private RichText() {}

    /**
     * Safe HTML from what a teacher typed: text without markup becomes paragraphs (one per blank-line-separated
     * block, line breaks kept); markup goes through the allow-list.
     */
    public static String sanitize(String input) {
        if (input == null || input.isBlank()) {
            return "";
        }
        String text = input.strip();
        if (!text.contains("<")) {
            var out = new StringBuilder();
            for (String block : text.split("\\R\\s*\\R")) {
                String escaped = HtmlUtils.htmlEscape(block.strip(), "UTF-8").replaceAll("\\R", "<br>");
                out.append("<p>").append(escaped).append("</p>");
            }
            return POLICY.sanitize(out.toString());
        }
        return POLICY.sanitize(text);
    }

    /** Plain text for places that show no markup (titles, calendar feeds, zip names). */
    static String plain(String html) {
        String noTags = html.replaceAll("<br>", "\n").replaceAll("</p>", "\n").replaceAll("<[^>]*>", "");
        return HtmlUtils.htmlUnescape(noTags).strip();
    }
}
