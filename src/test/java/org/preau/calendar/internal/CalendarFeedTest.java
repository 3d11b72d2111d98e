package org.preau.calendar.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.preau.support.TestSchool.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import biweekly.Biweekly;
import biweekly.component.VEvent;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** A private, revocable iCalendar feed with lessons and work due, readable by a real iCalendar parser. */
@PreauIntegrationTest
class CalendarFeedTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MockMvc mvc;

    @Test
    void aPupilsFeedHasLessonsAndDueWorkAndDiesWhenRevoked() throws Exception {
        var school = TestSchool.create(jdbc);
        LocalDate due = LocalDate.now(ZoneId.of("Europe/Paris")).plusDays(2);
        mvc.perform(post("/api/v1/entries")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"audience":"%s","subject":"%s","lessonDate":"%s","seance":"Séance",
                                 "works":[{"instructions":"Lire le chapitre 3","dueDate":"%s"}]}""".formatted(school.classId, school.mathsId, due.minusDays(2), due))
                        .with(csrf())
                        .with(as(school.mathsTeacher)))
                .andExpect(status().isCreated());

        var made = mvc.perform(post("/calendrier/lien").with(csrf()).with(as(school.pupil)))
                .andExpect(status().is3xxRedirection())
                .andReturn();
        String token = (String) made.getFlashMap().get("token");
        assertThat(token).hasSize(43);

        // No session, no cookie: the secret is the key.
        String ics = mvc.perform(get("/calendrier/" + token + ".ics"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        var calendar = Biweekly.parse(ics).first();
        assertThat(calendar).isNotNull();
        var summaries = calendar.getEvents().stream()
                .map(VEvent::getSummary)
                .map(s -> s.getValue())
                .toList();
        assertThat(summaries).contains("Mathématiques — 3e B", "Histoire-Géographie — Espagnol LV2 3e");
        assertThat(summaries).anyMatch(s -> s.contains("Mathématiques") && s.startsWith("À rendre"));
        assertThat(calendar.getEvents())
                .anyMatch(e -> e.getDescription() != null
                        && e.getDescription().getValue().contains("Lire le chapitre 3"));
        // Another pupil of the class (not in the group) has no group lesson in their feed.
        var other = mvc.perform(post("/calendrier/lien").with(csrf()).with(as(school.otherPupil)))
                .andReturn();
        String otherIcs = mvc.perform(get("/calendrier/" + other.getFlashMap().get("token") + ".ics"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(otherIcs).doesNotContain("Espagnol LV2 3e");

        // Renewing kills the old link; revoking kills the new one.
        var renewed = mvc.perform(post("/calendrier/lien").with(csrf()).with(as(school.pupil)))
                .andReturn();
        mvc.perform(get("/calendrier/" + token + ".ics")).andExpect(status().isNotFound());
        String second = (String) renewed.getFlashMap().get("token");
        mvc.perform(get("/calendrier/" + second + ".ics")).andExpect(status().isOk());
        mvc.perform(post("/calendrier/lien/revoquer").with(csrf()).with(as(school.pupil)))
                .andExpect(status().is3xxRedirection());
        mvc.perform(get("/calendrier/" + second + ".ics")).andExpect(status().isNotFound());
        // Only the hash is stored.
        assertThat(jdbc.sql("select count(*) from calendar_feed_token where encode(token_hash, 'escape') like ?")
                        .param("%" + second + "%")
                        .query(Integer.class)
                        .single())
                .isZero();
    }
}
