package org.preau.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.preau.platform.Ids;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The school calendar against the shipped data and a real database: zones from the UAI or as set, the official
 * holidays of 2026-2027, public holidays, school years, and the timetable that follows them.
 */
@PreauIntegrationTest
class SchoolCalendarTest {

    @Autowired
    SchoolCalendar calendar;

    @Autowired
    Directory directory;

    @Autowired
    JdbcClient jdbc;

    /** A school whose UAI starts with {@code department} (three characters), optionally with a zone set. */
    private UUID school(String department, Optional<String> zone) {
        var random = ThreadLocalRandom.current();
        UUID id = Ids.newId();
        String uai = department + String.format("%04d%c", random.nextInt(10_000), (char) ('A' + random.nextInt(26)));
        jdbc.sql("insert into school (id, uai, name, holiday_zone) values (?, ?, ?, ?)")
                .params(id, uai, "Collège " + uai, zone.orElse(null))
                .update();
        return id;
    }

    private static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    @Test
    void theZoneComesFromTheUaisDepartementUnlessASchoolHasItsOwn() {
        assertThat(calendar.zone(school("031", Optional.empty()))).contains(HolidayZone.C); // Toulouse
        assertThat(calendar.zone(school("075", Optional.empty()))).contains(HolidayZone.C); // Paris
        assertThat(calendar.zone(school("069", Optional.empty()))).contains(HolidayZone.A); // Lyon
        assertThat(calendar.zone(school("033", Optional.empty()))).contains(HolidayZone.A); // Bordeaux
        assertThat(calendar.zone(school("059", Optional.empty()))).contains(HolidayZone.B); // Lille
        assertThat(calendar.zone(school("014", Optional.empty()))).contains(HolidayZone.B); // Normandie (Caen)
        assertThat(calendar.zone(school("620", Optional.empty()))).isEmpty(); // Corse-du-Sud: its own calendar
        assertThat(calendar.zone(school("974", Optional.empty()))).isEmpty(); // La Réunion
        assertThat(calendar.zone(school("031", Optional.of("B")))).contains(HolidayZone.B);
        assertThat(calendar.zone(Ids.newId())).isEmpty();
    }

    @Test
    void christmasAndTheWinterHolidaysOfEachZoneHaveNoClasses() {
        UUID toulouse = school("031", Optional.empty());
        UUID lyon = school("069", Optional.empty());
        UUID lille = school("059", Optional.empty());

        // Noël, the same everywhere: Saturday 19 December 2026 to Sunday 3 January 2027.
        for (UUID s : List.of(toulouse, lyon, lille)) {
            assertThat(calendar.isSchoolDay(s, d("2026-12-18"))).isTrue();
            assertThat(calendar.isHoliday(s, d("2026-12-21"))).isTrue();
            assertThat(calendar.isHoliday(s, d("2026-12-25"))).isTrue();
            assertThat(calendar.isHoliday(s, d("2027-01-01"))).isTrue();
            assertThat(calendar.isSchoolDay(s, d("2027-01-04"))).isTrue();
            assertThat(calendar.nextSchoolDay(s, d("2026-12-18"))).isEqualTo(d("2027-01-04"));
            assertThat(calendar.schoolDayOnOrBefore(s, d("2026-12-28"))).isEqualTo(d("2026-12-18"));
            // Toussaint: 17 October to 1 November 2026.
            assertThat(calendar.isHoliday(s, d("2026-10-26"))).isTrue();
            assertThat(calendar.isSchoolDay(s, d("2026-11-02"))).isTrue();
        }
        // Winter 2027: C from 6 February, A from 13 February, B from 20 February, two weeks each.
        assertThat(calendar.isHoliday(toulouse, d("2027-02-08"))).isTrue();
        assertThat(calendar.isSchoolDay(lyon, d("2027-02-08"))).isTrue();
        assertThat(calendar.isSchoolDay(lille, d("2027-02-08"))).isTrue();
        assertThat(calendar.isSchoolDay(toulouse, d("2027-02-22"))).isTrue();
        assertThat(calendar.isHoliday(lyon, d("2027-02-22"))).isTrue();
        assertThat(calendar.isHoliday(lille, d("2027-03-05"))).isTrue();
        assertThat(calendar.isSchoolDay(lille, d("2027-03-08"))).isTrue();
        // Spring 2027: C from 3 April, A from 10 April, B from 17 April.
        assertThat(calendar.isHoliday(toulouse, d("2027-04-05"))).isTrue();
        assertThat(calendar.isSchoolDay(lyon, d("2027-04-06"))).isTrue();
        assertThat(calendar.isHoliday(lyon, d("2027-04-19"))).isTrue();
        assertThat(calendar.isHoliday(lille, d("2027-04-30"))).isTrue();
        assertThat(calendar.isSchoolDay(lille, d("2027-05-03"))).isTrue();
    }

    @Test
    void publicHolidaysAndTheAscensionBridgeHaveNoClasses() {
        UUID lyon = school("069", Optional.empty());
        assertThat(calendar.isHoliday(lyon, d("2026-11-11"))).isTrue(); // a Wednesday
        assertThat(calendar.isHoliday(lyon, d("2027-03-29"))).isTrue(); // Easter Monday, outside holidays in A
        assertThat(calendar.isSchoolDay(lyon, d("2027-03-30"))).isTrue();
        assertThat(calendar.isHoliday(lyon, d("2027-05-06"))).isTrue(); // Ascension
        assertThat(calendar.isHoliday(lyon, d("2027-05-07"))).isTrue(); // the bridge
        assertThat(calendar.isHoliday(lyon, d("2027-05-17"))).isTrue(); // Whit Monday
        assertThat(calendar.nextSchoolDay(lyon, d("2027-05-05"))).isEqualTo(d("2027-05-10"));
        // A weekend is not a holiday, but has no school day.
        assertThat(calendar.isHoliday(lyon, d("2026-12-05"))).isFalse();
        assertThat(calendar.isSchoolDay(lyon, d("2026-12-05"))).isFalse();
        assertThat(calendar.schoolDayOnOrBefore(lyon, d("2026-12-06"))).isEqualTo(d("2026-12-04"));
        assertThat(calendar.nextSchoolDay(lyon, d("2026-12-04"))).isEqualTo(d("2026-12-07"));
    }

    @Test
    void theSchoolYearRunsFromTheRentreeToTheFirstWeekOfJulyThenSummer() {
        UUID paris = school("075", Optional.empty());
        assertThat(calendar.schoolYear(paris, d("2027-03-01")))
                .contains(new SchoolYear("2026-2027", d("2026-09-01"), d("2027-07-02")));
        assertThat(calendar.isHoliday(paris, d("2026-08-31"))).isTrue();
        assertThat(calendar.isSchoolDay(paris, d("2026-09-01"))).isTrue();
        assertThat(calendar.isSchoolDay(paris, d("2027-07-02"))).isTrue();
        // 2027-2028 is not published: summer after the last known year lasts until 31 August at least...
        assertThat(calendar.isHoliday(paris, d("2027-07-05"))).isTrue();
        assertThat(calendar.isHoliday(paris, d("2027-08-31"))).isTrue();
        assertThat(calendar.schoolYear(paris, d("2027-07-05"))).isEmpty();
        // ...and beyond, only weekends and public holidays are known.
        assertThat(calendar.schoolYear(paris, d("2027-09-06"))).isEmpty();
        assertThat(calendar.isSchoolDay(paris, d("2027-09-06"))).isTrue();
        assertThat(calendar.isHoliday(paris, d("2027-11-11"))).isTrue();
    }

    @Test
    void aSchoolWithoutAZoneHasOnlyPublicHolidaysOff() {
        UUID ajaccio = school("620", Optional.empty());
        assertThat(calendar.isSchoolDay(ajaccio, d("2026-12-21"))).isTrue();
        assertThat(calendar.isHoliday(ajaccio, d("2026-12-25"))).isTrue();
        assertThat(calendar.schoolYear(ajaccio, d("2027-03-01"))).isEmpty();
    }

    @Test
    void daysOffInARangeListHolidaysAndPublicHolidays() {
        UUID toulouse = school("031", Optional.empty());
        assertThat(calendar.daysOff(toulouse, d("2026-12-01"), d("2027-01-10")))
                .containsExactly(
                        new DayOff(d("2026-12-19"), d("2027-01-03"), DayOff.Kind.SCHOOL_HOLIDAY, "noel"),
                        new DayOff(d("2026-12-25"), d("2026-12-25"), DayOff.Kind.PUBLIC_HOLIDAY, "noel"),
                        new DayOff(d("2027-01-01"), d("2027-01-01"), DayOff.Kind.PUBLIC_HOLIDAY, "jour-de-l-an"));
        // A holiday that began before the range is listed too.
        assertThat(calendar.daysOff(toulouse, d("2027-02-15"), d("2027-02-16")))
                .containsExactly(new DayOff(d("2027-02-06"), d("2027-02-21"), DayOff.Kind.SCHOOL_HOLIDAY, "hiver"));
    }

    @Test
    void theTimetableOfADateHasNoLessonOnHolidays() {
        var school = TestSchool.create(jdbc);
        jdbc.sql("update school set holiday_zone = 'C' where id = ?")
                .param(school.schoolId)
                .update();
        var audiences = List.of(school.classId, school.groupId);
        assertThat(directory.timetableOn(school.schoolId, audiences, d("2026-12-18")))
                .hasSize(2);
        assertThat(directory.timetableOn(school.schoolId, audiences, d("2026-12-25")))
                .isEmpty();
        assertThat(directory.timetableOn(school.schoolId, audiences, d("2027-01-01")))
                .isEmpty();
        assertThat(directory.timetableOn(school.schoolId, audiences, d("2026-12-22")))
                .isEmpty();
        assertThat(directory.timetableOn(school.schoolId, audiences, d("2027-02-09")))
                .isEmpty(); // winter holidays, zone C
        assertThat(directory.timetableOn(school.schoolId, audiences, d("2027-02-23")))
                .hasSize(2);
    }
}
