package org.preau.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.ViewportSize;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.platform.web.SecurityHeaders;

/**
 * The page walker's checks must be able to fail: each defect they look for, served with the platform's real
 * Content-Security-Policy on a phone-sized screen, is reported, and a clean page is not.
 */
class PageChecksSelfTest {

    private static final String ORIGIN = "http://walker.test";
    private static final List<String> PREFIXES = List.of("homework", "problem");

    private static Playwright playwright;
    private static Browser browser;
    private BrowserContext context;
    private PageChecks.Watch watch;

    @BeforeAll
    static void launch() {
        Browsers.requireBrowser();
        playwright = Browsers.playwright();
        browser = Browsers.launch(playwright);
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @BeforeEach
    void phone() {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(new ViewportSize(390, 844)));
        PageChecks.install(context);
        context.route(
                ORIGIN + "/site.css",
                r -> r.fulfill(new com.microsoft.playwright.Route.FulfillOptions()
                        .setContentType("text/css")
                        .setBody(".wide { width: 600px } .scroller { overflow-x: auto }")));
        watch = PageChecks.watch(context.newPage());
    }

    @AfterEach
    void closeContext() {
        context.close();
    }

    private List<String> defectsOf(String body) {
        context.route(
                ORIGIN + "/page",
                r -> r.fulfill(new com.microsoft.playwright.Route.FulfillOptions()
                        .setContentType("text/html; charset=utf-8")
                        .setHeaders(Map.of("Content-Security-Policy", SecurityHeaders.POLICY))
                        .setBody("<!DOCTYPE html><html lang=\"fr\"><head><title>Essai</title>"
                                + "<link rel=\"stylesheet\" href=\"/site.css\"></head><body><main>" + body
                                + "</main></body></html>")));
        watch.reset();
        watch.page.navigate(ORIGIN + "/page");
        return PageChecks.defects(watch, "test", PREFIXES, "fr");
    }

    @Test
    void aCleanPageHasNoDefect() {
        assertThat(defectsOf("<h1>Aujourd’hui</h1><p>Rien à faire pour demain : {pas un paramètre}.</p>"
                        + "<div class=\"scroller\"><div class=\"wide\">défile dans son cadre</div></div>"))
                .isEmpty();
    }

    @Test
    void aMessageQuotedByMessageFormatIsReported() {
        assertThat(defectsOf("<p>Imports de l''annuaire</p>"))
                .singleElement()
                .asString()
                .contains("''");
    }

    @Test
    void anUnfilledPlaceholderIsReportedInTextAndInAttributes() {
        assertThat(defectsOf("<p>Salle d’attente : {0} personnes</p>"))
                .singleElement()
                .asString()
                .contains("{0}");
        assertThat(defectsOf("<button aria-label=\"Supprimer {1}\">x</button>"))
                .singleElement()
                .asString()
                .contains("{1}");
    }

    @Test
    void aBareMessageKeyIsReported() {
        assertThat(defectsOf("<h1>homework.work.title</h1>"))
                .singleElement()
                .asString()
                .contains("homework.work.title");
    }

    @Test
    void anElementWiderThanThePhoneIsReported() {
        assertThat(defectsOf("<table class=\"wide\"><tr><td>trop large</td></tr></table>"))
                .anySatisfy(d -> assertThat(d).contains("the page is", "390 px"))
                .anySatisfy(d -> assertThat(d).contains("table.wide"));
    }

    @Test
    void aContentSecurityPolicyViolationIsReported() {
        assertThat(defectsOf("<p>texte</p><script>document.title = 'x'</script>"))
                .anySatisfy(d -> assertThat(d).contains("Content-Security-Policy violation", "script-src"));
    }

    @Test
    void theWrongLanguageIsReported() {
        context.route(
                ORIGIN + "/en",
                r -> r.fulfill(new com.microsoft.playwright.Route.FulfillOptions()
                        .setContentType("text/html")
                        .setBody(
                                "<!DOCTYPE html><html lang=\"en\"><head><title>T</title></head><body></body></html>")));
        watch.page.navigate(ORIGIN + "/en");
        assertThat(PageChecks.defects(watch, "test", PREFIXES, "fr"))
                .singleElement()
                .asString()
                .contains("lang=en");
    }
}
