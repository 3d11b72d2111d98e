package org.preau.support;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Chromium driven by Playwright for Java — never a browser Playwright downloads itself. Where Chromium is
 * missing the browser tests are skipped loudly, except with {@code CI=true}, where a missing browser is a failure.
 */
public final class Browsers {

    private static final List<String> ARGS = List.of(
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync");

    private Browsers() {}

    public static Path chromium() {
        String override = System.getenv("PREAU_CHROMIUM");
        return Path.of(override != null && !override.isBlank() ? override : "/usr/bin/chromium");
    }

    /** Skips (or, on CI, fails) the calling test class when no browser can be used. */
    public static void requireBrowser() {
        boolean ci = "true".equals(System.getenv("CI"));
        boolean present = Files.isExecutable(chromium());
        boolean disabled = "no".equals(System.getProperty("preau.browser.tests", "auto"));
        if (present && !disabled) {
            return;
        }
        String why =
                present ? "browser tests disabled (-Dpreau.browser.tests=no)" : "Chromium not found at " + chromium();
        if (ci) {
            Assertions.fail("CI=true and " + why + ": browser tests must run on CI");
        }
        System.err.println("\n*** SKIPPING BROWSER TESTS: " + why + " (apt-get install -y chromium) ***\n");
        Assumptions.abort("Skipped: " + why);
    }

    public static Playwright playwright() {
        return Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    /** A headless Chromium with a fresh temporary profile (Playwright's launch creates one per browser). */
    public static Browser launch(Playwright playwright) {
        return playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(chromium())
                        .setHeadless(true)
                        .setArgs(ARGS));
    }
}
