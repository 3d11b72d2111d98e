package org.preau.calendar.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.preau.support.TestSchool.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import biweekly.Biweekly;
import biweekly.component.VEvent;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.preau.directory.SchoolCalendar;
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

    @Autowired
    FeedBuilder feeds;

    @Autowired
    SchoolCalendar schoolCalendar;

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    /** The school of the test, in zone C (Toulouse). */
    private TestSchool zoneC() {
        var school = TestSchool.create(jdbc);
        jdbc.sql("update school set holiday_zone = 'C' where id = ?")
                .param(school.schoolId)
                .update();
        return school;
    }

    /** Runs {@code body} with the JVM's default zone set to {@code zone} (the server's, or a reader's). */
    private static <T> T inZone(String zone, java.util.concurrent.Callable<T> body) throws Exception {
        TimeZone before = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone(zone));
        try {
            return body.call();
        } finally {
            TimeZone.setDefault(before);
        }
    }

    @Test
    void aWorkDueOnAFridayIsAnAllDayEventOnThatFridayWhereverTheFeedIsRead() throws Exception {
        var school = zoneC();
        LocalDate today = LocalDate.now(PARIS);
        LocalDate friday = today.with(TemporalAdjusters.next(DayOfWeek.FRIDAY));
        mvc.perform(post("/api/v1/entries")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"audience":"%s","subject":"%s","lessonDate":"%s","seance":"Séance",
                                 "works":[{"instructions":"Rédaction pour vendredi","dueDate":"%s"}]}""".formatted(school.classId, school.mathsId, today, friday))
                        .with(csrf())
                        .with(as(school.mathsTeacher)))
                .andExpect(status().isCreated());
        String token =
                (String) mvc.perform(post("/calendrier/lien").with(csrf()).with(as(school.pupil)))
                        .andReturn()
                        .getFlashMap()
                        .get("token");
        // The server runs in UTC, as servers do.
        String ics = inZone(
                "UTC",
                () -> mvc.perform(get("/calendrier/" + token + ".ics"))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString());

        assertThat(ics).contains("DTSTART;VALUE=DATE:" + friday.format(DateTimeFormatter.BASIC_ISO_DATE));
        for (String reader : List.of("Europe/Paris", "America/Cayenne", "Pacific/Noumea", "Asia/Tokyo", "UTC")) {
            inZone(reader, () -> {
                var calendar = Biweekly.parse(ics).first();
                var due = calendar.getEvents().stream()
                        .filter(e -> e.getSummary().getValue().startsWith("À rendre"))
                        .filter(e -> e.getDescription().getValue().contains("Rédaction pour vendredi"))
                        .findFirst()
                        .orElseThrow();
                var start = due.getDateStart().getValue();
                assertThat(start.hasTime()).as("all day").isFalse();
                assertThat(LocalDate.ofInstant(start.toInstant(), ZoneId.of(reader)))
                        .as("the due day read in %s", reader)
                        .isEqualTo(friday);
                assertThat(LocalDate.ofInstant(due.getDateEnd().getValue().toInstant(), ZoneId.of(reader)))
                        .isEqualTo(friday.plusDays(1));
                return null;
            });
        }
    }

    @Test
    void noLessonFallsInAHolidayAndLessonsAreInParisTime() throws Exception {
        var school = zoneC();
        LocalDate today = LocalDate.of(2026, 12, 1);
        for (var user : List.of(school.pupil, school.mathsTeacher, school.parent)) {
            String ics = inZone("UTC", () -> feeds.build(user.accountId(), Locale.FRENCH, today));
            var calendar = Biweekly.parse(ics).first();
            var lessons = calendar.getEvents().stream()
                    .filter(e -> e.getCategories().getFirst().getValues().contains("LESSON"))
                    .toList();
            assertThat(lessons).isNotEmpty();
            var days = new java.util.TreeSet<LocalDate>();
            for (var lesson : lessons) {
                LocalDateTime start =
                        LocalDateTime.ofInstant(lesson.getDateStart().getValue().toInstant(), PARIS);
                days.add(start.toLocalDate());
                assertThat(schoolCalendar.isHoliday(school.schoolId, start.toLocalDate()))
                        .as("lesson on %s", start)
                        .isFalse();
                assertThat(calendar.getTimezoneInfo()
                                .getTimezone(lesson.getDateStart())
                                .getComponent()
                                .getTimezoneId()
                                .getValue())
                        .isEqualTo("Europe/Paris");
            }
            assertThat(days).contains(LocalDate.of(2026, 12, 18), LocalDate.of(2027, 1, 4));
            assertThat(days).doesNotContain(LocalDate.of(2026, 12, 25), LocalDate.of(2027, 1, 1));
            assertThat(days.subSet(LocalDate.of(2026, 12, 19), LocalDate.of(2027, 1, 4)))
                    .isEmpty();
            // Maths at 08:00 in Paris, written as local time under the zone's own definition.
            assertThat(ics).contains("BEGIN:VTIMEZONE", "TZID:Europe/Paris");
            assertThat(ics).contains("DTSTART;TZID=Europe/Paris:20261218T080000");
            // The holidays themselves are in the feed, as all-day events.
            assertThat(calendar.getEvents()).anySatisfy(e -> {
                assertThat(e.getSummary().getValue()).isEqualTo("Vacances de Noël");
                assertThat(e.getDateStart().getValue().hasTime()).isFalse();
            });
            assertThat(ics).contains("DTSTART;VALUE=DATE:20261219", "DTEND;VALUE=DATE:20270104");
        }
    }
}
