package org.preau.homework.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.preau.support.TestSchool.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.homework.internal.entries.EntryService;
import org.preau.homework.internal.entries.Work;
import org.preau.platform.SchoolTime;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** The API holds the same rules as the pages: it goes through the same services. */
@PreauIntegrationTest
class HomeworkApiTest {

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
    void teacherPostsWorkAndThePupilReadsItsDay() throws Exception {
        String body = """
                {"audience":"%s","subject":"%s","lessonDate":"%s","seance":"<p>Les fractions</p><script>x()</script>",
                 "works":[{"instructions":"Exercice 4 p. 12","dueDate":"%s","estimatedMinutes":20,"handinExpected":true}]}""".formatted(school.classId, school.mathsId, today, today.plusDays(1));
        mvc.perform(post("/api/v1/entries")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body)
                        .with(csrf())
                        .with(as(school.mathsTeacher)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.seanceHtml").value("<p>Les fractions</p>"))
                .andExpect(jsonPath("$.version").value(1));
        mvc.perform(get("/api/v1/today").with(as(school.pupil)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.dueTomorrow[0].work.instructionsHtml").value("<p>Exercice 4 p. 12</p>"))
                .andExpect(jsonPath("$.dueTomorrow[0].subject").value("Mathématiques"));
        // Where they do not teach: refused, in the caller's language.
        mvc.perform(post("/api/v1/entries")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body)
                        .with(csrf())
                        .with(as(school.historyTeacher)))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("Vous n’avez pas accès à cette page ou à cette action."));
    }

    @Test
    void cutoffIsEnforcedThroughTheApi() throws Exception {
        var cutoff = today.minusDays(1).atTime(12, 0).atZone(SchoolTime.ZONE).toInstant();
        Work w = entries.create(
                        school.mathsTeacher,
                        Fixtures.draft(
                                school.classId,
                                school.mathsId,
                                today.minusDays(3),
                                "Séance",
                                Fixtures.handIn("Rédaction", today.minusDays(2), Optional.of(cutoff))))
                .works()
                .getFirst();
        mvc.perform(put("/api/v1/work/" + w.id() + "/handin")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"text\":\"trop tard\",\"submit\":true}")
                        .with(csrf())
                        .with(as(school.pupil)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("dernier délai")));
        assertThat(jdbc.sql("select count(*) from homework_handin where work_id = ? and status <> 'NONE'")
                        .param(w.id())
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void aPupilCannotReadOtherGroupsWorkNorOtherPupilsHandIns() throws Exception {
        Work w = entries.create(
                        school.historyTeacher,
                        Fixtures.draft(
                                school.groupId,
                                school.historyId,
                                today,
                                "Séance",
                                Fixtures.handIn("Frise", today.plusDays(2), Optional.empty())))
                .works()
                .getFirst();
        mvc.perform(put("/api/v1/work/" + w.id() + "/handin")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"text\":\"ma frise\",\"submit\":true}")
                        .with(csrf())
                        .with(as(school.pupil)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("SUBMITTED"));
        // The other pupil is not in the group.
        mvc.perform(get("/api/v1/work/" + w.id()).with(as(school.otherPupil))).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/work/" + w.id() + "/handins").with(as(school.otherPupil)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/work/" + w.id()).with(as(school.pupil)))
                .andExpect(jsonPath("$.handin.bodyText").value("ma frise"));
        mvc.perform(get("/api/v1/work/" + w.id() + "/handins").with(as(school.historyTeacher)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.rows[0].state").value("SUBMITTED"));
        mvc.perform(get("/api/v1/today")
                        .param("child", school.otherPupil.accountId().toString())
                        .with(as(school.parent)))
                .andExpect(status().isForbidden());
    }
}
