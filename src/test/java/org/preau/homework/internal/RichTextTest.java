package org.preau.homework.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.preau.platform.text.RichText;

/**
 * Teacher-written text reaches every pupil's page: nothing executable may survive the sanitiser. Each corpus entry
 * is sanitised, parsed back as a browser would (jsoup), and checked for script elements, event handlers, dangerous
 * URL schemes, and any element or attribute outside the allow-list.
 */
class RichTextTest {

    static Stream<String> corpus() {
        return Stream.of(
                "<script>alert(1)</script>",
                "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
                "<scr<script>ipt>alert(1)</scr</script>ipt>",
                "<img src=x onerror=alert(1)>",
                "<p onclick=\"alert(1)\">clic</p>",
                "<body onload=alert(1)>",
                "<a href=\"javascript:alert(1)\">lien</a>",
                "<a href=\"JaVaScRiPt:alert(1)\">lien</a>",
                "<a href=\"jav&#x09;ascript:alert(1)\">lien</a>",
                "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">lien</a>",
                "<a href=\"javascript&colon;alert(1)\">lien</a>",
                "<a href=\" javascript:alert(1)\">lien</a>",
                "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">lien</a>",
                "<a href=\"vbscript:msgbox(1)\">lien</a>",
                "<svg onload=alert(1)>",
                "<svg><script>alert(1)</script></svg>",
                "<svg><a xlink:href=\"javascript:alert(1)\"><text x=20 y=20>XSS</text></a></svg>",
                "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
                "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
                "<math href=\"javascript:alert(1)\">CLICK</math>",
                "<iframe src=\"javascript:alert(1)\"></iframe>",
                "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
                "<object data=\"javascript:alert(1)\"></object>",
                "<embed src=\"javascript:alert(1)\">",
                "<form action=\"javascript:alert(1)\"><button>x</button></form>",
                "<input onfocus=alert(1) autofocus>",
                "<details open ontoggle=alert(1)>",
                "<style>@import 'javascript:alert(1)';</style>",
                "<div style=\"background:url(javascript:alert(1))\">x</div>",
                "<p style=\"x:expression(alert(1))\">x</p>",
                "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
                "<base href=\"javascript:alert(1)//\">",
                "<link rel=stylesheet href=\"javascript:alert(1)\">",
                "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
                "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
                "<a href=\"https://ok.example\" onmouseover=\"alert(1)\">ok</a>",
                "<<img src=x onerror=alert(1)//<",
                "&lt;script&gt;alert(1)&lt;/script&gt;",
                "<template><script>alert(1)</script></template>",
                "<a href=\"https://ok.example\" target=\"_blank\">ok</a>",
                "<em>ok</em><img src=\"https://tracker.example/p.gif\">",
                "<p>texte\u0000<script>alert(1)</script></p>",
                // The same through Markdown's own syntax.
                "[lien](javascript:alert(1))",
                "[lien](JAVASCRIPT:alert(1) \"titre\")",
                "![image](https://tracker.example/p.gif)",
                "![x](x\" onerror=\"alert(1))",
                "<javascript:alert(1)>",
                "[a]: javascript:alert(1)\n\n[a]",
                "- <img src=x onerror=alert(1)>\n- `<script>alert(1)</script>`",
                "> <iframe src=\"javascript:alert(1)\"></iframe>",
                "```\n<script>alert(1)</script>\n```",
                "https://ok.example/\"onmouseover=alert(1) et https://ok.example/<img src=x onerror=alert(1)>");
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void nothingExecutableSurvives(String input) {
        String out = RichText.render(input);
        var doc = Jsoup.parseBodyFragment(out);
        for (Element e : doc.body().getAllElements()) {
            if (e == doc.body()) {
                continue;
            }
            assertThat(e.tagName()).isIn("p", "br", "ul", "ol", "li", "em", "strong", "b", "i", "u", "blockquote", "a");
            for (var attribute : e.attributes()) {
                assertThat(attribute.getKey()).isIn("href", "rel");
                assertThat(attribute.getKey()).doesNotStartWith("on");
            }
            if (e.tagName().equals("a") && e.hasAttr("href")) {
                String href = e.attr("href").strip().toLowerCase(Locale.ROOT);
                assertThat(href).matches("^(https?:|mailto:).*");
                assertThat(e.attr("rel")).contains("nofollow").contains("noopener");
            }
        }
        // "javascript:" may remain as words a reader sees (an autolink refused), never in markup.
        assertThat(out.toLowerCase(Locale.ROOT))
                .doesNotContain("<script", "onerror=", "<svg", "<math")
                .doesNotContainPattern("=\"[^\"]*javascript:");
    }

    @Test
    void keepsTheAllowedFormatting() {
        String out = RichText.render("<p>Lire <strong>p. 12</strong> et <em>résumer</em></p><ul><li>ex. 1</li></ul>"
                + "<a href=\"https://fr.wikipedia.org/wiki/Loire\">Loire</a>");
        assertThat(out)
                .contains("<strong>p. 12</strong>", "<em>résumer</em>", "<ul><li>ex. 1</li></ul>")
                .contains("href=\"https://fr.wikipedia.org/wiki/Loire\"")
                .contains("rel=\"nofollow noopener\"");
    }

    @Test
    void plainTextBecomesEscapedParagraphs() {
        String out = RichText.render("Exercice 3 & 4\nsuite\n\nPartie 2");
        assertThat(out.replace("\n", "")).isEqualTo("<p>Exercice 3 &amp; 4<br />suite</p><p>Partie 2</p>");
        assertThat(RichText.render("si x < 3 alors")).doesNotContain("<3").contains("&lt;");
    }

    @Test
    void markdownParagraphsListsAndEmphasisSurvive() {
        String out = RichText.render("""
                Lire le chapitre 2.

                - exercice **1**
                - exercice *2*

                1. d’abord
                2. ensuite""");
        var doc = Jsoup.parseBodyFragment(out);
        assertThat(doc.select("p")).hasSize(1);
        assertThat(doc.select("ul > li")).extracting(Element::text).containsExactly("exercice 1", "exercice 2");
        assertThat(doc.select("ul strong").text()).isEqualTo("1");
        assertThat(doc.select("ul em").text()).isEqualTo("2");
        assertThat(doc.select("ol > li")).extracting(Element::text).containsExactly("d’abord", "ensuite");
    }

    @Test
    void webAddressesBecomeSafeLinksAndTheRestStaysAsTyped() {
        String out =
                RichText.render("Voir https://fr.wikipedia.org/wiki/Loire. Et [le manuel](https://manuel.example/p12)\n"
                        + "# pas un titre\n    pas du code");
        var doc = Jsoup.parseBodyFragment(out);
        assertThat(doc.select("a"))
                .extracting(e -> e.attr("href"))
                .containsExactly("https://fr.wikipedia.org/wiki/Loire", "https://manuel.example/p12");
        assertThat(doc.select("a")).allSatisfy(a -> assertThat(a.attr("rel")).contains("nofollow", "noopener"));
        assertThat(doc.text()).contains("Loire. Et le manuel", "# pas un titre", "pas du code");
    }

    @Test
    void aTextOfForbiddenMarkupOnlyShowsNothing() {
        assertThat(RichText.showsNothing(RichText.render("<script>alert(1)</script>")))
                .isTrue();
        assertThat(RichText.showsNothing(RichText.render("<img src=x>\n\n<p></p>")))
                .isTrue();
        assertThat(RichText.showsNothing(RichText.render("Lire"))).isFalse();
    }

    /** HTML written before Markdown gets a source that renders the same paragraphs, lists, emphasis and links. */
    @ParameterizedTest
    @MethodSource("storedHtml")
    void aSourceDerivedFromStoredHtmlRendersTheSameAgain(String html) {
        String source = RichText.sourceOf(html);
        assertThat(source).doesNotContain("<p>", "<li>", "<ul>");
        assertThat(normalised(RichText.render(source))).isEqualTo(normalised(RichText.render(html)));
    }

    static Stream<String> storedHtml() {
        return Stream.of(
                "<p>Faire les exercices 1 à 4 de la fiche et <strong>rendre une photo</strong>.</p>",
                "<p>Reprise de la leçon.</p><ul><li>trace écrite</li><li>exercices <em>1</em> et 2</li></ul>",
                "<p>Ligne 1<br>Ligne 2</p><p>Paragraphe 2</p>",
                "<ol><li>un</li><li>deux<ul><li>deux bis</li></ul></li></ol>",
                "<p>Voir <a href=\"https://fr.wikipedia.org/wiki/Loire\" rel=\"nofollow noopener\">la Loire</a> et "
                        + "<a href=\"https://ok.example/a_b\" rel=\"nofollow noopener\">https://ok.example/a_b</a></p>",
                "<p>1. pas une liste, * pas d’italique *, x &lt; 3 et &lt;b&gt; reste du texte</p>",
                "<p>- tiret</p><p>+ plus</p><p>&gt; pas une citation</p>");
    }

    /** Equal for a reader: the same elements and text, whatever the whitespace between blocks. */
    static String normalised(String html) {
        var doc = Jsoup.parseBodyFragment(html);
        doc.outputSettings().prettyPrint(false);
        return doc.body().html().replace("\n", "").replaceAll("<br />", "<br>");
    }
}
