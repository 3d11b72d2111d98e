package org.preau.classroom;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.time.DayOfWeek;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.preau.directory.SchoolCalendar;
import org.preau.identity.Accounts;
import org.preau.identity.CurrentUser;
import org.preau.platform.SchoolTime;
import org.preau.support.BrowserTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The live class in two real browsers, the teacher's and a pupil's: the teacher prepares and opens the lesson's room
 * from "Aujourd'hui", the pupil sees it "en direct" there and joins; chat (markup arrives as text), a raised hand, a
 * poll with its live result, a stroke on the whiteboard; the screen-reader announcements of new messages, hands and
 * polls. Then a third pupil without JavaScript reads the room and posts through the plain form.
 */
class LiveClassBrowserTest extends BrowserTest {

    static final String PASSWORD = "Classe-virtuelle-2026!";
    static final LocatorAssertions.ContainsTextOptions PATIENT =
            new LocatorAssertions.ContainsTextOptions().setTimeout(30_000);

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Accounts accounts;

    @Autowired
    SchoolCalendar calendar;

    Page signedIn(CurrentUser user, boolean javaScript) {
        var ctx = newContext(o -> o.setJavaScriptEnabled(javaScript));
        Page p = ctx.newPage();
        p.setDefaultTimeout(30_000);
        logIn(p, user.login(), PASSWORD);
        return p;
    }

    @Test
    void aTeacherAndAPupilHoldALiveClassAndAPupilWithoutJavaScriptFollowsIt() {
        var school = TestSchool.create(jdbc);
        for (var u : school.everyone()) {
            accounts.setPassword(u.accountId(), PASSWORD);
        }
        LocalDate day = LocalDate.now(SchoolTime.ZONE);
        while (!calendar.isSchoolDay(school.schoolId, day) || day.getDayOfWeek() == DayOfWeek.SATURDAY) {
            day = calendar.nextSchoolDay(school.schoolId, day);
        }

        // The teacher prepares the maths lesson's room from their day, and opens it.
        Page teacher = signedIn(school.mathsTeacher, true);
        teacher.navigate("/?jour=" + day);
        teacher.locator("li.card", new Page.LocatorOptions().setHasText("Mathématiques"))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Classe virtuelle"))
                .click();
        teacher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Préparer la classe virtuelle"))
                .click();
        assertThat(teacher.locator("#room-state")).containsText("pas encore ouverte", PATIENT);
        String roomUrl = teacher.url();

        // A pupil who comes early waits in the lobby.
        Page early = signedIn(school.otherPupil, true);
        early.navigate(roomUrl);
        assertThat(early.locator("#lobby")).containsText("La classe n’est pas encore ouverte.", PATIENT);

        teacher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Ouvrir la classe"))
                .click();
        assertThat(teacher.locator("#room-state")).containsText("en direct", PATIENT);
        assertThat(teacher.locator("#connection")).containsText("connecté", PATIENT);
        // The lobby turns into the room by itself.
        assertThat(early.locator("#room-state")).containsText("en direct", PATIENT);
        assertThat(early.locator("#lobby")).hasCount(0);

        // The pupil sees the lesson "en direct" on "Aujourd'hui" and joins from there.
        Page pupil = signedIn(school.pupil, true);
        pupil.navigate("/?jour=" + day);
        var lesson = pupil.locator("li.card", new Page.LocatorOptions().setHasText("Mathématiques"));
        assertThat(lesson.locator(".live")).containsText("en direct", PATIENT);
        lesson.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Rejoindre la classe virtuelle"))
                .click();
        assertThat(pupil.locator("#connection")).containsText("connecté", PATIENT);
        assertThat(teacher.locator("#presence")).containsText("Louise Martin", PATIENT);
        assertAccessible(pupil);

        // Chat: the pupil's markup arrives as text, and is announced to the teacher.
        pupil.getByLabel("Votre message").fill("Bonjour <b>madame</b>");
        pupil.getByLabel("Votre message").press("Enter");
        assertThat(teacher.locator("#messages")).containsText("Bonjour <b>madame</b>", PATIENT);
        assertThat(teacher.locator("#messages b")).hasCount(0);
        assertThat(teacher.locator("#announcer")).containsText("Louise Martin : Bonjour <b>madame</b>", PATIENT);

        // A raised hand joins the teacher's queue and is announced.
        pupil.locator("#hand-button").click();
        assertThat(teacher.locator("#hand-queue")).containsText("Louise Martin", PATIENT);
        assertThat(teacher.locator("#announcer")).containsText("Louise Martin lève la main", PATIENT);
        assertThat(pupil.locator("#hand-button")).containsText("Baisser la main", PATIENT);

        // A poll: the pupil is told of it, votes, and the teacher sees the result live.
        teacher.getByLabel("Question", new Page.GetByLabelOptions().setExact(true))
                .fill("Avez-vous compris ?");
        teacher.getByLabel("Réponses possibles", new Page.GetByLabelOptions().setExact(true))
                .fill("Oui\nNon");
        teacher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Lancer le sondage"))
                .click();
        assertThat(pupil.locator("#announcer")).containsText("Nouveau sondage : Avez-vous compris ?", PATIENT);
        var poll = pupil.locator(".poll", new Page.LocatorOptions().setHasText("Avez-vous compris ?"));
        poll.getByRole(AriaRole.RADIO, new Locator.GetByRoleOptions().setName("Oui"))
                .check();
        poll.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Voter"))
                .click();
        assertThat(teacher.locator(".poll .results li").first()).containsText("Oui — 1", PATIENT);
        assertThat(pupil.locator(".poll")).containsText("Votre réponse est enregistrée.", PATIENT);
        assertAccessible(teacher);

        // The whiteboard: the teacher draws, the pupil's export has the stroke.
        var board = teacher.locator("canvas.board-canvas");
        board.scrollIntoViewIfNeeded();
        var box = board.boundingBox();
        teacher.mouse().move(box.x + box.width * 0.2, box.y + box.height * 0.2);
        teacher.mouse().down();
        teacher.mouse()
                .move(
                        box.x + box.width * 0.5,
                        box.y + box.height * 0.4,
                        new com.microsoft.playwright.Mouse.MoveOptions().setSteps(5));
        teacher.mouse()
                .move(
                        box.x + box.width * 0.7,
                        box.y + box.height * 0.7,
                        new com.microsoft.playwright.Mouse.MoveOptions().setSteps(5));
        teacher.mouse().up();
        String svgUrl = roomUrl + "/tableau.svg";
        String svg = "";
        for (int i = 0; i < 300 && !svg.contains("<polyline"); i++) {
            svg = pupil.request().get(svgUrl).text();
            if (!svg.contains("<polyline")) {
                pupil.waitForTimeout(100);
            }
        }
        assertThat(svg).contains("<polyline").contains("stroke=\"#1d4ed8\"");

        // The whiteboard with the keyboard only: Tab to it, Space puts the pen down at the cursor (the middle),
        // the arrows move it 10 by 10, Enter finishes the stroke; the stroke is the room's, in the SVG.
        teacher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Lancer le sondage"))
                .focus();
        teacher.keyboard().press("Tab");
        var keyboardBoard = teacher.getByRole(AriaRole.APPLICATION, new Page.GetByRoleOptions().setName("Tableau"));
        assertThat(keyboardBoard).isFocused();
        assertThat(keyboardBoard).hasAttribute("aria-describedby", "board-keys");
        assertThat(teacher.locator("#board-keys")).containsText("Espace");
        teacher.keyboard().press("Space");
        for (int i = 0; i < 5; i++) {
            teacher.keyboard().press("ArrowRight");
        }
        for (int i = 0; i < 3; i++) {
            teacher.keyboard().press("ArrowDown");
        }
        assertThat(teacher.locator("#board-status")).containsText("550, 530");
        teacher.keyboard().press("Enter");
        String keyboardStroke = "points=\"500,500 510,500 520,500 530,500 540,500 550,500 550,510 550,520 550,530\"";
        for (int i = 0; i < 300 && !svg.contains(keyboardStroke); i++) {
            svg = pupil.request().get(svgUrl).text();
            if (!svg.contains(keyboardStroke)) {
                pupil.waitForTimeout(100);
            }
        }
        assertThat(svg).contains(keyboardStroke);
        assertThat(teacher.locator("#board-status")).containsText("Trait envoyé", PATIENT);

        // The teacher lets pupils draw; a pupil without JavaScript will draw a line through the form.
        teacher.getByLabel("Les élèves peuvent dessiner").check();
        assertThat(pupil.locator("#board-note")).containsText("Les élèves peuvent dessiner.", PATIENT);
        assertThat(pupil.request().get(roomUrl + "/tableau.png").headers().get("content-type"))
                .isEqualTo("image/png");

        // Without JavaScript: the room's state, the chat and a form to post.
        Page plain = signedIn(school.otherPupil, false);
        plain.navigate(roomUrl);
        assertThat(plain.locator("#room-state")).containsText("en direct");
        assertThat(plain.locator("#messages")).containsText("Bonjour <b>madame</b>");
        assertThat(plain.locator("#hand-queue")).containsText("Louise Martin");
        assertThat(plain.locator(".poll")).containsText("Avez-vous compris ?");
        assertThat(plain.locator("#board-view svg polyline")).hasCount(2);
        plain.getByLabel("Départ x").fill("100");
        plain.getByLabel("Départ y").fill("900");
        plain.getByLabel("Arrivée x").fill("900");
        plain.getByLabel("Arrivée y").fill("900");
        plain.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Tracer le trait"))
                .click();
        assertThat(plain.locator("#board-view svg polyline")).hasCount(3);
        assertThat(plain.locator("#board-view svg polyline").last()).hasAttribute("points", "100,900 900,900");
        // Out of the board: refused with a message, nothing drawn.
        plain.getByLabel("Départ x").fill("1200");
        plain.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Tracer le trait"))
                .click();
        assertThat(plain.locator("#error-summary")).containsText("entre 0 et 1000");
        assertThat(plain.locator("#board-view svg polyline")).hasCount(3);
        plain.getByLabel("Votre message").fill("Je n’ai pas de JavaScript");
        plain.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Envoyer"))
                .click();
        assertThat(plain.locator("#messages")).containsText("Je n’ai pas de JavaScript");
        assertThat(teacher.locator("#messages")).containsText("Je n’ai pas de JavaScript", PATIENT);
        // An empty message is refused with the form's own message, nothing posted.
        plain.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Envoyer"))
                .click();
        assertThat(plain.locator("#error-summary")).containsText("Écrivez un message avant de l’envoyer.");

        // The teacher exports attendance: the pupils are in it.
        var csv = teacher.request().get(roomUrl + "/presences.csv");
        assertThat(csv.headers().get("content-type")).startsWith("text/csv");
        assertThat(csv.text()).contains("Louise Martin").contains("Hugo Bernard");
    }
}
