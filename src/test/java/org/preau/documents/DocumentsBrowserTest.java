package org.preau.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.preau.identity.Accounts;
import org.preau.identity.CurrentUser;
import org.preau.support.BrowserTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The espace documentaire in a real browser: a teacher uploads a worksheet into their space (the quota bar moves),
 * shares it with their class, and a pupil of that class finds it under "Partagés avec moi" and downloads the same
 * bytes; a pupil of another class does not see it.
 */
class DocumentsBrowserTest extends BrowserTest {

    static final String PASSWORD = "Espace-documentaire-2026!";
    static final byte[] PDF =
            "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n% fiche de fractions\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Accounts accounts;

    Page signedIn(CurrentUser user) {
        Page p = newContext().newPage();
        logIn(p, user.login(), PASSWORD);
        return p;
    }

    @Test
    void aTeacherUploadsAndSharesAPupilDownloads() throws Exception {
        var school = TestSchool.create(jdbc);
        for (var u : school.everyone()) {
            accounts.setPassword(u.accountId(), PASSWORD);
        }

        Page teacher = signedIn(school.mathsTeacher);
        teacher.navigate(baseUrl() + "/documents");
        assertThat(teacher.locator("#quota-bar").getAttribute("value")).isEqualTo("0");
        assertAccessible(teacher);
        teacher.locator("input[type=file]")
                .setInputFiles(new FilePayload("fiche-fractions.pdf", "application/pdf", PDF));
        teacher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Envoyer le fichier"))
                .click();
        teacher.waitForLoadState();
        assertThat(teacher.content()).contains("Le fichier a été ajouté.").contains("fiche-fractions.pdf");
        assertThat(teacher.locator("#quota-bar").getAttribute("value")).isEqualTo(String.valueOf(PDF.length));

        teacher.locator("summary", new Page.LocatorOptions().setHasText("fiche-fractions.pdf"))
                .click();
        teacher.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Partager…"))
                .click();
        teacher.waitForLoadState();
        assertAccessible(teacher);
        teacher.locator("select[name=target]").selectOption("CLASS:" + school.classId);
        teacher.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Partager").setExact(true))
                .click();
        teacher.waitForLoadState();
        assertThat(teacher.locator("main").textContent()).contains("Classe 3e B");

        Page pupil = signedIn(school.pupil);
        pupil.navigate(baseUrl() + "/documents/partages");
        assertAccessible(pupil);
        assertThat(pupil.content()).contains("fiche-fractions.pdf").contains("Partagé par");
        Download download = pupil.waitForDownload(
                () -> pupil.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("fiche-fractions.pdf"))
                        .click());
        assertThat(download.suggestedFilename()).isEqualTo("fiche-fractions.pdf");
        assertThat(Files.readAllBytes(download.path())).isEqualTo(PDF);

        var elsewhere = TestSchool.create(jdbc);
        accounts.setPassword(elsewhere.pupil.accountId(), PASSWORD);
        Page stranger = signedIn(elsewhere.pupil);
        stranger.navigate(baseUrl() + "/documents/partages");
        assertThat(stranger.content()).doesNotContain("fiche-fractions.pdf");
    }
}
