package org.preau.homework.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.preau.homework.internal.entries.RichText;

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
                "<p>texte\u0000<script>alert(1)</script></p>");
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void nothingExecutableSurvives(String input) {
        String out = RichText.sanitize(input);
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
        assertThat(out.toLowerCase(Locale.ROOT)).doesNotContain("<script", "javascript:", "onerror=", "<svg", "<math");
    }

    @Test
    void keepsTheAllowedFormatting() {
        String out = RichText.sanitize("<p>Lire <strong>p. 12</strong> et <em>résumer</em></p><ul><li>ex. 1</li></ul>"
                + "<a href=\"https://fr.wikipedia.org/wiki/Loire\">Loire</a>");
        assertThat(out)
                .contains("<strong>p. 12</strong>", "<em>résumer</em>", "<ul><li>ex. 1</li></ul>")
                .contains("href=\"https://fr.wikipedia.org/wiki/Loire\"")
                .contains("rel=\"nofollow noopener\"");
    }

    @Test
    void plainTextBecomesEscapedParagraphs() {
        String out = RichText.sanitize("Exercice 3 & 4\nsuite\n\nPartie 2");
        assertThat(out).startsWith("<p>Exercice 3 &amp; 4<br").contains("suite</p><p>Partie 2</p>");
        assertThat(RichText.sanitize("si x < 3 alors")).doesNotContain("<3").contains("&lt;");
    }
}
