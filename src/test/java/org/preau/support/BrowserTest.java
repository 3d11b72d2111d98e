package org.preau.support;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of every browser test: the whole application on a random port, a real Chromium, a fresh browser context
 * (cookies, storage) per test, French by default.
 */
@PreauIntegrationTest
public abstract class BrowserTest {

    private static Playwright playwright;
    private static Browser browser;

    @LocalServerPort
    protected int port;

    protected BrowserContext context;
    protected Page page;

    @BeforeAll
    static void launchBrowser() {
        Browsers.requireBrowser();
        playwright = Browsers.playwright();
        browser = Browsers.launch(playwright);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @BeforeEach
    void openContext() {
        context = newContext();
        page = context.newPage();
    }

    @AfterEach
    void closeContext() {
        if (context != null) {
            context.close();
        }
    }

    /** Another independent browser context (another person on another device). */
    protected BrowserContext newContext() {
        return newContext(options -> {});
    }

    /** The same, with options of the caller's (a phone's viewport, service workers blocked...). */
    protected BrowserContext newContext(java.util.function.Consumer<Browser.NewContextOptions> customize) {
        var options = new Browser.NewContextOptions()
                .setBaseURL(baseUrl())
                .setLocale("fr-FR")
                .setTimezoneId("Europe/Paris");
        customize.accept(options);
        return browser.newContext(options);
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Signs in through the real log-in form. */
    protected void logIn(Page page, String login, String password) {
        page.navigate("/connexion");
        page.locator("input[name=username]").fill(login);
        page.locator("input[name=password]").fill(password);
        page.locator("form:has(input[name=password]) button[type=submit]").click();
        page.waitForLoadState();
    }

    protected void assertAccessible(Page page) {
        Axe.assertAccessible(page);
    }
}
