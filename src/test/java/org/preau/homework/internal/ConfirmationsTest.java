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
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.homework.internal.entries.EntryService;
import org.preau.homework.internal.entries.Work;
import org.preau.identity.CurrentUser;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;

/**
 * Every action that changes something in homework ends on a page that says it happened, in a {@code role="status"}
 * notice: entry saved, copied, draft saved, handed in, returned, reopened, extension given, marked done.
 */
@PreauIntegrationTest
class ConfirmationsTest {

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
    void theTeachersActionsAreConfirmed() throws Exception {
        // The teacher also teaches maths to the group (to copy there); written before the directory caches them.
        jdbc.sql("insert into teaching_assignment (school_id, id, teacher_id, group_id, subject_id) values (?,?,?,?,?)")
                .params(
                        school.schoolId,
                        org.preau.platform.Ids.newId(),
                        school.mathsTeacher.accountId(),
                        school.groupId,
                        school.mathsId)
                .update();
        assertThat(notice(
                        school.mathsTeacher,
                        multipart("/cahier-de-textes")
                                .param("cible", school.classId + "|" + school.mathsId)
                                .param("date", today.toString())
                                .param("seance", "Séance")
                                .param("work0Instructions", "Rédaction")
                                .param("work0DueDate", today.plusDays(2).toString())
                                .param("work0Handin", "on")))
                .isEqualTo("La séance a été enregistrée.");
        UUID entry = jdbc.sql("select id from homework_entry where school_id = ?")
                .param(school.schoolId)
                .query(UUID.class)
                .single();
        assertThat(notice(
                        school.mathsTeacher,
                        post("/cahier-de-textes/" + entry + "/copie").param("vers", school.groupId.toString())))
                .isEqualTo("La séance a été copiée vers 1 classe(s) ou groupe(s).");

        Work w = entries.read(school.mathsTeacher, entry).works().getFirst();
        handIn(school.pupil, w, "rendre");
        UUID handin = handinOf(w, school.pupil);
        assertThat(notice(
                        school.mathsTeacher,
                        multipart("/depots/" + handin + "/retour").param("commentaire", "Bien")))
                .isEqualTo("Le retour a été envoyé à Louise Martin.");
        assertThat(notice(school.mathsTeacher, post("/depots/" + handin + "/rouvrir")))
                .startsWith("Le rendu de Louise Martin a été rouvert");
        assertThat(notice(
                        school.mathsTeacher,
                        post("/travail/" + w.id() + "/prolongation")
                                .param("eleve", school.otherPupil.accountId().toString())
                                .param("jusqua", today.plusDays(5).atTime(18, 0).toString())))
                .startsWith("Délai accordé à Hugo Bernard jusqu’au ")
                .endsWith("18:00.");
    }

    @Test
    void thePupilsActionsAreConfirmed() throws Exception {
        Work w = entries.create(
                        school.mathsTeacher,
                        Fixtures.draft(
                                school.classId,
                                school.mathsId,
                                today,
                                "Séance",
                                Fixtures.handIn("Rédaction", today.plusDays(2), Optional.empty())))
                .works()
                .getFirst();
        assertThat(notice(school.pupil, handInRequest(w, "brouillon"))).startsWith("Votre brouillon a été enregistré.");
        assertThat(notice(school.pupil, handInRequest(w, "rendre"))).isEqualTo("Votre travail a été rendu.");
        assertThat(notice(school.pupil, post("/travail/" + w.id() + "/fait").param("done", "true")))
                .isEqualTo("Travail marqué comme fait.");
        // Back on the day the pupil was looking at.
        String back = "/?jour=" + today.plusDays(1);
        var redirect = mvc.perform(post("/travail/" + w.id() + "/fait")
                        .param("done", "false")
                        .param("retour", back)
                        .with(csrf())
                        .with(as(school.pupil)))
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        assertThat(redirect).startsWith(back + "&fait=nonfait");
        // Elsewhere than this site is not a way back.
        var elsewhere = mvc.perform(post("/travail/" + w.id() + "/fait")
                        .param("done", "true")
                        .param("retour", "//evil.example/")
                        .with(csrf())
                        .with(as(school.pupil)))
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        assertThat(elsewhere).startsWith("/?fait=fait");
    }

    /** Performs the action, follows its redirect, and returns the text of the page's status notice. */
    String notice(CurrentUser user, AbstractMockHttpServletRequestBuilder<?> action) throws Exception {
        String target = mvc.perform(action.with(csrf()).with(as(user)))
                .andExpect(status().is3xxRedirection())
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        String html = mvc.perform(get(target).with(as(user)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        Element status = Jsoup.parse(html).selectFirst("main [role=status]:not([hidden])");
        assertThat(status).as("a status notice on %s", target).isNotNull();
        return status.text();
    }

    AbstractMockHttpServletRequestBuilder<?> handInRequest(Work w, String action) {
        return multipart("/travail/" + w.id() + "/depot")
                .param("texte", "Ma réponse")
                .param("action", action);
    }

    void handIn(CurrentUser pupil, Work w, String action) throws Exception {
        mvc.perform(handInRequest(w, action).with(csrf()).with(as(pupil))).andExpect(status().is3xxRedirection());
    }

    UUID handinOf(Work w, CurrentUser pupil) {
        return jdbc.sql("select id from homework_handin where work_id = ? and pupil_id = ?")
                .params(w.id(), pupil.accountId())
                .query(UUID.class)
                .single();
    }
}
