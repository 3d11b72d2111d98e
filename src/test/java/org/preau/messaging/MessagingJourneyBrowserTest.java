package org.preau.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.preau.directory.DirectoryFixtures;
import org.preau.identity.Accounts;
import org.preau.identity.CurrentUser;
import org.preau.support.BrowserTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The messaging stories in a real browser, each person on their own device: a teacher writes to the parents
 * of a class and a parent replies; a teacher attaches a file for the parents and a parent downloads it; a pupil looking for another pupil is told why nobody is found; a reported message
 * reaches the school's moderation; a suspension shows its banner and reading stays possible.
 */
class MessagingJourneyBrowserTest extends BrowserTest {

    static final String PASSWORD = "Messagerie-2026-navigateur!";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Accounts accounts;

    TestSchool school() {
        var school = TestSchool.create(jdbc);
        DirectoryFixtures.indexNames(jdbc, school);
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

    Page.GetByRoleOptions named(String name) {
        return new Page.GetByRoleOptions().setName(name).setExact(true);
    }

    @Test
    void aTeacherWritesToTheParentsOfAClassAndAParentReplies() {
        var school = school();
        Page teacher = signedIn(school.mathsTeacher);
        teacher.getByRole(AriaRole.LINK, named("Messagerie")).click();
        teacher.getByRole(AriaRole.LINK, named("Nouveau message")).click();
        assertAccessible(teacher);
        teacher.locator("#recherche").fill("parents 3e B");
        teacher.getByRole(AriaRole.BUTTON, named("Chercher")).click();
        teacher.getByLabel("Parents de 3e B").check();
        teacher.getByRole(AriaRole.BUTTON, named("Ajouter les destinataires cochés"))
                .click();
        assertThat(teacher.locator("#targets").textContent()).contains("Parents de 3e B");
        teacher.locator("#sujet").fill("Réunion parents-professeurs");
        teacher.locator("#message").fill("Bonjour,\n\nla réunion aura lieu **jeudi** à 18 h.");
        assertAccessible(teacher);
        teacher.getByRole(AriaRole.BUTTON, named("Envoyer")).click();
        teacher.waitForURL(u -> u.contains("fait=envoye"));
        assertThat(teacher.locator("main").textContent()).contains("Message envoyé.");

        Page parent = signedIn(school.parent);
        parent.navigate("/messagerie");
        assertAccessible(parent);
        assertThat(parent.locator("#unread-count").textContent()).contains("1 non lu(s)");
        parent.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Réunion parents-professeurs"))
                .click();
        assertThat(parent.locator("main .rich strong").textContent()).isEqualTo("jeudi");
        assertAccessible(parent);
        parent.getByRole(AriaRole.BUTTON, named("Répondre")).click();
        assertThat(parent.locator("#targets").textContent()).contains("Ada Lovelace");
        assertThat(parent.locator("#sujet").inputValue()).isEqualTo("Re : Réunion parents-professeurs");
        parent.locator("#message").fill("Merci, je serai présente.");
        parent.getByRole(AriaRole.BUTTON, named("Envoyer")).click();
        parent.waitForURL(u -> u.contains("fait=envoye"));
        // The thread shows both messages.
        assertThat(parent.locator("article.message").count()).isEqualTo(2);

        teacher.navigate("/messagerie");
        assertThat(teacher.locator("#messages").textContent()).contains("Re : Réunion parents-professeurs");
        teacher.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Re : Réunion parents-professeurs"))
                .click();
        assertThat(teacher.locator("main").textContent()).contains("Merci, je serai présente.");
    }

    @Test
    void aTeacherAttachesAFileForTheParentsAndAParentDownloadsIt() throws Exception {
        var school = school();
        byte[] pdf = ("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n% autorisation " + school.suffix + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        Page teacher = signedIn(school.mathsTeacher);
        teacher.navigate("/messagerie/nouveau");
        teacher.locator("#recherche").fill("parents 3e B");
        teacher.getByRole(AriaRole.BUTTON, named("Chercher")).click();
        teacher.getByLabel("Parents de 3e B").check();
        teacher.getByRole(AriaRole.BUTTON, named("Ajouter les destinataires cochés"))
                .click();
        teacher.locator("#sujet").fill("Autorisation de sortie");
        teacher.locator("#message").fill("Merci de signer l’autorisation jointe.");
        // Choosing the file attaches it at once (the script presses "Joindre les fichiers").
        teacher.locator("#pieces").setInputFiles(new FilePayload("autorisation.pdf", "application/pdf", pdf));
        teacher.waitForURL(u -> u.contains("fait=joint"));
        assertThat(teacher.locator("#attachments").textContent()).contains("autorisation.pdf");
        assertThat(teacher.locator("#sujet").inputValue()).isEqualTo("Autorisation de sortie");
        assertAccessible(teacher);
        teacher.getByRole(AriaRole.BUTTON, named("Envoyer")).click();
        teacher.waitForURL(u -> u.contains("fait=envoye"));

        Page parent = signedIn(school.parent);
        parent.navigate("/messagerie");
        parent.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Autorisation de sortie"))
                .click();
        assertAccessible(parent);
        Download download = parent.waitForDownload(
                () -> parent.getByRole(AriaRole.LINK, named("autorisation.pdf")).click());
        assertThat(download.suggestedFilename()).isEqualTo("autorisation.pdf");
        assertThat(Files.readAllBytes(download.path())).isEqualTo(pdf);

        // A pupil of the class, who is not a party to the message, gets "not found" for the same address.
        String address = parent.locator("a", new Page.LocatorOptions().setHasText("autorisation.pdf"))
                .getAttribute("href");
        Page pupil = signedIn(school.pupil);
        assertThat(pupil.navigate(address).status()).isEqualTo(404);
    }

    @Test
    void theDraftIsSavedAsOneTypes() {
        var school = school();
        Page pupil = signedIn(school.pupil);
        pupil.navigate("/messagerie/nouveau");
        pupil.locator("#sujet").fill("Brouillon automatique");
        pupil.locator("#message").fill("Je commence à écrire…");
        // The script saves after a pause in typing and moves the page onto the draft's address.
        pupil.waitForURL(u -> u.matches(".*/messagerie/brouillons/[0-9a-f-]{36}$"));
        assertThat(pupil.locator("#draft-status").textContent()).contains("Brouillon enregistré automatiquement");
        pupil.navigate("/messagerie?dossier=brouillons");
        assertThat(pupil.locator("#messages").textContent()).contains("Brouillon automatique");
    }

    @Test
    void aPupilLookingForAnotherPupilIsToldWhyAndAReportReachesModeration() {
        var school = school();
        Page pupil = signedIn(school.pupil);
        pupil.navigate("/messagerie/nouveau");
        pupil.locator("#recherche").fill(school.otherPupil.displayName());
        pupil.getByRole(AriaRole.BUTTON, named("Chercher")).click();
        assertThat(pupil.locator("#found-none").textContent()).contains("un élève ne peut pas écrire à un autre élève");
        // A link to write to them straight away is refused with the same explanation.
        var refused = pupil.navigate("/messagerie/nouveau?a=" + school.otherPupil.accountId());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(pupil.locator("main").textContent()).contains("les règles de communication de votre établissement");

        // The other pupil writes to the teacher, who reports it; the head finds it in moderation.
        accounts.setPassword(school.otherPupil.accountId(), PASSWORD);
        Page other = signedIn(school.otherPupil);
        other.navigate("/messagerie/nouveau?a=" + school.mathsTeacher.accountId());
        other.locator("#sujet").fill("Message insultant");
        other.locator("#message").fill("Des propos inacceptables.");
        other.getByRole(AriaRole.BUTTON, named("Envoyer")).click();
        other.waitForURL(u -> u.contains("fait=envoye"));

        Page teacher = signedIn(school.mathsTeacher);
        teacher.navigate("/messagerie");
        teacher.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Message insultant"))
                .click();
        teacher.locator("#report summary").click();
        teacher.locator("#raison").fill("Insultes");
        teacher.locator("#report button[type=submit]").click();
        teacher.waitForURL(u -> u.contains("fait=signale"));

        Page head = signedIn(school.head);
        head.navigate("/messagerie");
        head.getByRole(AriaRole.LINK, named("Modération de la messagerie")).click();
        assertAccessible(head);
        assertThat(head.locator("article.report").textContent())
                .contains("Message insultant")
                .contains("Des propos inacceptables.")
                .contains("Insultes");
        head.locator("article.report input[name=raison]").fill("Insultes envers un enseignant");
        head.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Suspendre l’envoi de l’auteur"))
                .click();
        assertThat(head.locator("#suspended-accounts").textContent()).contains("Hugo Bernard");

        other.navigate("/messagerie");
        assertThat(other.locator("#messaging-account-suspended").textContent())
                .contains("L’envoi de messages est suspendu pour votre compte");
    }

    @Test
    void aSuspensionShowsItsBannerAndReadingStaysPossible() {
        var school = school();
        Page teacher = signedIn(school.mathsTeacher);
        teacher.navigate("/messagerie/nouveau?a=" + school.parent.accountId());
        teacher.locator("#sujet").fill("Avant la suspension");
        teacher.locator("#message").fill("Un message lisible ensuite.");
        teacher.getByRole(AriaRole.BUTTON, named("Envoyer")).click();
        teacher.waitForURL(u -> u.contains("fait=envoye"));

        Page head = signedIn(school.head);
        head.navigate("/messagerie/moderation");
        head.locator("#raison").fill("Messages malveillants en cours d’examen");
        head.getByRole(AriaRole.BUTTON, named("Suspendre la messagerie")).click();
        assertThat(head.locator("#school-suspended").textContent()).contains("Messages malveillants");

        Page parent = signedIn(school.parent);
        parent.navigate("/messagerie");
        assertAccessible(parent);
        assertThat(parent.locator("#messaging-suspended").textContent())
                .contains("La messagerie de votre établissement est suspendue.")
                .contains("Messages malveillants en cours d’examen");
        parent.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Avant la suspension"))
                .click();
        assertThat(parent.locator("main").textContent()).contains("Un message lisible ensuite.");
        parent.getByRole(AriaRole.BUTTON, named("Répondre")).click();
        parent.locator("#message").fill("Ma réponse");
        parent.getByRole(AriaRole.BUTTON, named("Envoyer")).click();
        assertThat(parent.locator("#error-summary").textContent())
                .contains("La messagerie est suspendue : Messages malveillants en cours d’examen");
    }
}
