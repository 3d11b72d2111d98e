package org.preau.notifications.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.homework.internal.Fixtures;
import org.preau.homework.internal.entries.EntryService;
import org.preau.homework.internal.entries.Work;
import org.preau.homework.internal.handins.HandinService;
import org.preau.identity.Accounts;
import org.preau.identity.CurrentUser;
import org.preau.news.internal.NewsFixtures;
import org.preau.support.HttpUser;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.RealCsrf;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * "Nouveautés" over real HTTP with real sessions (issue 11 §4): homework's and news' events become notifications for
 * the right people, unread until opened, and everyone reads and marks only their own.
 */
@PreauIntegrationTest
class NotificationFeedOverHttpTest {

    static final String PASSWORD = "Nouveautes-du-jour-2026!";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Accounts accounts;

    @Autowired
    EntryService entries;

    @Autowired
    HandinService handins;

    @Autowired
    ApplicationContext context;

    @Autowired
    Clock clock;

    TestSchool school;
    LocalDate today;

    @BeforeEach
    void setUp() {
        RealCsrf.restore(context);
        school = TestSchool.create(jdbc);
        today = EntryService.today(clock);
    }

    HttpUser signedIn(CurrentUser user) throws Exception {
        accounts.setPassword(user.accountId(), PASSWORD);
        var browser = new HttpUser(port);
        browser.get("/connexion");
        assertThat(browser.logIn(user.login(), PASSWORD, false).statusCode()).isEqualTo(302);
        return browser;
    }

    Work giveWork(String instructions, boolean handIn) {
        var w = handIn
                ? Fixtures.handIn(instructions, today.plusDays(2), java.util.Optional.empty())
                : Fixtures.work(instructions, today.plusDays(2));
        return entries.create(school.mathsTeacher, Fixtures.draft(school.classId, school.mathsId, today, "Séance", w))
                .works()
                .getFirst();
    }

    int count(CurrentUser user, String kind) {
        return jdbc.sql("select count(*) from notification where account_id = ? and kind = ?")
                .params(user.accountId(), kind)
                .query(Integer.class)
                .single();
    }

    @Test
    void newWorkIsUnreadInTheFeedUntilOpenedAndOpeningLeadsToTheWork() throws Exception {
        Work work = giveWork("Exercices 1 à 3 page 42", false);
        Await.until(() -> count(school.otherPupil, "NEW_WORK") == 1 && count(school.parent, "NEW_WORK") == 1);

        var pupil = signedIn(school.pupil);
        var page = pupil.get("/nouveautes");
        assertThat(page.statusCode()).isEqualTo(200);
        var html = Jsoup.parse(page.body());
        assertThat(html.select("ul.notifications li.unread").text())
                .contains("Nouveau travail en Mathématiques (3e B)");
        assertThat(html.select("#unread-count").text()).isEqualTo("1 nouveauté non lue.");
        var api = pupil.get("/api/v1/notifications", "application/json");
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.body()).contains("\"unread\":1", "\"kind\":\"NEW_WORK\"", "/travail/" + work.id());

        String open = html.select("ul.notifications form").first().attr("action");
        var opened = pupil.post(open, Map.of());
        assertThat(opened.statusCode()).isEqualTo(302);
        assertThat(opened.headers().firstValue("Location").orElseThrow()).endsWith("/travail/" + work.id());
        var after = Jsoup.parse(pupil.get("/nouveautes").body());
        assertThat(after.select("#unread-count").text()).isEqualTo("Rien de nouveau non lu.");
        assertThat(after.select("ul.notifications li.unread")).isEmpty();

        // Someone else's notification is not found for them, and stays unread for its owner.
        var classmate = signedIn(school.otherPupil);
        var mine = Jsoup.parse(classmate.get("/nouveautes").body())
                .select("ul.notifications form")
                .first()
                .attr("action");
        assertThat(pupil.post(mine, Map.of()).statusCode()).isEqualTo(404);
        assertThat(Jsoup.parse(classmate.get("/nouveautes").body())
                        .select("#unread-count")
                        .text())
                .isEqualTo("1 nouveauté non lue.");
        // The parent's link names the child; teachers of other audiences are not told.
        assertThat(jdbc.sql("select link from notification where account_id = ?")
                        .param(school.parent.accountId())
                        .query(String.class)
                        .single())
                .isEqualTo("/travail/" + work.id() + "?enfant=" + school.pupil.accountId());
        assertThat(count(school.historyTeacher, "NEW_WORK")).isZero();
    }

    @Test
    void returnedAndReopenedHandInsReachThePupilAndTheReturnReachesTheParent() throws Exception {
        Work work = giveWork("Rédaction sur l’hiver", true);
        handins.save(school.pupil, work.id(), "Ma rédaction", List.of(), true);
        var handin = handins.find(work, school.pupil);
        handins.giveBack(school.mathsTeacher, handin.id(), "Très bien.", List.of());
        handins.reopen(school.mathsTeacher, handin.id());
        Await.until(() -> count(school.pupil, "HANDIN_REOPENED") == 1 && count(school.parent, "HANDIN_RETURNED") == 1);

        assertThat(count(school.pupil, "HANDIN_RETURNED")).isOne();
        assertThat(count(school.pupil, "HANDIN_REOPENED")).isOne();
        assertThat(count(school.parent, "HANDIN_REOPENED")).isZero();
        assertThat(count(school.otherPupil, "HANDIN_RETURNED")).isZero();
        var page = Jsoup.parse(signedIn(school.pupil).get("/nouveautes").body());
        assertThat(page.select("ul.notifications").text())
                .contains("Devoir de Mathématiques corrigé", "Devoir de Mathématiques rouvert");
    }

    @Test
    void newsReachesItsAudienceAndMarkingAllReadClearsTheCount() throws Exception {
        NewsFixtures.publish(context, school.head, "audience:" + school.groupId, "Voyage en Espagne");
        Await.until(() -> count(school.pupil, "NEWS") == 1 && count(school.historyTeacher, "NEWS") == 1);
        assertThat(count(school.otherPupil, "NEWS")).as("not in the group").isZero();
        assertThat(count(school.parent, "NEWS")).isOne();

        var pupil = signedIn(school.pupil);
        var page = Jsoup.parse(pupil.get("/nouveautes").body());
        assertThat(page.select("ul.notifications").text()).contains("Voyage en Espagne", "Espagnol LV2 3e");
        assertThat(pupil.post("/nouveautes/tout-lu", Map.of()).statusCode()).isEqualTo(302);
        var after = Jsoup.parse(pupil.get("/nouveautes?fait=lu").body());
        assertThat(after.select("#unread-count").text()).isEqualTo("Rien de nouveau non lu.");
        assertThat(after.select("[role=status]").text()).contains("marquées comme lues");
        assertThat(pupil.get("/api/v1/notifications/unread", "application/json").body())
                .isEqualTo("{\"unread\":0}");
    }

    @Test
    void theFeedNeedsASignedInPerson() throws Exception {
        var anonymous = new HttpUser(port);
        var page = anonymous.get("/nouveautes");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElseThrow()).contains("/connexion");
        assertThat(anonymous.get("/api/v1/notifications", "application/json").statusCode())
                .isEqualTo(401);
    }
}
