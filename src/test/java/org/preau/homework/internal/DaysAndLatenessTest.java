package org.preau.homework.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.preau.support.TestSchool.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.directory.SchoolCalendar;
import org.preau.homework.internal.entries.EntryDraft;
import org.preau.homework.internal.entries.EntryService;
import org.preau.homework.internal.entries.Work;
import org.preau.identity.CurrentUser;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Other days and lateness on "Aujourd'hui": a pupil who was away can open the day they missed, and work that is
 * overdue, extended or reopened stays on the pupil's and the parent's home until it is handed in.
 */
@PreauIntegrationTest
class DaysAndLatenessTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MockMvc mvc;

    @Autowired
    EntryService entries;

    @Autowired
    SchoolCalendar calendar;

    @Autowired
    Clock clock;

    TestSchool school;
    LocalDate today;

    @BeforeEach
    void setUp() {
        school = TestSchool.create(jdbc);
        today = EntryService.today(clock);
    }

    Work work(EntryDraft.WorkDraft w, LocalDate lesson) {
        return entries.create(school.mathsTeacher, Fixtures.draft(school.classId, school.mathsId, lesson, "Séance", w))
                .works()
                .getFirst();
    }

    @Test
    void aPupilAwayOnADayOpensThatDayAndMovesBySchoolDays() throws Exception {
        LocalDate missed = calendar.schoolDayOnOrBefore(school.schoolId, today.minusDays(1));
        entries.create(
                school.mathsTeacher,
                Fixtures.draft(
                        school.classId,
                        school.mathsId,
                        missed,
                        "Séance manquée : les équations",
                        Fixtures.work("Apprendre la méthode", missed.plusDays(1))));

        Document day = page(school.pupil, "/?jour=" + missed);
        assertThat(day.select(".lessons").text()).contains("Séance manquée : les équations");
        assertThat(day.selectFirst("h1").text())
                .contains(org.preau.homework.internal.Fmt.day(missed, java.util.Locale.FRENCH));
        // Previous and next school days (no weekend, no holiday), and a way back to today.
        Element nav = day.selectFirst("nav.days");
        assertThat(nav).isNotNull();
        LocalDate next = calendar.nextSchoolDay(school.schoolId, missed);
        LocalDate previous = calendar.schoolDayOnOrBefore(school.schoolId, missed.minusDays(1));
        assertThat(nav.select("a").eachAttr("href"))
                .contains("/?jour=" + next, "/?jour=" + previous, "/")
                .allSatisfy(href -> assertThat(href).doesNotContain("javascript"));
        assertThat(calendar.isSchoolDay(school.schoolId, next)).isTrue();
        // Today's page does not show that lesson: it was another day.
        assertThat(page(school.pupil, "/").select(".lessons").text()).doesNotContain("Séance manquée");

        // A parent moves the same way through their child's days.
        Document parent = page(school.parent, "/?jour=" + missed + "&enfant=" + school.pupil.accountId());
        assertThat(parent.select(".lessons").text()).contains("Séance manquée : les équations");
        assertThat(parent.selectFirst("nav.days").select("a").eachAttr("href"))
                .anySatisfy(href -> assertThat(href).contains("enfant=" + school.pupil.accountId()));

        // Nonsense is refused with a message, not a stack trace.
        mvc.perform(get("/?jour=2099-01-01").with(as(school.pupil))).andExpect(status().isBadRequest());
    }

    @Test
    void overdueWorkIsOnThePupilsAndTheParentsHomeUntilItIsHandedIn() throws Exception {
        Work overdue = work(
                Fixtures.handIn("Rédaction sur l’hiver", today.minusDays(3), Optional.empty()), today.minusDays(5));

        assertThat(late(school.pupil)).contains("Rédaction sur l’hiver", "pas encore rendu");
        assertThat(late(school.parent)).contains("Rédaction sur l’hiver", "pas encore rendu");
        // The other pupil of the class has it too; the group's pupils are not concerned.
        assertThat(late(school.otherPupil)).contains("Rédaction sur l’hiver");

        // A draft is not a hand-in: still late.
        handIn(school.pupil, overdue, "brouillon");
        assertThat(late(school.pupil)).contains("Rédaction sur l’hiver");

        handIn(school.pupil, overdue, "rendre");
        assertThat(late(school.pupil)).doesNotContain("Rédaction sur l’hiver");
        assertThat(late(school.parent)).doesNotContain("Rédaction sur l’hiver");
        assertThat(late(school.otherPupil)).contains("Rédaction sur l’hiver");
    }

    @Test
    void extendedAndReopenedWorkStaysUntilItIsHandedIn() throws Exception {
        Work extended =
                work(Fixtures.handIn("Exposé sur la Loire", today.minusDays(2), Optional.empty()), today.minusDays(4));
        mvc.perform(post("/travail/" + extended.id() + "/prolongation")
                        .param("eleve", school.pupil.accountId().toString())
                        .param("jusqua", today.plusDays(2).atTime(18, 0).toString())
                        .with(csrf())
                        .with(as(school.mathsTeacher)))
                .andExpect(status().is3xxRedirection());
        assertThat(late(school.pupil)).contains("Exposé sur la Loire", "Délai prolongé");
        assertThat(late(school.parent)).contains("Exposé sur la Loire", "Délai prolongé");

        Work reopened = work(Fixtures.handIn("Carte de France", today.plusDays(3), Optional.empty()), today);
        handIn(school.pupil, reopened, "rendre");
        assertThat(late(school.pupil)).doesNotContain("Carte de France");
        UUID handin = jdbc.sql("select id from homework_handin where work_id = ? and pupil_id = ?")
                .params(reopened.id(), school.pupil.accountId())
                .query(UUID.class)
                .single();
        mvc.perform(post("/depots/" + handin + "/rouvrir").with(csrf()).with(as(school.mathsTeacher)))
                .andExpect(status().is3xxRedirection());
        assertThat(late(school.pupil)).contains("Carte de France", "Rouvert par le professeur");
        assertThat(late(school.parent)).contains("Carte de France", "Rouvert par le professeur");
        // Shown once, in the section, not also among the week's work.
        assertThat(page(school.pupil, "/").select("li#w-" + reopened.id())).hasSize(1);

        handIn(school.pupil, extended, "rendre");
        handIn(school.pupil, reopened, "rendre");
        assertThat(late(school.pupil)).doesNotContain("Exposé sur la Loire", "Carte de France");
        assertThat(late(school.parent)).doesNotContain("Exposé sur la Loire", "Carte de France");
    }

    @Test
    void workWithoutAHandInStaysUntilTickedAndTheLookBackIsBounded() throws Exception {
        work(Fixtures.work("Apprendre le poème", today.minusDays(1)), today.minusDays(3));
        LocalDate longAgo = today;
        for (int i = 0; i < 20; i++) {
            longAgo = calendar.schoolDayOnOrBefore(school.schoolId, longAgo.minusDays(1));
        }
        work(Fixtures.handIn("Travail trop ancien", longAgo, Optional.empty()), longAgo.minusDays(1));

        Document home = page(school.pupil, "/");
        assertThat(section(home)).contains("Apprendre le poème", "pas marqué comme fait");
        assertThat(section(home)).doesNotContain("Travail trop ancien");
        // The page says how far back it looks.
        assertThat(section(home)).contains("3 dernières semaines de classe");

        String workId = home.select("#h-late ~ ul li.work").first().id().substring(2);
        mvc.perform(post("/travail/" + workId + "/fait")
                        .param("done", "true")
                        .param("retour", "/")
                        .with(csrf())
                        .with(as(school.pupil)))
                .andExpect(status().is3xxRedirection());
        assertThat(late(school.pupil)).doesNotContain("Apprendre le poème");
    }

    @Test
    void aWarmHomeWithLateWorkCostsNoMoreStatementsThanOneWithout() throws Exception {
        // Some work to come, so that the pupil's personal states are read in both cases.
        work(Fixtures.work("Pour demain", today.plusDays(1)), today);
        page(school.pupil, "/");
        int without = warmStatements(school.pupil);
        var statementsWithout = fewestStatements;
        for (int i = 0; i < 5; i++) {
            work(Fixtures.handIn("En retard " + i, today.minusDays(1 + i), Optional.empty()), today.minusDays(6));
        }
        entries.create(
                school.historyTeacher,
                Fixtures.draft(
                        school.groupId,
                        school.historyId,
                        today.minusDays(6),
                        "Histoire",
                        Fixtures.work("Lire le chapitre", today.minusDays(2))));
        page(school.pupil, "/");
        int with = warmStatements(school.pupil);
        assertThat(late(school.pupil)).contains("En retard 4", "Lire le chapitre");
        System.out.printf("[hot path] warm statements without late work %d, with 6 late works %d%n", without, with);
        assertThat(with)
                .as("warm statements: without %s, with %s", statementsWithout, fewestStatements)
                .isLessThanOrEqualTo(without);
    }

    java.util.List<String> fewestStatements = java.util.List.of();

    int warmStatements(CurrentUser user) throws Exception {
        int fewest = Integer.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            QueryCounter.start();
            try {
                mvc.perform(get("/").with(as(user))).andExpect(status().isOk());
            } finally {
                int n = QueryCounter.stop();
                if (n < fewest) {
                    fewest = n;
                    fewestStatements = QueryCounter.lastStatements();
                }
            }
        }
        return fewest;
    }

    void handIn(CurrentUser pupil, Work w, String action) throws Exception {
        mvc.perform(multipart("/travail/" + w.id() + "/depot")
                        .param("texte", "Mon travail")
                        .param("action", action)
                        .with(csrf())
                        .with(as(pupil)))
                .andExpect(status().is3xxRedirection());
    }

    /** The text of "En retard / à rendre" on the user's home ("" when absent). */
    String late(CurrentUser user) throws Exception {
        return section(page(user, "/"));
    }

    static String section(Document home) {
        Element heading = home.getElementById("h-late");
        return heading == null ? "" : heading.parent().text();
    }

    Document page(CurrentUser user, String path) throws Exception {
        return Jsoup.parse(mvc.perform(get(path).with(as(user)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
    }
}
