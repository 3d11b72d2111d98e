package org.preau.status.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.preau.support.Axe;
import org.preau.support.BrowserTest;
import org.preau.support.PageChecks;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code /statut} in a real Chromium on a 390 px phone, in French and in English, with an incident in progress:
 * no overflow, no untranslated text, no CSP violation, accessible; and the screenshot in the docs
 * ({@code docs/status.png}, the phone's first screen) is taken here, of the real page ({@code -Dstatus.screenshot=true} writes it).
 */
class StatusBrowserTest extends BrowserTest {

    @Autowired
    StatusRuntime runtime;

    @Test
    void thePublicPageReadsWellOnAPhoneInBothLanguages() throws Exception {
        var incident = runtime.board()
                .declare(
                        "network",
                        Incident.Severity.DEGRADED,
                        UUID.randomUUID(),
                        "Lenteurs sur le réseau régional vers les collèges de l’Aude ; l’opérateur intervient.",
                        "Slow regional network towards the Aude collèges; the operator is on it.");
        try {
            PageChecks.install(context);
            page.setViewportSize(390, 844);
            var watch = PageChecks.watch(page);
            var prefixes = PageChecks.messageKeyPrefixes();

            page.navigate("/statut");
            assertThat(page.locator("h1").textContent()).isEqualTo("État du service");
            assertThat(page.locator("#composant-network").textContent())
                    .contains("Réseau", "Perturbé", "Réseau régional de démonstration", "France");
            assertThat(page.locator("#incident-" + incident.id()).textContent())
                    .contains("Réseau : perturbation signalée", "collèges de l’Aude");
            assertThat(PageChecks.defects(watch, "/statut [fr]", prefixes, "fr"))
                    .isEmpty();
            Axe.assertAccessible(page);
            Path shot = Path.of("target", "status.png");
            page.screenshot(new Page.ScreenshotOptions().setPath(shot));
            assertThat(Files.size(shot)).isPositive();
            if (Boolean.getBoolean("status.screenshot")) {
                Files.copy(shot, Path.of("docs", "status.png"), StandardCopyOption.REPLACE_EXISTING);
            }

            watch.reset();
            page.navigate("/statut?lang=en");
            assertThat(page.locator("h1").textContent()).isEqualTo("Service status");
            assertThat(page.locator("#composant-database").textContent()).contains("Database", "Operated by");
            assertThat(page.locator("#incident-" + incident.id()).textContent())
                    .contains("Network: disruption reported", "the operator is on it");
            assertThat(PageChecks.defects(watch, "/statut [en]", prefixes, "en"))
                    .isEmpty();
            Axe.assertAccessible(page);

            // The footer of every page leads here.
            page.navigate("/connexion");
            page.locator("footer a[href='/statut']").click();
            assertThat(page.url()).endsWith("/statut");
        } finally {
            runtime.board().post(incident.id(), UUID.randomUUID(), "Rétabli.", "Restored.", true);
        }
    }
}
