package org.preau.platform.text;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListBlock;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.HtmlSanitizer;
import org.owasp.html.PolicyFactory;
import org.springframework.web.util.HtmlUtils;

/**
 * The only way text people write (the cahier de textes, news, messages) reaches a page. They write Markdown (a blank
 * line between paragraphs, "- " for a list, {@code **gras**}, {@code *italique*}, web addresses become links); CommonMark renders it to HTML, and a
 * small allow-list (paragraphs, lists, emphasis, links to http/https/mailto with {@code rel="nofollow noopener"}) is
 * then enforced by the OWASP Java HTML Sanitizer, when the text is written: what is stored is already safe and the hot
 * path renders it as is. The writer's source is stored next to the HTML, so that the editor shows what they wrote
 * (ADR 0024). It lives in the platform because every module that takes written text (homework, news, messaging) must
 * apply the same allow-list.
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

    /**
     * Paragraphs, lists, quotes and HTML blocks only: headings, rules and code blocks would be dropped by the
     * allow-list anyway, and a line starting with "#" or indented by four spaces should stay as the teacher typed it.
     */
    private static final Parser PARSER = Parser.builder()
            .enabledBlockTypes(Set.of(BlockQuote.class, ListBlock.class, HtmlBlock.class))
            .postProcessor(RichText::linkBareAddresses)
            .build();

    /** A single line break is a line break: teachers type line by line. */
    private static final HtmlRenderer RENDERER =
            HtmlRenderer.builder().softbreak("<br>").build();

    private static final Pattern BARE_URL = Pattern.compile("\\bhttps?://[^\\s<>\"]+");

    private RichText() {}

    /** Safe HTML from the teacher's Markdown source; {@code ""} for a blank source. */
    public static String render(String source) {
        if (source == null || source.isBlank()) {
            return "";
        }
        String html = RENDERER.render(PARSER.parse(source.strip()));
        return POLICY.sanitize(html).strip();
    }

    /**
     * Whether rendered HTML shows nothing to a reader (no text): what a source made only of forbidden markup renders
     * to, which must be refused rather than saved as an empty piece of work.
     */
    public static boolean showsNothing(String html) {
        return plain(html).isBlank();
    }

    /** Plain text for places that show no markup (titles, calendar feeds, zip names). */
    public static String plain(String html) {
        if (html == null) {
            return "";
        }
        String noTags =
                html.replaceAll("<br ?/?>", "\n").replaceAll("</p>", "\n").replaceAll("<[^>]*>", "");
        return HtmlUtils.htmlUnescape(noTags).strip();
    }

    /**
     * A Markdown source for HTML stored before teachers wrote Markdown (its source column is empty): what the editor
     * shows so that saving it again renders the same paragraphs, lists, emphasis and links. The stored HTML itself is
     * kept as it was rendered until the teacher saves a new version.
     */
    public static String sourceOf(String html) {
        if (html == null || html.isBlank()) {
            return "";
        }
        var markdown = new MarkdownWriter();
        HtmlSanitizer.sanitize(POLICY.sanitize(html), markdown);
        return markdown.result();
    }

    /** Turns web addresses written as plain text into links (CommonMark only links {@code <https://…>}). */
    private static Node linkBareAddresses(Node document) {
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                // Text inside a link stays as written.
            }

            @Override
            public void visit(Text text) {
                String literal = text.getLiteral();
                Matcher m = BARE_URL.matcher(literal);
                if (!m.find()) {
                    return;
                }
                Node at = text;
                int from = 0;
                do {
                    String url = trimTrailingPunctuation(m.group());
                    int end = m.start() + url.length();
                    if (m.start() > from) {
                        at = insertAfter(at, new Text(literal.substring(from, m.start())));
                    }
                    var link = new Link(url, null);
                    link.appendChild(new Text(url));
                    at = insertAfter(at, link);
                    from = end;
                } while (m.find(from));
                if (from < literal.length()) {
                    insertAfter(at, new Text(literal.substring(from)));
                }
                text.unlink();
            }
        });
        return document;
    }

    private static Node insertAfter(Node at, Node node) {
        at.insertAfter(node);
        return node;
    }

    private static String trimTrailingPunctuation(String url) {
        int end = url.length();
        while (end > 0 && ".,;:!?)»'".indexOf(url.charAt(end - 1)) >= 0) {
            end--;
        }
        return url.substring(0, end);
    }

    /** Writes sanitised HTML back as Markdown: the inverse of {@link #render} for what the allow-list keeps. */
    private static final class MarkdownWriter implements HtmlSanitizer.Policy {

        private static final Pattern LINE_START_MARKER = Pattern.compile("^([-+>#]|\\d+[.)])(\\s|$)");

        private final StringBuilder out = new StringBuilder();
        /** Open lists, innermost first. */
        private final Deque<ListFrame> lists = new ArrayDeque<>();

        private String href;
        private StringBuilder linkText;
        private boolean lineStart = true;
        private boolean afterMarker;
        private boolean quoteOpened;

        @Override
        public void openDocument() {}

        @Override
        public void closeDocument() {}

        @Override
        public void openTag(String name, List<String> attrs) {
            switch (name) {
                case "p" -> {
                    if (lists.isEmpty()) {
                        if (!quoteOpened) {
                            block();
                        }
                        quoteOpened = false;
                    } else if (!afterMarker) {
                        lineBreak();
                    }
                }
                case "blockquote" -> {
                    block();
                    write("> ");
                    quoteOpened = true;
                }
                case "ul", "ol" -> {
                    if (lists.isEmpty()) {
                        block();
                    }
                    int indent = lists.isEmpty() ? 0 : lists.peek().contentIndent;
                    lists.push(new ListFrame("ol".equals(name) ? 1 : -1, indent));
                }
                case "li" -> {
                    newline();
                    ListFrame list = lists.isEmpty() ? new ListFrame(-1, 0) : lists.peek();
                    String marker = list.next < 0 ? "- " : (list.next++) + ". ";
                    out.append(" ".repeat(list.indent)).append(marker);
                    list.contentIndent = list.indent + marker.length();
                    lineStart = false;
                    afterMarker = true;
                }
                case "br" -> lineBreak();
                case "strong", "b" -> write("**");
                case "em", "i" -> write("*");
                case "a" -> {
                    href = "";
                    for (int i = 0; i + 1 < attrs.size(); i += 2) {
                        if ("href".equals(attrs.get(i))) {
                            href = attrs.get(i + 1);
                        }
                    }
                    linkText = new StringBuilder();
                }
                default -> {} // u: no Markdown for it, the text is kept
            }
        }

        @Override
        public void closeTag(String name) {
            switch (name) {
                case "ul", "ol" -> {
                    if (!lists.isEmpty()) {
                        lists.pop();
                    }
                }
                case "strong", "b" -> write("**");
                case "em", "i" -> write("*");
                case "a" -> {
                    if (linkText == null) {
                        return;
                    }
                    String text = linkText.toString();
                    linkText = null;
                    if (href.equals(text)) {
                        write(href); // a bare address: written as is, it becomes a link again
                    } else {
                        write("[" + escape(text) + "]("
                                + href.replace(")", "%29").replace(" ", "%20") + ")");
                    }
                }
                default -> {}
            }
        }

        @Override
        public void text(String text) {
            String collapsed = text.replaceAll("\\s+", " ");
            if (linkText != null) {
                linkText.append(collapsed);
                return;
            }
            if (lineStart) {
                collapsed = collapsed.stripLeading();
                if (collapsed.isEmpty()) {
                    return;
                }
                String escaped = escape(collapsed);
                Matcher marker = LINE_START_MARKER.matcher(escaped);
                if (marker.find()) {
                    // "1. " or "- " at the start of a line would make a list: escape the marker's punctuation.
                    int at = marker.end(1) - 1;
                    escaped = escaped.substring(0, at) + "\\" + escaped.substring(at);
                }
                write(escaped);
            } else {
                write(escape(collapsed));
            }
        }

        private static String escape(String text) {
            return text.replaceAll("([\\\\*_`\\[\\]])", "\\\\$1").replaceAll("<(?=[A-Za-z/!?])", "\\\\<");
        }

        private void write(String s) {
            out.append(s);
            lineStart = false;
            afterMarker = false;
        }

        /** A line break inside a paragraph or a list item (one newline renders as {@code <br>}). */
        private void lineBreak() {
            out.append('\n');
            if (!lists.isEmpty()) {
                out.append(" ".repeat(lists.peek().contentIndent));
            }
            lineStart = true;
        }

        private void newline() {
            if (!out.isEmpty() && out.charAt(out.length() - 1) != '\n') {
                out.append('\n');
            }
            lineStart = true;
        }

        /** A new block: a blank line after whatever came before. */
        private void block() {
            if (!out.isEmpty()) {
                newline();
                if (out.length() < 2 || out.charAt(out.length() - 2) != '\n') {
                    out.append('\n');
                }
            }
            lineStart = true;
            afterMarker = false;
        }

        String result() {
            return out.toString().strip();
        }

        /** A list being written: the next number (-1 when bulleted), where its markers and its items' text start. */
        private static final class ListFrame {
            int next;
            final int indent;
            int contentIndent;

            ListFrame(int next, int indent) {
                this.next = next;
                this.indent = indent;
                this.contentIndent = indent + 2;
            }
        }
    }
}
