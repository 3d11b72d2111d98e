package org.preau.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.preau.identity.Accounts;
import org.preau.identity.CurrentUser;
import org.preau.support.BrowserTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 11 §3–4 in a real browser: the head of school publishes news to a class through the form; a pupil of that
 * class sees it at once on "Aujourd'hui" and in "Nouveautés", unread, and opening it leads to the news page.
 */
class NewsAndNotificationsBrowserTest extends BrowserTest {

    static final String PASSWORD = "Actualites-et-nouveautes-2026!";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Accounts accounts;

    Page signedIn(CurrentUser user) {
        accounts.setPassword(user.accountId(), PASSWORD);
        Page p = newContext().newPage();
        logIn(p, user.login(), PASSWORD);
        assertThat(p.url()).isEqualTo(baseUrl() + "/");
        return p;
    }

    @Test
    void headPublishesNewsToAClassAndAPupilSeesItOnTheHomePageAndInTheFeed() {
        var school = TestSchool.create(jdbc);
        Page pupil = signedIn(school.pupil);
        assertThat(pupil.locator("section.home-news").count()).as("no news yet").isZero();

        Page head = signedIn(school.head);
        head.locator("nav a", new Page.LocatorOptions().setHasText("Actualités"))
                .click();
        head.locator("a", new Page.LocatorOptions().setHasText("Publier une actualité"))
                .click();
        // Refused without a title: the form comes back with the message and what was typed.
        head.locator("#cible").selectOption("audience:" + school.classId);
        head.locator("#texte").fill("Le collège sera fermé **vendredi** pour la journée pédagogique.");
        head.locator("button[type=submit]", new Page.LocatorOptions().setHasText("Publier"))
                .click();
        assertThat(head.locator("#error-summary").textContent()).contains("Donnez un titre");
        assertThat(head.locator("#texte").inputValue()).contains("journée pédagogique");
        assertAccessible(head);
        head.locator("#titre").fill("Pas de cours vendredi");
        head.locator("#epingle").check();
        head.locator("button[type=submit]", new Page.LocatorOptions().setHasText("Publier"))
                .click();
        assertThat(head.locator("[role=status]").textContent()).contains("Actualité publiée");
        assertThat(head.locator("main").textContent()).contains("Pas de cours vendredi", "3e B");

        // The pupil's kept home page shows it on the next visit, pinned, with its text.
        pupil.navigate("/");
        var news = pupil.locator("section.home-news");
        assertThat(news.textContent()).contains("Pas de cours vendredi", "Épinglée", "journée pédagogique");
        assertThat(news.locator("strong", new com.microsoft.playwright.Locator.LocatorOptions().setHasText("vendredi"))
                        .count())
                .isPositive();

        // "Nouveautés": delivered after commit by the event registry, so the pupil may need to look again.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        pupil.locator("nav a", new Page.LocatorOptions().setHasText("Nouveautés"))
                .click();
        while (pupil.locator("ul.notifications li.unread").count() == 0 && System.nanoTime() < deadline) {
            pupil.waitForTimeout(200);
            pupil.reload();
        }
        var item = pupil.locator("ul.notifications li.unread").first();
        assertThat(item.textContent()).contains("Actualité — Pas de cours vendredi (3e B)");
        assertThat(pupil.locator("#unread-count").textContent()).isEqualTo("1 nouveauté non lue.");
        assertAccessible(pupil);
        item.locator("button").click();
        assertThat(pupil.url()).contains("/actualites");
        assertThat(pupil.locator("main").textContent()).contains("Pas de cours vendredi");
        pupil.navigate("/nouveautes");
        assertThat(pupil.locator("#unread-count").textContent()).isEqualTo("Rien de nouveau non lu.");
    }
}
