package org.preau.homework.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.preau.support.TestSchool.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Optional;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.directory.SchoolCalendar;
import org.preau.homework.internal.entries.EntryDraft;
import org.preau.homework.internal.entries.EntryService;
import org.preau.homework.internal.entries.Work;
import org.preau.homework.internal.handins.HandinService;
import org.preau.identity.CurrentUser;
import org.preau.platform.SchoolTime;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.RealCsrf;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * "Aujourd'hui" is kept per pupil with its ETag (TodayPages): what issue 9 added to it — other days, the language,
 * "En retard / à rendre", confirmations — must never come back stale from that cache. Every request here carries the
 * same CSRF cookie, as a browser does, so the kept page is really used.
 */
@PreauIntegrationTest
class KeptTodayPageTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MockMvc mvc;

    @Autowired
    EntryService entries;

    @Autowired
    HandinService handins;

    @Autowired
    SchoolCalendar calendar;

    @Autowired
    Clock clock;

    @Autowired
    ApplicationContext context;

    TestSchool school;
    LocalDate today;
    final Cookie browser = new Cookie("XSRF-TOKEN", "kept-page-" + UUID.randomUUID());

    @BeforeEach
    void setUp() {
        RealCsrf.restore(context);
        school = TestSchool.create(jdbc);
        today = EntryService.today(clock);
    }

    Work work(EntryDraft.WorkDraft w, LocalDate lesson) {
        return entries.create(school.mathsTeacher, Fixtures.draft(school.classId, school.mathsId, lesson, "Séance", w))
                .works()
                .getFirst();
    }

    @Test
    void workEntersTheLateSectionWhenItsDueTimePassesWithoutAStalePage() throws Exception {
        Instant due = clock.instant().plusSeconds(4);
        LocalDate dueDay = due.atZone(SchoolTime.ZONE).toLocalDate();
        Assumptions.assumeTrue(dueDay.equals(today), "not across midnight");
        LocalTime at = due.atZone(SchoolTime.ZONE).toLocalTime();
        work(Fixtures.handInAt("Compte rendu du TP", today, at), today);

        var before = home(school.pupil, null);
        Assumptions.assumeTrue(clock.instant().isBefore(due), "the first page was built before the due time");
        assertThat(late(before)).doesNotContain("Compte rendu du TP");
        // Kept: the same request again is a 304.
        assertThat(home(school.pupil, before.getHeader("ETag")).getStatus()).isEqualTo(304);

        while (!clock.instant().isAfter(due)) {
            Thread.sleep(100);
        }
        var after = home(school.pupil, before.getHeader("ETag"));
        assertThat(after.getStatus()).isEqualTo(200);
        assertThat(late(after)).contains("Compte rendu du TP", "pas encore rendu");
    }

    @Test
    void aTeacherReopeningOrExtendingChangesTheKeptPage() throws Exception {
        Work w = work(Fixtures.handIn("Carte de France", today.plusDays(3), Optional.empty()), today);
        Work old =
                work(Fixtures.handIn("Exposé sur la Loire", today.minusDays(2), Optional.empty()), today.minusDays(4));
        handins.save(school.pupil, w.id(), "Ma carte", java.util.List.of(), true);
        handins.save(school.pupil, old.id(), "Mon exposé", java.util.List.of(), true);
        var first = home(school.pupil, null);
        assertThat(late(first)).doesNotContain("Carte de France", "Exposé sur la Loire");
        assertThat(home(school.pupil, first.getHeader("ETag")).getStatus()).isEqualTo(304);

        UUID handin = handins.find(w, school.pupil).id();
        mvc.perform(post("/depots/" + handin + "/rouvrir").with(csrf()).with(as(school.mathsTeacher)))
                .andExpect(status().is3xxRedirection());
        var reopened = home(school.pupil, first.getHeader("ETag"));
        assertThat(reopened.getStatus()).isEqualTo(200);
        assertThat(late(reopened)).contains("Carte de France", "Rouvert par le professeur");

        // An extension for an unhanded, overdue work: "Délai prolongé" with the pupil's own deadline.
        Work missing = work(Fixtures.handIn("Rédaction", today.minusDays(1), Optional.empty()), today.minusDays(3));
        var withMissing = home(school.pupil, null);
        assertThat(late(withMissing)).contains("Rédaction", "pas encore rendu");
        mvc.perform(post("/travail/" + missing.id() + "/prolongation")
                        .param("eleve", school.pupil.accountId().toString())
                        .param("jusqua", today.plusDays(2).atTime(18, 0).toString())
                        .with(csrf())
                        .with(as(school.mathsTeacher)))
                .andExpect(status().is3xxRedirection());
        var extended = home(school.pupil, withMissing.getHeader("ETag"));
        assertThat(extended.getStatus()).isEqualTo(200);
        assertThat(late(extended)).contains("Rédaction", "Délai prolongé");
        // The parent's kept page of that child changes too.
        assertThat(late(home(school.parent, null))).contains("Rédaction", "Délai prolongé", "Carte de France");
    }

    @Test
    void theDayAndTheLanguageArePartOfTheKeptPage() throws Exception {
        LocalDate other = calendar.schoolDayOnOrBefore(school.schoolId, today.minusDays(1));
        entries.create(
                school.mathsTeacher,
                Fixtures.draft(
                        school.classId,
                        school.mathsId,
                        other,
                        "Séance de l’autre jour",
                        Fixtures.work("Lire", other.plusDays(1))));
        entries.create(
                school.mathsTeacher,
                Fixtures.draft(
                        school.classId,
                        school.mathsId,
                        today,
                        "Séance d’aujourd’hui",
                        Fixtures.work("Écrire", today.plusDays(1))));
        Document todays = Jsoup.parse(body(home(school.pupil, null)));
        Document others = Jsoup.parse(body(open(school.pupil, "/?jour=" + other, null)));
        assertThat(todays.select(".lessons").text())
                .contains("Séance d’aujourd’hui")
                .doesNotContain("l’autre jour");
        assertThat(others.select(".lessons").text())
                .contains("Séance de l’autre jour")
                .doesNotContain("aujourd’hui");
        // Asked again (now kept), each day stays itself.
        assertThat(Jsoup.parse(body(home(school.pupil, null)))
                        .select(".lessons")
                        .text())
                .contains("Séance d’aujourd’hui");
        assertThat(Jsoup.parse(body(open(school.pupil, "/?jour=" + other, null)))
                        .select(".lessons")
                        .text())
                .contains("Séance de l’autre jour");

        // The same page in English is not the kept French one.
        var english = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/")
                        .cookie(browser, new Cookie("preau_lang", "en"))
                        .with(as(school.pupil)))
                .andReturn()
                .getResponse();
        assertThat(Jsoup.parse(english.getContentAsString(StandardCharsets.UTF_8))
                        .selectFirst("html")
                        .attr("lang"))
                .isEqualTo("en");
        assertThat(english.getHeader("ETag"))
                .isNotEqualTo(home(school.pupil, null).getHeader("ETag"));
    }

    @Test
    void aConfirmationIsShownOnceAndNeverKept() throws Exception {
        Work w = work(Fixtures.work("Apprendre le poème", today.plusDays(1)), today);
        mvc.perform(post("/travail/" + w.id() + "/fait")
                        .param("done", "true")
                        .param("retour", "/")
                        .with(csrf())
                        .with(as(school.pupil)))
                .andExpect(status().is3xxRedirection());
        String confirmed = body(open(school.pupil, "/?fait=fait", null));
        assertThat(Jsoup.parse(confirmed).select("[role=status]").text()).contains("Travail marqué comme fait");
        String plain = body(home(school.pupil, null));
        assertThat(Jsoup.parse(plain).select("[role=status]").text()).doesNotContain("Travail marqué comme fait");
    }

    MockHttpServletResponse home(CurrentUser user, String etag) throws Exception {
        return open(user, "/", etag);
    }

    MockHttpServletResponse open(CurrentUser user, String path, String etag) throws Exception {
        var request = org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(path)
                .cookie(browser)
                .with(as(user));
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        return mvc.perform(request).andReturn().getResponse();
    }

    static String body(MockHttpServletResponse response) throws Exception {
        assertThat(response.getStatus()).isEqualTo(200);
        return response.getContentAsString(StandardCharsets.UTF_8);
    }

    static String late(MockHttpServletResponse response) throws Exception {
        Document page = Jsoup.parse(body(response));
        var heading = page.getElementById("h-late");
        if (heading == null) {
            return "";
        }
        return heading.parent().text();
    }
}
