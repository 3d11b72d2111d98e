package org.preau.homework.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.preau.support.TestSchool.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.homework.internal.entries.Entry;
import org.preau.homework.internal.entries.EntryService;
import org.preau.homework.internal.entries.Work;
import org.preau.identity.CurrentUser;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** Pages say who did what with people's names and dates for people, never ids or ISO dates. */
@PreauIntegrationTest
class WhoDidWhatTest {

    static final String ISO_DATE = ".*\\d{4}-\\d{2}-\\d{2}.*";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MockMvc mvc;

    @Autowired
    EntryService entries;

    @Autowired
    Clock clock;

    TestSchool school;
    LocalDate today;

    @BeforeEach
    void setUp() {
        school = TestSchool.create(jdbc);
        today = EntryService.today(clock);
    }

    @Test
    void theHistoryNamesWhoSavedEachVersionAndDatesAreForPeople() throws Exception {
        Entry e = entries.create(
                school.mathsTeacher,
                Fixtures.draft(
                        school.classId, school.mathsId, today, "Séance", Fixtures.work("Exercice", today.plusDays(1))));
        Document history = page(school.head, "/cahier-de-textes/" + e.id() + "/historique");
        String text = history.selectFirst("main").text();
        assertThat(text)
                .contains("Par Ada Lovelace")
                .doesNotContain(school.mathsTeacher.accountId().toString());
        assertThat(text).doesNotMatch(ISO_DATE);
        assertThat(text).contains(Fmt.day(today, Locale.FRENCH), Fmt.day(today.plusDays(1), Locale.FRENCH));
    }

    @Test
    void theSchoolWideViewHasATeacherColumn() throws Exception {
        entries.create(school.mathsTeacher, Fixtures.draft(school.classId, school.mathsId, today, "Maths du jour"));
        entries.create(school.historyTeacher, Fixtures.draft(school.groupId, school.historyId, today, "Histoire"));
        Document view = page(school.head, "/cahier-de-textes/etablissement?ecole=" + school.schoolId);
        assertThat(view.select("thead th").eachText()).contains("Professeur");
        assertThat(view.select("tbody tr").eachText())
                .anySatisfy(row -> assertThat(row).contains("Maths du jour", "Ada Lovelace"))
                .anySatisfy(row -> assertThat(row).contains("Histoire", "Marc Bloch"));
    }

    @Test
    void theTeachersHandInPageNamesThePupilAndTheFeedbackItsOwnDate() throws Exception {
        Work w = work();
        mvc.perform(multipart("/travail/" + w.id() + "/depot")
                        .param("texte", "Ma réponse")
                        .param("action", "rendre")
                        .with(csrf())
                        .with(as(school.pupil)))
                .andExpect(status().is3xxRedirection());
        // Handed in three days ago; returned now.
        Instant submitted = clock.instant().minus(3, ChronoUnit.DAYS);
        UUID handin = jdbc.sql("update homework_handin set submitted_at = ? where work_id = ? returning id")
                .params(submitted.atOffset(java.time.ZoneOffset.UTC), w.id())
                .query(UUID.class)
                .single();

        Document teacher = page(school.mathsTeacher, "/depots/" + handin);
        assertThat(teacher.title()).contains("Louise Martin").doesNotContain("Rendre le travail");
        assertThat(teacher.selectFirst("h1").text()).isEqualTo("Rendu de Louise Martin — Mathématiques");

        mvc.perform(multipart("/depots/" + handin + "/retour")
                        .param("commentaire", "Bien.")
                        .with(csrf())
                        .with(as(school.mathsTeacher)))
                .andExpect(status().is3xxRedirection());
        Instant returned = jdbc.sql("select returned_at from homework_handin where id = ?")
                .param(handin)
                .query(java.time.OffsetDateTime.class)
                .single()
                .toInstant();
        Document pupil = page(school.pupil, "/travail/" + w.id());
        String section = pupil.getElementById("h-handin").parent().text();
        assertThat(section)
                .contains("rendu le " + Fmt.at(submitted, Locale.FRENCH))
                .contains("Renvoyé le " + Fmt.at(returned, Locale.FRENCH))
                .doesNotContain("Corrigé le");
    }

    @Test
    void theZipIsNamedByClassSubjectAndDueDateSafelyEncoded() throws Exception {
        Work w = work();
        var response = mvc.perform(get("/travail/" + w.id() + "/depots.zip").with(as(school.mathsTeacher)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse();
        String disposition = response.getHeader("Content-Disposition");
        String due = w.dueDate().toString();
        assertThat(disposition)
                .startsWith("attachment;")
                .contains("filename=\"rendus-3e_B-Mathematiques-" + due + ".zip\"")
                .contains("filename*=UTF-8''rendus-3e%20B-Math%C3%A9matiques-" + due + ".zip")
                .doesNotContain(w.id().toString());
        assertThat(disposition.chars().allMatch(c -> c >= 0x20 && c < 0x7f)).isTrue();
    }

    Work work() {
        return entries.create(
                        school.mathsTeacher,
                        Fixtures.draft(
                                school.classId,
                                school.mathsId,
                                today,
                                "Séance",
                                Fixtures.handIn("Rédaction", today.plusDays(2), Optional.empty())))
                .works()
                .getFirst();
    }

    Document page(CurrentUser user, String path) throws Exception {
        return Jsoup.parse(mvc.perform(get(path).with(as(user)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
    }
}
