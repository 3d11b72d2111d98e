package org.preau.homework;

import static org.hamcrest.Matchers.hasSize;
import static org.preau.support.TestSchool.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * "Aujourd'hui" and due dates "at the next lesson" follow the school's calendar: no lesson on holidays or public
 * holidays (the test school is in zone C, where the Christmas holidays 2026 run from 19 December to 3 January).
 */
@PreauIntegrationTest
class HomeworkFollowsTheSchoolCalendarTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MockMvc mvc;

    TestSchool school;

    @BeforeEach
    void zoneC() {
        school = TestSchool.create(jdbc);
        jdbc.sql("update school set holiday_zone = 'C' where id = ?")
                .param(school.schoolId)
                .update();
    }

    @Test
    void aujourdhuiHasNoLessonOnAHoliday() throws Exception {
        mvc.perform(get("/api/v1/today").param("date", "2026-12-18").with(as(school.pupil)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.lessons", hasSize(2)));
        for (String day : new String[] {"2026-12-25", "2026-12-22", "2027-01-01", "2027-02-09", "2026-11-11"}) {
            mvc.perform(get("/api/v1/today").param("date", day).with(as(school.pupil)))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.lessons", hasSize(0)));
            mvc.perform(get("/api/v1/today/teacher").param("date", day).with(as(school.mathsTeacher)))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.lessons", hasSize(0)));
        }
        mvc.perform(get("/api/v1/today/teacher").param("date", "2027-01-04").with(as(school.mathsTeacher)))
                .andExpect(jsonPath("$.lessons", hasSize(1)));
    }

    @Test
    void workDueAtTheNextLessonSkipsHolidaysAndPublicHolidays() throws Exception {
        // Set on the last Friday before Christmas: due at the first maths lesson after the holidays.
        post("2026-12-18")
                .andExpect(jsonPath("$.works[0].dueDate").value("2027-01-04"))
                .andExpect(jsonPath("$.works[0].dueTime").value("08:00:00"));
        // Set on Wednesday 5 May 2027: Thursday is Ascension, Friday the bridge.
        post("2027-05-05").andExpect(jsonPath("$.works[0].dueDate").value("2027-05-10"));
        // An ordinary week: the next day.
        post("2026-12-01").andExpect(jsonPath("$.works[0].dueDate").value("2026-12-02"));
    }

    private org.springframework.test.web.servlet.ResultActions post(String lessonDate) throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/entries")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                        {"audience":"%s","subject":"%s","lessonDate":"%s","seance":"Séance",
                                         "works":[{"instructions":"Exercices","dueAtNextLesson":true}]}""".formatted(school.classId, school.mathsId, lessonDate))
                        .with(csrf())
                        .with(as(school.mathsTeacher)))
                .andExpect(status().isCreated());
    }
}
