package org.preau.homework;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.preau.identity.Accounts;
import org.preau.identity.CurrentUser;
import org.preau.support.BrowserTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The story in a real browser, each person on their own device: the teacher posts work with an attachment,
 * the pupil sees it on "Aujourd'hui" and hands in, the teacher returns feedback, the parent sees the status. Then the
 * pupil's phone loses the network and "Aujourd'hui" is still there, marked as an offline copy.
 */
class HomeworkJourneyBrowserTest extends BrowserTest {

    static final String PASSWORD = "Cahier-de-textes-2026!";
    static final byte[] PDF = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Accounts accounts;

    TestSchool school() {
        var school = TestSchool.create(jdbc);
        for (var u : school.everyone()) {
            accounts.setPassword(u.accountId(), PASSWORD);
        }
        return school;
    }

    Page signedIn(CurrentUser user) {
        BrowserContext ctx = newContext();
        Page p = ctx.newPage();
        logIn(p, user.login(), PASSWORD);
        assertThat(p.url()).isEqualTo(baseUrl() + "/");
        return p;
    }

    @Test
    void teacherPostsPupilHandsInTeacherReturnsParentSeesTheStatus() {
        var school = school();
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));

        // The teacher writes the lesson and the work, with an attachment.
        Page teacher = signedIn(school.mathsTeacher);
        teacher.navigate("/cahier-de-textes/nouveau");
        assertAccessible(teacher);
        teacher.locator("#cible").selectOption(school.classId + "|" + school.mathsId);
        teacher.locator("#date").fill(today.toString());
        teacher.locator("#seance").fill("Nous avons étudié les fractions.");
        teacher.locator("#work0Instructions").fill("Résoudre les exercices de la fiche jointe.");
        teacher.locator("#work0DueDate").fill(today.plusDays(1).toString());
        teacher.locator("#work0Handin").check();
        teacher.locator("#work0Files").setInputFiles(new FilePayload("fiche-fractions.pdf", "application/pdf", PDF));
        teacher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Enregistrer"))
                .click();
        teacher.waitForLoadState();
        assertThat(teacher.url()).contains("/cahier-de-textes?semaine=");
        assertThat(teacher.content()).contains("Nous avons étudié les fractions.");

        // The pupil sees it on "Aujourd'hui", opens it, and hands in a file and a text.
        Page pupil = signedIn(school.pupil);
        assertThat(pupil.locator("#h-tomorrow + ul").textContent())
                .contains("Résoudre les exercices de la fiche jointe.");
        assertAccessible(pupil);
        pupil.locator("#h-tomorrow + ul a", new Page.LocatorOptions().setHasText("Voir le travail"))
                .first()
                .click();
        pupil.waitForLoadState();
        assertThat(pupil.locator("a[download]").first().textContent()).contains("fiche-fractions.pdf");
        assertAccessible(pupil);
        pupil.locator("#text").fill("Voici mes réponses.");
        pupil.locator("#files").setInputFiles(new FilePayload("mes-reponses.pdf", "application/pdf", PDF));
        pupil.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Rendre").setExact(true))
                .click();
        pupil.waitForLoadState();
        assertThat(pupil.locator("#h-handin").locator("xpath=..").textContent()).contains("Rendu", "mes-reponses.pdf");

        // The teacher opens the board, the hand-in, and returns it with a comment.
        teacher.navigate("/");
        teacher.navigate("/cahier-de-textes");
        teacher.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Voir les rendus"))
                .first()
                .click();
        teacher.waitForLoadState();
        assertThat(teacher.locator("tbody").textContent()).contains("Louise Martin", "Rendu", "Hugo Bernard");
        assertAccessible(teacher);
        teacher.locator("a", new Page.LocatorOptions().setHasText("Ouvrir le rendu"))
                .first()
                .click();
        teacher.waitForLoadState();
        assertThat(teacher.content()).contains("Voici mes réponses.", "mes-reponses.pdf");
        teacher.locator("#comment").fill("Très bien, attention aux simplifications.");
        teacher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Renvoyer avec le commentaire"))
                .click();
        teacher.waitForLoadState();
        assertThat(teacher.locator("tbody").textContent()).contains("Corrigé");

        // The parent sees the status on their child's day and the feedback on the work.
        Page parent = signedIn(school.parent);
        assertThat(parent.locator("#h-tomorrow + ul").textContent()).contains("Corrigé");
        assertThat(parent.locator("form[action$='/fait']").count()).isZero();
        assertAccessible(parent);
        parent.locator("#h-tomorrow + ul a", new Page.LocatorOptions().setHasText("Voir le travail"))
                .first()
                .click();
        parent.waitForLoadState();
        assertThat(parent.content()).contains("Très bien, attention aux simplifications.");
    }

    /** Bytes on the wire (headers and encoded bodies) for a first and a repeat visit of "Aujourd'hui". */
    @Test
    void aujourdhuiFitsThePageWeightBudget() {
        var school = school();
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
        Page teacher = signedIn(school.mathsTeacher);
        for (int i = 0; i < 6; i++) {
            teacher.navigate("/cahier-de-textes/nouveau");
            teacher.locator("#cible").selectOption(school.classId + "|" + school.mathsId);
            teacher.locator("#date").fill(today.toString());
            teacher.locator("#seance")
                    .fill("Séance " + i + " : correction des exercices, nouvelle notion, exemples au tableau.");
            teacher.locator("#work0Instructions")
                    .fill("Exercices " + i + " à " + (i + 3) + " page 4" + i + ", rédiger les solutions.");
            teacher.locator("#work0DueDate").fill(today.plusDays(i % 7).toString());
            teacher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Enregistrer"))
                    .click();
            teacher.waitForLoadState();
        }
        // A plain browser (no service worker), so that every byte is the network's.
        BrowserContext ctx = teacher.context()
                .browser()
                .newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                        .setBaseURL(baseUrl())
                        .setLocale("fr-FR")
                        .setServiceWorkers(com.microsoft.playwright.options.ServiceWorkerPolicy.BLOCK));
        Page pupil = ctx.newPage();
        // Sign in without rendering the log-in page, so that no asset is in the HTTP cache before the first visit.
        String form = pupil.request().get("/connexion").text();
        var token = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(form);
        assertThat(token.find()).isTrue();
        pupil.request()
                .post(
                        "/connexion",
                        com.microsoft.playwright.options.RequestOptions.create()
                                .setForm(com.microsoft.playwright.options.FormData.create()
                                        .set("username", school.pupil.login())
                                        .set("password", PASSWORD)
                                        .set("_csrf", token.group(1))));
        var bytes = new java.util.concurrent.atomic.AtomicLong();
        pupil.onRequestFinished(r -> {
            var sizes = r.sizes();
            bytes.addAndGet(sizes.responseHeadersSize + Math.max(0, sizes.responseBodySize));
        });
        // First visit: empty HTTP cache for the page and its assets.
        pupil.navigate("/");
        pupil.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
        long first = bytes.get();
        bytes.set(0);
        pupil.navigate("/");
        pupil.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
        long repeat = bytes.get();
        System.out.printf(
                "[page weight] Aujourd'hui over HTTP: first visit %d bytes, repeat visit %d bytes%n", first, repeat);
        assertThat(first).isLessThanOrEqualTo(60 * 1024);
        assertThat(repeat).isLessThanOrEqualTo(15 * 1024);
        ctx.close();
    }

    @Test
    void aujourdhuiStaysReadableOfflineWithABanner() {
        var school = school();
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
        Page teacher = signedIn(school.mathsTeacher);
        teacher.navigate("/cahier-de-textes/nouveau");
        teacher.locator("#cible").selectOption(school.classId + "|" + school.mathsId);
        teacher.locator("#date").fill(today.toString());
        teacher.locator("#work0Instructions").fill("Apprendre la leçon hors ligne.");
        teacher.locator("#work0DueDate").fill(today.plusDays(2).toString());
        teacher.locator("#work0Files").setInputFiles(new FilePayload("lecon.pdf", "application/pdf", PDF));
        teacher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Enregistrer"))
                .click();
        teacher.waitForLoadState();

        Page pupil = signedIn(school.pupil);
        // Wait until the service worker controls the page and has kept the week's work pages.
        pupil.waitForFunction(
                "() => navigator.serviceWorker && navigator.serviceWorker.controller !== null || (location.reload(), false)",
                null,
                new Page.WaitForFunctionOptions().setTimeout(20_000).setPollingInterval(1000));
        pupil.evaluate(
                "() => new Promise(resolve => { navigator.serviceWorker.addEventListener('message', e => { if (e.data && e.data.type === 'prefetched') resolve(); });"
                        + " const urls = ['/', ...[...document.querySelectorAll('a[href^=\"/travail/\"]')].map(a => a.getAttribute('href'))];"
                        + " navigator.serviceWorker.controller.postMessage({ type: 'prefetch', urls }); })");
        String workHref = pupil.locator("a[href^='/travail/']").first().getAttribute("href");
        assertThat(pupil.locator("#offline-banner").isHidden()).isTrue();

        pupil.context().setOffline(true);
        pupil.reload();
        assertThat(pupil.locator("#offline-banner").isVisible()).isTrue();
        assertThat(pupil.locator("#offline-banner").textContent()).matches("Copie hors ligne de \\d\\d:\\d\\d");
        assertThat(pupil.content()).contains("Apprendre la leçon hors ligne.");
        pupil.navigate(workHref);
        assertThat(pupil.content()).contains("Apprendre la leçon hors ligne.", "lecon.pdf");
        String fileHref = pupil.locator("a[download]").first().getAttribute("href");
        Object status = pupil.evaluate("href => fetch(href).then(r => r.status).catch(() => -1)", fileHref);
        assertThat(status).isEqualTo(200);
        pupil.context().setOffline(false);
    }
}
