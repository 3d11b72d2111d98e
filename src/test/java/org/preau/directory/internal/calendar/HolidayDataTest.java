package org.preau.directory.internal.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.preau.directory.DayOff;
import org.preau.directory.HolidayZone;

/** The shipped holiday file, read as the application reads it, and the computed public holidays. */
class HolidayDataTest {

    private final HolidayData data = HolidayData.load();

    @Test
    void theShippedFileHasTheSchoolYearsOfEveryZoneWithTheirHolidaysOnTheUsualDays() {
        for (var zone : HolidayZone.values()) {
            assertThat(data.years(zone)).extracting(y -> y.name()).containsExactly("2025-2026", "2026-2027");
            for (var year : data.years(zone)) {
                assertThat(year.firstDay().getMonthValue()).isEqualTo(9);
                assertThat(year.lastDay().getDayOfWeek()).isEqualTo(DayOfWeek.FRIDAY);
                assertThat(year.lastDay().getMonthValue()).isEqualTo(7);
                var holidays = data.holidays(zone, year.firstDay(), year.lastDay());
                assertThat(holidays)
                        .extracting(DayOff::code)
                        .containsExactly("toussaint", "noel", "hiver", "printemps", "ascension");
                for (var h : holidays) {
                    // Holidays begin on Saturday after class (the bridge: on Friday) and end on a Sunday.
                    assertThat(h.first().getDayOfWeek())
                            .as(h.toString())
                            .isEqualTo(h.code().equals("ascension") ? DayOfWeek.FRIDAY : DayOfWeek.SATURDAY);
                    assertThat(h.last().getDayOfWeek()).as(h.toString()).isEqualTo(DayOfWeek.SUNDAY);
                    assertThat(h.kind()).isEqualTo(DayOff.Kind.SCHOOL_HOLIDAY);
                }
            }
        }
        // The summer between the two years: from Saturday 4 July to Monday 31 August 2026.
        assertThat(data.holidayOn(HolidayZone.B, LocalDate.of(2026, 8, 1)))
                .contains(new DayOff(
                        LocalDate.of(2026, 7, 4), LocalDate.of(2026, 8, 31), DayOff.Kind.SCHOOL_HOLIDAY, "ete"));
    }

    @Test
    void winterAndSpringHolidaysFollowTheZonesRotation() {
        LocalDate monday = LocalDate.of(2027, 2, 8);
        assertThat(data.holidayOn(HolidayZone.C, monday)).isPresent();
        assertThat(data.holidayOn(HolidayZone.A, monday)).isEmpty();
        assertThat(data.holidayOn(HolidayZone.A, monday.plusWeeks(1))).isPresent();
        assertThat(data.holidayOn(HolidayZone.B, monday.plusWeeks(2))).isPresent();
        assertThat(data.holidayOn(HolidayZone.C, monday.plusWeeks(2))).isEmpty();
    }

    @Test
    void aMalformedFileStopsWithTheLineAtFault() {
        String text = "# comment\nyear;zones;code;first;last\n2026-2027;A;noel;2026-12-19;2027-01-03\n"
                + "2026-2027;A;hiver;2027-02-31;2027-03-07\n";
        assertThatThrownBy(() -> HolidayData.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("line 4");
        String overlap = "year;zones;code;first;last\n2026-2027;A;noel;2026-12-19;2027-01-03\n"
                + "2026-2027;A;hiver;2027-01-01;2027-01-10\n";
        assertThatThrownBy(() -> HolidayData.parse(new ByteArrayInputStream(overlap.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("line 3")
                .hasMessageContaining("overlaps");
        String zone = "year;zones;code;first;last\n2026-2027;D;noel;2026-12-19;2027-01-03\n";
        assertThatThrownBy(() -> HolidayData.parse(new ByteArrayInputStream(zone.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("unknown zone D");
    }

    @Test
    void easterIsComputedForAnyYear() {
        assertThat(PublicHolidays.easterSunday(2024)).isEqualTo(LocalDate.of(2024, 3, 31));
        assertThat(PublicHolidays.easterSunday(2025)).isEqualTo(LocalDate.of(2025, 4, 20));
        assertThat(PublicHolidays.easterSunday(2026)).isEqualTo(LocalDate.of(2026, 4, 5));
        assertThat(PublicHolidays.easterSunday(2027)).isEqualTo(LocalDate.of(2027, 3, 28));
        assertThat(PublicHolidays.easterSunday(2028)).isEqualTo(LocalDate.of(2028, 4, 16));
        assertThat(PublicHolidays.easterSunday(2038)).isEqualTo(LocalDate.of(2038, 4, 25)); // the latest
        assertThat(PublicHolidays.easterSunday(2285)).isEqualTo(LocalDate.of(2285, 3, 22)); // the earliest
        assertThat(PublicHolidays.easterSunday(1954)).isEqualTo(LocalDate.of(1954, 4, 18));
    }

    @Test
    void theElevenPublicHolidaysOf2027() {
        assertThat(PublicHolidays.of(2027))
                .extracting(DayOff::first)
                .containsExactly(
                        LocalDate.of(2027, 1, 1),
                        LocalDate.of(2027, 3, 29),
                        LocalDate.of(2027, 5, 1),
                        LocalDate.of(2027, 5, 6),
                        LocalDate.of(2027, 5, 8),
                        LocalDate.of(2027, 5, 17),
                        LocalDate.of(2027, 7, 14),
                        LocalDate.of(2027, 8, 15),
                        LocalDate.of(2027, 11, 1),
                        LocalDate.of(2027, 11, 11),
                        LocalDate.of(2027, 12, 25));
    }

    @Test
    void zonesComeFromAcademiesAsTheFeedWritesThem() {
        assertThat(HolidayZones.fromAcademie("TOULOUSE")).contains(HolidayZone.C);
        assertThat(HolidayZones.fromAcademie("Clermont-Ferrand")).contains(HolidayZone.A);
        assertThat(HolidayZones.fromAcademie("ORLEANS-TOURS")).contains(HolidayZone.B);
        assertThat(HolidayZones.fromAcademie("ac-nancy-metz")).contains(HolidayZone.B);
        assertThat(HolidayZones.fromAcademie("Académie de Créteil")).contains(HolidayZone.C);
        assertThat(HolidayZones.fromAcademie("CAEN")).contains(HolidayZone.B);
        assertThat(HolidayZones.fromAcademie("CORSE")).isEmpty();
        assertThat(HolidayZones.fromAcademie(null)).isEmpty();
        assertThat(HolidayZones.parse("zone a")).contains(HolidayZone.A);
        assertThat(HolidayZones.parse("D")).isEmpty();
        // Every metropolitan département but 20 (Corse has 2A and 2B, UAIs 620 and 720) has a zone.
        for (int d = 1; d <= 95; d++) {
            int departement = d;
            assertThat(HolidayZones.fromUai(String.format("0%02d1234A", d)))
                    .as("département %d", d)
                    .matches(z -> departement == 20 ? z.isEmpty() : z.isPresent());
        }
    }
}
