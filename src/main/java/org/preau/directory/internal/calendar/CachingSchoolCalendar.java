package org.preau.directory.internal.calendar;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.preau.directory.DayOff;
import org.preau.directory.HolidayZone;
import org.preau.directory.SchoolCalendar;
import org.preau.directory.SchoolYear;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * {@link SchoolCalendar} from memory: the national calendar is read once from the shipped file ({@link HolidayData}),
 * public holidays are computed once per year, and each school's zone is read once (one query) and cached until the
 * directory changes ({@code DirectoryChangeRelay} calls {@link #invalidateAll}) or {@link #TTL} passes. Warm, no call
 * touches the database.
 */
@Service
public class CachingSchoolCalendar implements SchoolCalendar {

    static final Duration TTL = Duration.ofMinutes(10);
    /** Longer than any holiday (summer is about nine weeks): a search for a school day always ends. */
    private static final int MAX_SEARCH_DAYS = 120;

    private final JdbcClient jdbc;
    private final HolidayData data;
    private final Cache<UUID, Optional<HolidayZone>> zones =
            Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(TTL).build();
    private final Map<Integer, List<DayOff>> publicHolidays = new ConcurrentHashMap<>();

    public CachingSchoolCalendar(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.data = HolidayData.load();
    }

    /** Forgets the cached zones (a school's zone may have been imported). */
    public void invalidateAll() {
        zones.invalidateAll();
    }

    @Override
    public Optional<HolidayZone> zone(UUID schoolId) {
        return zones.get(schoolId, this::readZone);
    }

    private Optional<HolidayZone> readZone(UUID schoolId) {
        return jdbc.sql("select uai, holiday_zone from school where id = ?")
                .param(schoolId)
                .query((rs, n) -> {
                    String uai = rs.getString("uai");
                    return Optional.ofNullable(rs.getString("holiday_zone"))
                            .flatMap(HolidayZones::parse)
                            .or(() -> HolidayZones.fromUai(uai));
                })
                .optional()
                .flatMap(z -> z);
    }

    @Override
    public boolean isHoliday(UUID schoolId, LocalDate date) {
        return publicHoliday(date).isPresent()
                || zone(schoolId).flatMap(z -> data.holidayOn(z, date)).isPresent();
    }

    @Override
    public boolean isSchoolDay(UUID schoolId, LocalDate date) {
        DayOfWeek d = date.getDayOfWeek();
        return d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY && !isHoliday(schoolId, date);
    }

    @Override
    public LocalDate nextSchoolDay(UUID schoolId, LocalDate date) {
        for (int i = 1; i <= MAX_SEARCH_DAYS; i++) {
            if (isSchoolDay(schoolId, date.plusDays(i))) {
                return date.plusDays(i);
            }
        }
        throw new IllegalStateException("no school day within " + MAX_SEARCH_DAYS + " days after " + date);
    }

    @Override
    public LocalDate schoolDayOnOrBefore(UUID schoolId, LocalDate date) {
        for (int i = 0; i <= MAX_SEARCH_DAYS; i++) {
            if (isSchoolDay(schoolId, date.minusDays(i))) {
                return date.minusDays(i);
            }
        }
        throw new IllegalStateException("no school day within " + MAX_SEARCH_DAYS + " days before " + date);
    }

    @Override
    public List<DayOff> daysOff(UUID schoolId, LocalDate from, LocalDate to) {
        var out = new ArrayList<DayOff>();
        zone(schoolId).ifPresent(z -> out.addAll(data.holidays(z, from, to)));
        for (int year = from.getYear(); year <= to.getYear(); year++) {
            publicHolidays(year).stream()
                    .filter(d -> !d.first().isBefore(from) && !d.first().isAfter(to))
                    .forEach(out::add);
        }
        out.sort(Comparator.comparing(DayOff::first).thenComparing(DayOff::kind));
        return List.copyOf(out);
    }

    @Override
    public Optional<SchoolYear> schoolYear(UUID schoolId, LocalDate date) {
        return zone(schoolId).flatMap(z -> data.schoolYear(z, date));
    }

    private Optional<DayOff> publicHoliday(LocalDate date) {
        return publicHolidays(date.getYear()).stream()
                .filter(d -> d.first().equals(date))
                .findFirst();
    }

    private List<DayOff> publicHolidays(int year) {
        return publicHolidays.computeIfAbsent(year, PublicHolidays::of);
    }
}
