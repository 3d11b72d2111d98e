package org.preau.issue9;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.preau.homework.internal.Fixtures;
import org.preau.homework.internal.entries.EntryService;
import org.preau.identity.Accounts;
import org.preau.identity.CurrentUser;
import org.preau.support.BrowserTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 9, "Phones": at 390 px wide (a common phone), the profile's device table and the teacher's hand-in board fit
 * the screen. The page must not scroll sideways: its document is no wider than the viewport.
 */
class NarrowScreensBrowserTest extends BrowserTest {

    static final String PASSWORD = "Ecrans-etroits-2026!";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Accounts accounts;

    @Autowired
    EntryService entries;

    TestSchool school() {
        var school = TestSchool.create(jdbc);
        for (var u : school.everyone()) {
            accounts.setPassword(u.accountId(), PASSWORD);
        }
        return school;
    }

    Page phone(CurrentUser user) {
        var ctx = browserContext();
        Page p = ctx.newPage();
        logIn(p, user.login(), PASSWORD);
        return p;
    }

    com.microsoft.playwright.BrowserContext browserContext() {
        return context.browser()
                .newContext(new Browser.NewContextOptions()
                        .setBaseURL(baseUrl())
                        .setLocale("fr-FR")
                        .setTimezoneId("Europe/Paris")
                        .setViewportSize(390, 844)
                        .setUserAgent("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
                                + " Chrome/130.0 Mobile Safari/537.36"));
    }

    static void assertNoSidewaysScroll(Page p) {
        Object widths = p.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]");
        @SuppressWarnings("unchecked")
        List<Number> w = (List<Number>) widths;
        assertThat(w.get(0).intValue())
                .as("document width at a %d px viewport on %s", w.get(1).intValue(), p.url())
                .isLessThanOrEqualTo(w.get(1).intValue());
    }

    @Test
    void theProfilesDeviceTableFitsAPhone() {
        var school = school();
        // Three devices signed in, so that the table has rows with their "Déconnecter" buttons.
        phone(school.parent);
        phone(school.parent);
        Page p = phone(school.parent);
        p.navigate("/profil");
        assertThat(p.locator("table[aria-labelledby=devices] tbody tr").count()).isGreaterThanOrEqualTo(3);
        assertNoSidewaysScroll(p);
    }

    @Test
    void theHandInBoardFitsAPhone() {
        var school = school();
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
        var work = entries.create(
                        school.mathsTeacher,
                        Fixtures.draft(
                                school.classId,
                                school.mathsId,
                                today,
                                "Séance",
                                Fixtures.handIn(
                                        "Rédiger le compte rendu du TP sur les fractions équivalentes",
                                        today.plusDays(2),
                                        Optional.empty())))
                .works()
                .getFirst();
        Page p = phone(school.mathsTeacher);
        p.navigate("/travail/" + work.id() + "/depots");
        assertThat(p.locator("table tbody tr").count()).isGreaterThanOrEqualTo(2);
        assertNoSidewaysScroll(p);
    }
}
