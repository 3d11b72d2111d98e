package org.preau.homework.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.preau.support.TestSchool.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.homework.internal.entries.Entry;
import org.preau.homework.internal.entries.EntryDraft;
import org.preau.homework.internal.entries.EntryRepository;
import org.preau.homework.internal.entries.EntryService;
import org.preau.homework.internal.entries.Work;
import org.preau.platform.web.Problem;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** Who reads and writes what: the rules the cahier de textes must hold on pages and in services. */
@PreauIntegrationTest
class HomeworkAccessTest {

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
    void teacherWritesOnlyWhereTheyTeach() throws Exception {
        // The history teacher teaches the group, not maths to the class.
        assertThatThrownBy(() -> entries.create(
                        school.historyTeacher, Fixtures.draft(school.classId, school.mathsId, today, "Intrus")))
                .isInstanceOf(Problem.class)
                .extracting(e -> ((Problem) e).status().value())
                .isEqualTo(403);
        assertThatThrownBy(() ->
                        entries.create(school.pupil, Fixtures.draft(school.classId, school.mathsId, today, "Élève")))
                .isInstanceOf(Problem.class);
        mvc.perform(multipart("/cahier-de-textes")
                        .param("cible", school.classId + "|" + school.mathsId)
                        .param("date", today.toString())
                        .param("seance", "Intrus")
                        .with(csrf())
                        .with(as(school.historyTeacher)))
                .andExpect(status().isForbidden());
        int rows = jdbc.sql("select count(*) from homework_entry where school_id = ?")
                .param(school.schoolId)
                .query(Integer.class)
                .single();
        assertThat(rows).isZero();
        // Where they do teach, it is written.
        mvc.perform(multipart("/cahier-de-textes")
                        .param("cible", school.classId + "|" + school.mathsId)
                        .param("date", today.toString())
                        .param("seance", "Théorème de Thalès")
                        .param("work0Instructions", "Exercices 1 à 3 p. 45")
                        .param("work0DueDate", today.plusDays(1).toString())
                        .with(csrf())
                        .with(as(school.mathsTeacher)))
                .andExpect(status().is3xxRedirection());
        assertThat(jdbc.sql("select count(*) from homework_work where school_id = ?")
                        .param(school.schoolId)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void pupilSeesOnlyEntriesOfTheirOwnClassesAndGroups() throws Exception {
        Fixtures.post(
                entries,
                school.mathsTeacher,
                Fixtures.draft(
                        school.classId,
                        school.mathsId,
                        today,
                        "Séance de maths",
                        Fixtures.work("Apprendre la leçon de maths", today.plusDays(1))));
        Entry spanish = Fixtures.post(
                entries,
                school.historyTeacher,
                Fixtures.draft(
                        school.groupId,
                        school.historyId,
                        today,
                        "Séance du groupe",
                        Fixtures.work("Carte du groupe à compléter", today.plusDays(1))));

        String pupilPage = page(school.pupil, "/");
        assertThat(pupilPage).contains("Séance de maths", "Apprendre la leçon de maths", "Carte du groupe à compléter");

        // The other pupil is in the class but not in the group.
        String otherPage = page(school.otherPupil, "/");
        assertThat(otherPage)
                .contains("Apprendre la leçon de maths")
                .doesNotContain("Carte du groupe", "Séance du groupe");
        mvc.perform(get("/travail/" + spanish.works().getFirst().id()).with(as(school.otherPupil)))
                .andExpect(status().isNotFound());

        // A pupil of another school sees none of it.
        var elsewhere = TestSchool.create(jdbc);
        assertThat(page(elsewhere.pupil, "/")).doesNotContain("Séance de maths", "Carte du groupe");
        mvc.perform(get("/travail/" + spanish.works().getFirst().id()).with(as(elsewhere.pupil)))
                .andExpect(status().isNotFound());
    }

    @Test
    void parentSeesTheirChildReadOnlyAndNoOtherChild() throws Exception {
        Fixtures.post(
                entries,
                school.mathsTeacher,
                Fixtures.draft(
                        school.classId,
                        school.mathsId,
                        today,
                        "Séance",
                        Fixtures.work("Fiche de révision", today.plusDays(1))));
        String parentPage = page(school.parent, "/?enfant=" + school.pupil.accountId());
        assertThat(parentPage).contains("Fiche de révision").doesNotContain("/fait\"");
        mvc.perform(get("/").param("enfant", school.otherPupil.accountId().toString())
                        .with(as(school.parent)))
                .andExpect(status().isForbidden());
        // A parent cannot tick work as done for the child.
        var workId = jdbc.sql("select id from homework_work where school_id = ?")
                .param(school.schoolId)
                .query(java.util.UUID.class)
                .single();
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(
                                "/travail/" + workId + "/fait")
                        .with(csrf())
                        .with(as(school.parent)))
                .andExpect(status().isForbidden());
    }

    @Test
    void scheduledEntryStaysHiddenFromPupilsUntilItsTime() throws Exception {
        var draft = new EntryDraft(
                school.classId,
                school.mathsId,
                today,
                "Contrôle surprise demain",
                Optional.of(clock.instant().plusSeconds(3600)),
                List.of(Fixtures.work("Réviser le chapitre 4", today.plusDays(1))));
        Entry e = entries.create(school.mathsTeacher, draft);
        assertThat(page(school.pupil, "/")).doesNotContain("Contrôle surprise", "Réviser le chapitre 4");
        mvc.perform(get("/travail/" + e.works().getFirst().id()).with(as(school.pupil)))
                .andExpect(status().isNotFound());
        // Published an hour earlier (as if the time had come): visible.
        jdbc.sql("update homework_entry set publish_at = now() - interval '1 minute' where id = ?")
                .param(e.id())
                .update();
        jdbc.sql("update homework_work set publish_at = now() - interval '1 minute' where entry_id = ?")
                .param(e.id())
                .update();
        entries.update(
                school.mathsTeacher,
                e.id(),
                1,
                new EntryDraft(
                        school.classId,
                        school.mathsId,
                        today,
                        "Contrôle surprise demain",
                        Optional.empty(),
                        List.of()));
        assertThat(page(school.pupil, "/")).contains("Contrôle surprise");
    }

    @Test
    void everyEditKeepsThePreviousVersionForStaff() throws Exception {
        Entry e = entries.create(
                school.mathsTeacher,
                Fixtures.draft(
                        school.classId,
                        school.mathsId,
                        today,
                        "Version un",
                        Fixtures.work("Exercice A", today.plusDays(2))));
        var w = e.works().getFirst();
        var keep = new EntryDraft.WorkDraft(
                Optional.of(w.id()),
                "Exercice B",
                Optional.of(today.plusDays(3)),
                false,
                Optional.empty(),
                Optional.empty(),
                false,
                Optional.empty(),
                List.of());
        entries.update(
                school.mathsTeacher,
                e.id(),
                1,
                new EntryDraft(school.classId, school.mathsId, today, "Version deux", Optional.empty(), List.of(keep)));
        entries.update(
                school.mathsTeacher,
                e.id(),
                2,
                new EntryDraft(school.classId, school.mathsId, today, "Version trois", Optional.empty(), List.of()));
        // Saving from a stale version is refused rather than overwriting.
        assertThatThrownBy(() -> entries.update(
                        school.mathsTeacher,
                        e.id(),
                        2,
                        new EntryDraft(school.classId, school.mathsId, today, "Écrasée", Optional.empty(), List.of())))
                .isInstanceOf(Problem.class);

        var versions = entries.history(school.head, e.id());
        assertThat(versions).extracting(EntryRepository.Version::version).containsExactly(1, 2, 3);
        assertThat(versions.get(0).snapshotJson()).contains("Version un", "Exercice A");
        assertThat(versions.get(1).snapshotJson()).contains("Version deux", "Exercice B");
        assertThat(versions.get(2).snapshotJson()).contains("Version trois");
        assertThat(versions).allSatisfy(v -> assertThat(v.editedBy()).isEqualTo(school.mathsTeacher.accountId()));

        String historyPage = page(school.head, "/cahier-de-textes/" + e.id() + "/historique");
        assertThat(historyPage).contains("Version un", "Version deux", "Version trois");
        assertThat(page(school.head, "/cahier-de-textes/etablissement")).contains("Version trois");
        // Pupils do not read the history; staff of another school do not either.
        mvc.perform(get("/cahier-de-textes/" + e.id() + "/historique").with(as(school.pupil)))
                .andExpect(status().isForbidden());
        var elsewhere = TestSchool.create(jdbc);
        mvc.perform(get("/cahier-de-textes/" + e.id() + "/historique").with(as(elsewhere.head)))
                .andExpect(status().isForbidden());
    }

    @Test
    void teacherCopiesAnEntryToAnotherAudienceTheyTeach() {
        // The maths teacher also teaches maths to the group.
        jdbc.sql("insert into teaching_assignment (school_id, id, teacher_id, group_id, subject_id) values (?,?,?,?,?)")
                .params(
                        school.schoolId,
                        org.preau.platform.Ids.newId(),
                        school.mathsTeacher.accountId(),
                        school.groupId,
                        school.mathsId)
                .update();
        Entry e = entries.create(
                school.mathsTeacher,
                Fixtures.draft(
                        school.classId,
                        school.mathsId,
                        today,
                        "À copier",
                        Fixtures.work("Exercice commun", today.plusDays(1))));
        var copies = entries.copy(school.mathsTeacher, e.id(), List.of(school.groupId));
        assertThat(copies).hasSize(1);
        assertThat(copies.getFirst().audienceId()).isEqualTo(school.groupId);
        assertThat(copies.getFirst().works())
                .extracting(Work::instructionsHtml)
                .allMatch(s -> s.contains("Exercice commun"));
        // Not to an audience they do not teach (history's subject is not theirs).
        var other = TestSchool.create(jdbc);
        assertThatThrownBy(() -> entries.copy(school.mathsTeacher, e.id(), List.of(other.classId)))
                .isInstanceOf(Problem.class);
    }

    @Test
    void richTextIsStoredSanitised() throws Exception {
        Entry e = entries.create(
                school.mathsTeacher,
                Fixtures.draft(
                        school.classId,
                        school.mathsId,
                        today,
                        "<p>Bonjour<script>alert(1)</script><img src=x onerror=alert(2)><a href=\"javascript:alert(3)\">x</a></p>",
                        Fixtures.work("<svg onload=alert(4)>Lire</svg>", today.plusDays(1))));
        String html = page(school.pupil, "/");
        assertThat(html).contains("Bonjour").doesNotContain("alert(1)", "alert(2)", "javascript:alert(3)", "alert(4)");
        assertThat(jdbc.sql("select seance_html from homework_entry where id = ?")
                        .param(e.id())
                        .query(String.class)
                        .single())
                .doesNotContain("script", "onerror", "javascript:");
    }

    String page(org.preau.identity.CurrentUser user, String path) throws Exception {
        return mvc.perform(get(path).with(as(user)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }
}
