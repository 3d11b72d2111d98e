package org.preau.homework.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.preau.support.TestSchool.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Optional;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.homework.internal.entries.Entry;
import org.preau.homework.internal.entries.EntryService;
import org.preau.homework.internal.entries.Work;
import org.preau.homework.internal.handins.HandinService;
import org.preau.platform.SchoolTime;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Issue 8, "bind requests to records": the entry, hand-in and extension forms are bound by Spring's data binding
 * under the field names they always had (the first-morning benchmark posts them), every field still reaches the
 * service, and a value that does not convert is told next to its field in the form's own words, with what was typed
 * shown again.
 */
@PreauIntegrationTest
class EntryFormBindingTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MockMvc mvc;

    @Autowired
    EntryService entries;

    @Autowired
    HandinService handins;

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
    void everyFieldOfTheEntryFormReachesTheEntry() throws Exception {
        LocalDate due = today.plusDays(3);
        String location = mvc.perform(multipart("/cahier-de-textes")
                        .param("cible", school.classId + "|" + school.mathsId)
                        .param("date", today.toString())
                        .param("seance", "Séance liée")
                        .param("work0Instructions", "Exercice 1")
                        .param("work0DueDate", due.toString())
                        .param("work0DueTime", "08:30")
                        .param("work0Minutes", "45")
                        .param("work0Handin", "on")
                        .param("work0Cutoff", due + "T18:00")
                        .param("work1Instructions", "Exercice 2")
                        .param("work1DueDate", due.plusDays(1).toString())
                        .param("work2Instructions", "")
                        .with(csrf())
                        .with(as(school.mathsTeacher)))
                .andExpect(status().is3xxRedirection())
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        assertThat(location).startsWith("/cahier-de-textes?semaine=" + today + "&fait=enregistre#e-");
        Entry e = entries.read(school.mathsTeacher, UUID.fromString(location.substring(location.indexOf("#e-") + 3)));
        assertThat(e.audienceId()).isEqualTo(school.classId);
        assertThat(e.subjectId()).isEqualTo(school.mathsId);
        assertThat(e.seanceSource()).isEqualTo("Séance liée");
        assertThat(e.works()).hasSize(2);
        Work first = e.works().getFirst();
        assertThat(first.instructionsSource()).isEqualTo("Exercice 1");
        assertThat(first.dueDate()).isEqualTo(due);
        assertThat(first.dueTime()).contains(LocalTime.of(8, 30));
        assertThat(first.estimatedMinutes()).contains(45);
        assertThat(first.handinExpected()).isTrue();
        assertThat(first.hardCutoff())
                .contains(due.atTime(18, 0).atZone(SchoolTime.ZONE).toInstant());
        Work second = e.works().get(1);
        assertThat(second.dueTime()).isEmpty();
        assertThat(second.estimatedMinutes()).isEmpty();
        assertThat(second.handinExpected()).isFalse();
        assertThat(second.hardCutoff()).isEmpty();
    }

    @Test
    void valuesThatDoNotConvertAreToldNextToTheirFieldsAndShownAsTyped() throws Exception {
        long before = entriesOfTheSchool();
        Document form = Jsoup.parse(mvc.perform(multipart("/cahier-de-textes")
                        .param("cible", school.classId + "|" + school.mathsId)
                        .param("date", "31/12")
                        .param("seance", "Séance")
                        .param("publication", "demain")
                        .param("work0Instructions", "Exercice 1")
                        .param("work0DueDate", today.plusDays(2).toString())
                        .param("work0DueTime", "8h30")
                        .param("work0Minutes", "vingt")
                        .param("work0Cutoff", "bientôt")
                        .with(csrf())
                        .with(as(school.mathsTeacher)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
        assertThat(form.getElementById("date-error").text()).isEqualTo("Cette date n’est pas valide.");
        assertThat(form.getElementById("publication-error").text()).isEqualTo("Cette date n’est pas valide.");
        assertThat(form.getElementById("work0DueTime-error").text()).isEqualTo("Cette heure n’est pas valide.");
        assertThat(form.getElementById("work0Minutes-error").text())
                .isEqualTo("La durée doit être un nombre de minutes entre 1 et 600.");
        assertThat(form.getElementById("work0Cutoff-error").text()).isEqualTo("Cette date n’est pas valide.");
        assertThat(form.getElementById("work0DueDate-error")).isNull();
        assertThat(form.getElementById("date").val()).isEqualTo("31/12");
        assertThat(form.getElementById("work0Minutes").val()).isEqualTo("vingt");
        assertThat(form.getElementById("work0Instructions").val()).isEqualTo("Exercice 1");
        assertThat(form.select("#cible option[selected]").val()).isEqualTo(school.classId + "|" + school.mathsId);
        assertThat(entriesOfTheSchool()).isEqualTo(before);

        Document noTarget = Jsoup.parse(mvc.perform(multipart("/cahier-de-textes")
                        .param("cible", "pas|une cible")
                        .param("date", today.toString())
                        .param("work0Instructions", "Exercice 1")
                        .param("work0DueDate", today.plusDays(2).toString())
                        .with(csrf())
                        .with(as(school.mathsTeacher)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
        assertThat(noTarget.getElementById("cible-error").text())
                .isEqualTo("Choisissez une classe ou un groupe et une matière.");
    }

    @Test
    void theHandinFormsHiddenIdsAreIdsOrTheRequestIsBad() throws Exception {
        Work w = entries.create(
                        school.mathsTeacher,
                        Fixtures.draft(
                                school.classId,
                                school.mathsId,
                                today,
                                "Séance",
                                Fixtures.handIn("Rédaction", today.plusDays(3), Optional.empty())))
                .works()
                .getFirst();
        mvc.perform(multipart("/travail/" + w.id() + "/depot")
                        .param("texte", "Mon texte")
                        .param("deja", "pas-un-id")
                        .param("action", "rendre")
                        .with(csrf())
                        .with(as(school.pupil)))
                .andExpect(status().isBadRequest());
        mvc.perform(multipart("/travail/" + w.id() + "/depot")
                        .param("texte", "Mon texte")
                        .param("action", "rendre")
                        .with(csrf())
                        .with(as(school.pupil)))
                .andExpect(status().is3xxRedirection())
                .andExpect(r ->
                        assertThat(r.getResponse().getRedirectedUrl()).isEqualTo("/travail/" + w.id() + "?fait=rendu"));
        assertThat(handins.find(w, school.pupil).bodyText()).isEqualTo("Mon texte");
    }

    @Test
    void anExtensionNeedsAPupilAndADateAndTime() throws Exception {
        Work w = entries.create(
                        school.mathsTeacher,
                        Fixtures.draft(
                                school.classId,
                                school.mathsId,
                                today,
                                "Séance",
                                Fixtures.handIn("Rédaction", today.plusDays(3), Optional.empty())))
                .works()
                .getFirst();
        String path = "/travail/" + w.id() + "/prolongation";
        String pupil = school.pupil.accountId().toString();
        mvc.perform(post(path)
                        .param("eleve", pupil)
                        .param("jusqua", "vendredi")
                        .with(csrf())
                        .with(as(school.mathsTeacher)))
                .andExpect(status().isBadRequest());
        mvc.perform(post(path)
                        .param("eleve", "pas-un-id")
                        .param("jusqua", today.plusDays(5) + "T18:00")
                        .with(csrf())
                        .with(as(school.mathsTeacher)))
                .andExpect(status().isBadRequest());
        mvc.perform(post(path)
                        .param("jusqua", today.plusDays(5) + "T18:00")
                        .with(csrf())
                        .with(as(school.mathsTeacher)))
                .andExpect(status().isBadRequest());
        mvc.perform(post(path)
                        .param("eleve", pupil)
                        .param("jusqua", today.plusDays(5) + "T18:00")
                        .with(csrf())
                        .with(as(school.mathsTeacher)))
                .andExpect(status().is3xxRedirection())
                .andExpect(r -> assertThat(r.getResponse().getRedirectedUrl())
                        .isEqualTo("/travail/" + w.id() + "/depots?fait=prolonge&eleve=" + pupil + "#p-" + pupil));
        assertThat(handins.find(w, school.pupil).extendedUntil())
                .contains(
                        today.plusDays(5).atTime(18, 0).atZone(SchoolTime.ZONE).toInstant());
    }

    long entriesOfTheSchool() {
        return jdbc.sql("select count(*) from homework_entry where school_id = ?")
                .param(school.schoolId)
                .query(Long.class)
                .single();
    }
}
