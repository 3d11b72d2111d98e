package org.preau.issue9;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.preau.directory.SchoolCalendar;
import org.preau.homework.internal.Fixtures;
import org.preau.homework.internal.entries.EntryService;
import org.preau.homework.internal.entries.Work;
import org.preau.identity.Accounts;
import org.preau.identity.CurrentUser;
import org.preau.support.BrowserTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 9's "done when": one journey per role through the paths it fixed, in a real browser without scripts of
 * ours being needed — the pupil and the parent move between days and see "En retard / à rendre", the pupil hands in
 * with the limits stated before upload, the teacher's Markdown survives a save and an edit, the head of school sees
 * who wrote what, and every change is confirmed.
 */
class RoleJourneysBrowserTest extends BrowserTest {

    static final String PASSWORD = "Parcours-par-role-2026!";
    static final byte[] PDF = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Accounts accounts;

    @Autowired
    EntryService entries;

    @Autowired
    SchoolCalendar calendar;

    @Autowired
    java.time.Clock clock;

    TestSchool school;
    LocalDate today;
    LocalDate previousSchoolDay;
    Work overdue;

    /** A school with a lesson on the previous school day and a hand-in overdue since then. */
    void setUpSchool() {
        school = TestSchool.create(jdbc);
        for (var u : school.everyone()) {
            accounts.setPassword(u.accountId(), PASSWORD);
        }
        today = EntryService.today(clock);
        previousSchoolDay = calendar.schoolDayOnOrBefore(school.schoolId, today.minusDays(1));
        overdue = entries.create(
                        school.mathsTeacher,
                        Fixtures.draft(
                                school.classId,
                                school.mathsId,
                                previousSchoolDay,
                                "Séance du jour manqué : les fractions",
                                Fixtures.handIn(
                                        "Rédiger la fiche sur les fractions", previousSchoolDay, Optional.empty())))
                .works()
                .getFirst();
    }

    Page signedIn(CurrentUser user) {
        BrowserContext ctx = newContext();
        Page p = ctx.newPage();
        logIn(p, user.login(), PASSWORD);
        assertThat(p.url()).isEqualTo(baseUrl() + "/");
        return p;
    }

    static String late(Page p) {
        return p.locator("section[aria-labelledby=h-late]").textContent();
    }

    @Test
    void pupilMovesBetweenDaysSeesLateWorkAndHandsItInWithinTheStatedLimits() {
        setUpSchool();
        Page pupil = signedIn(school.pupil);
        assertThat(late(pupil)).contains("Rédiger la fiche sur les fractions", "pas encore rendu");

        // The day they missed, and back, by plain links.
        pupil.locator("nav.days a[href='/?jour=" + previousSchoolDay + "']").click();
        pupil.waitForLoadState();
        assertThat(pupil.locator(".lessons").textContent()).contains("Séance du jour manqué : les fractions");
        pupil.locator("nav.days a[href='/']").click();
        pupil.waitForLoadState();

        // The late work's page states the limits before any upload.
        pupil.locator("section[aria-labelledby=h-late] a", new Page.LocatorOptions().setHasText("Voir le travail"))
                .first()
                .click();
        pupil.waitForLoadState();
        assertThat(pupil.locator("#files-hint").textContent())
                .contains("Au plus 5 fichiers et 50 Mo en tout pour ce rendu, 20 Mo par fichier");
        pupil.locator("#text").fill("Ma fiche, en retard.");
        pupil.locator("#files").setInputFiles(new FilePayload("fiche.pdf", "application/pdf", PDF));
        pupil.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Rendre").setExact(true))
                .click();
        pupil.waitForLoadState();
        assertThat(pupil.locator(".alert.success[role=status]").first().textContent())
                .contains("Votre travail a été rendu.");
        assertThat(pupil.locator("#h-handin").locator("xpath=..").textContent()).contains("fiche.pdf");

        pupil.navigate("/");
        assertThat(late(pupil)).doesNotContain("Rédiger la fiche sur les fractions");
    }

    @Test
    void parentSeesTheChildsLateWorkAndOtherDaysReadOnly() {
        setUpSchool();
        Page parent = signedIn(school.parent);
        assertThat(late(parent)).contains("Rédiger la fiche sur les fractions", "pas encore rendu");
        assertThat(parent.locator("form[action$='/fait']").count()).isZero();
        parent.locator("nav.days a[href*='jour=" + previousSchoolDay + "']")
                .first()
                .click();
        parent.waitForLoadState();
        assertThat(parent.url()).contains("jour=" + previousSchoolDay);
        assertThat(parent.locator(".lessons").textContent()).contains("Séance du jour manqué : les fractions");
        assertAccessible(parent);
    }

    @Test
    void teacherWritesMarkdownThatSurvivesAnEditAndSeesWhoHandedIn() {
        setUpSchool();
        Page teacher = signedIn(school.mathsTeacher);
        teacher.navigate("/cahier-de-textes/nouveau");
        String instructions = "Relire le cours.\n\n- exercice 1 page 42\n- exercice 2 page 43";
        teacher.locator("#cible").selectOption(school.classId + "|" + school.mathsId);
        teacher.locator("#date").fill(today.toString());
        String seance = "Les fractions équivalentes :\n\n- simplifier\n- comparer deux fractions";
        teacher.locator("#seance").fill(seance);
        teacher.locator("#work0Instructions").fill(instructions);
        teacher.locator("#work0DueDate").fill(today.plusDays(2).toString());
        assertThat(teacher.locator("#work0Files-hint").textContent()).contains("20 Mo par fichier");
        teacher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Enregistrer"))
                .click();
        teacher.waitForLoadState();
        assertThat(teacher.locator(".alert.success[role=status]").first().textContent())
                .contains("La séance a été enregistrée.");
        // Rendered as a list on the week's page.
        assertThat(teacher.locator(".rich li", new Page.LocatorOptions().setHasText("comparer deux fractions"))
                        .count())
                .isPositive();

        String entryId = teacher.url().substring(teacher.url().indexOf("#e-") + 3);
        teacher.navigate("/cahier-de-textes/" + entryId + "/modifier");
        assertThat(teacher.locator("#seance").inputValue()).isEqualTo(seance);
        assertThat(teacher.locator("#work0Instructions").inputValue()).isEqualTo(instructions);

        // The pupil's overdue hand-in, from the board: the page names the pupil.
        teacher.navigate("/travail/" + overdue.id() + "/depots");
        assertThat(teacher.locator("tbody").textContent()).contains(nameOf(school.pupil), "Manquant");
        assertAccessible(teacher);
    }

    @Test
    void headOfSchoolSeesWhoWroteWhatAndSignsOutAnotherDevice() {
        setUpSchool();
        Page other = signedIn(school.head);
        Page head = signedIn(school.head);
        head.navigate("/cahier-de-textes/etablissement?semaine=" + previousSchoolDay);
        assertThat(head.locator("thead").textContent()).contains("Professeur");
        assertThat(head.locator("tbody").textContent())
                .contains("Séance du jour manqué : les fractions", nameOf(school.mathsTeacher));

        head.navigate("/profil");
        head.locator("form[action='/profil/appareils/revoquer'] button").first().click();
        head.waitForLoadState();
        assertThat(head.locator(".alert.success[role=status]").first().textContent())
                .contains("L’appareil a été déconnecté.");
        other.navigate("/profil");
        assertThat(other.url()).contains("/connexion");
    }

    String nameOf(CurrentUser user) {
        return jdbc.sql("select display_name from account where id = ?")
                .param(user.accountId())
                .query(String.class)
                .single();
    }
}
