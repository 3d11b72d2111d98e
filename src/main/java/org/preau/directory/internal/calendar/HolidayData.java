package org.preau.directory.internal.calendar;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.preau.directory.DayOff;
import org.preau.directory.HolidayZone;
import org.preau.directory.SchoolYear;

/**
 * The national school calendar as shipped in {@value #RESOURCE}: per zone, the school years and the school holidays,
 * summer included (the days between one year's last day of classes and the next year's rentrée, or up to 31 August
 * after the last year the file knows: the rentrée is never earlier). Read once at start-up, immutable, answered from
 * memory. A malformed file stops the start-up with the line at fault rather than silently dropping holidays.
 */
public final class HolidayData {

    public static final String RESOURCE = "directory/school-holidays.csv";
    static final String YEAR = "YEAR";
    static final String SUMMER = "ete";

    private final Map<HolidayZone, List<SchoolYear>> years = new EnumMap<>(HolidayZone.class);
    /** School holidays by first day, per zone; they never overlap within a zone. */
    private final Map<HolidayZone, NavigableMap<LocalDate, DayOff>> holidays = new EnumMap<>(HolidayZone.class);

    private HolidayData() {
        for (var zone : HolidayZone.values()) {
            years.put(zone, new ArrayList<>());
            holidays.put(zone, new TreeMap<>());
        }
    }

    /** The file shipped with Préau. */
    public static HolidayData load() {
        try (InputStream in = HolidayData.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a file in the format of {@value #RESOURCE} (comments with {@code #}, a header line, {@code ;}). */
    public static HolidayData parse(InputStream in) throws IOException {
        var data = new HolidayData();
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        boolean header = true;
        int number = 0;
        for (String line; (line = reader.readLine()) != null; ) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (header) {
                header = false;
                if (!line.trim().equals("year;zones;code;first;last")) {
                    throw bad(number, "unexpected header " + line);
                }
                continue;
            }
            data.add(number, line.split(";", -1));
        }
        data.finish();
        return data;
    }

    private void add(int number, String[] cells) {
        if (cells.length != 5) {
            throw bad(number, "expected 5 columns, found " + cells.length);
        }
        String year = cells[0].trim();
        String code = cells[2].trim();
        LocalDate first;
        LocalDate last;
        try {
            first = LocalDate.parse(cells[3].trim());
            last = LocalDate.parse(cells[4].trim());
        } catch (DateTimeException e) {
            throw bad(number, e.getMessage());
        }
        if (last.isBefore(first)) {
            throw bad(number, "last day before first day");
        }
        if (!year.matches("\\d{4}-\\d{4}")) {
            throw bad(number, "year is not like 2026-2027: " + year);
        }
        for (String z : cells[1].trim().split("\\s+")) {
            var zone = HolidayZones.parse(z).orElseThrow(() -> bad(number, "unknown zone " + z));
            if (code.equals(YEAR)) {
                years.get(zone).add(new SchoolYear(year, first, last));
            } else {
                put(zone, new DayOff(first, last, DayOff.Kind.SCHOOL_HOLIDAY, code), number);
            }
        }
    }

    private void put(HolidayZone zone, DayOff day, int number) {
        var map = holidays.get(zone);
        var before = map.floorEntry(day.last());
        if (before != null && !before.getValue().last().isBefore(day.first())) {
            throw bad(number, "overlaps " + before.getValue() + " in zone " + zone);
        }
        map.put(day.first(), day);
    }

    /** Adds the summers around the years (they are not rows of the file). */
    private void finish() {
        for (var zone : HolidayZone.values()) {
            var list = years.get(zone);
            list.sort(Comparator.comparing(SchoolYear::firstDay));
            for (int i = 0; i < list.size(); i++) {
                var y = list.get(i);
                LocalDate start = y.lastDay().plusDays(1);
                LocalDate end = i + 1 < list.size()
                        ? list.get(i + 1).firstDay().minusDays(1)
                        : LocalDate.of(y.lastDay().getYear(), Month.AUGUST, 31);
                if (!end.isBefore(start)) {
                    put(zone, new DayOff(start, end, DayOff.Kind.SCHOOL_HOLIDAY, SUMMER), 0);
                }
            }
            years.put(zone, List.copyOf(list));
        }
    }

    /** The school holiday of the zone on {@code date}, if any. */
    public Optional<DayOff> holidayOn(HolidayZone zone, LocalDate date) {
        var entry = holidays.get(zone).floorEntry(date);
        return entry != null && entry.getValue().contains(date) ? Optional.of(entry.getValue()) : Optional.empty();
    }

    /** The zone's school holidays overlapping [from, to], by first day. */
    public List<DayOff> holidays(HolidayZone zone, LocalDate from, LocalDate to) {
        var map = holidays.get(zone);
        LocalDate start = Optional.ofNullable(map.floorKey(from)).orElse(from);
        return map.subMap(start, true, to, true).values().stream()
                .filter(d -> !d.last().isBefore(from))
                .toList();
    }

    public Optional<SchoolYear> schoolYear(HolidayZone zone, LocalDate date) {
        return years.get(zone).stream().filter(y -> y.contains(date)).findFirst();
    }

    public List<SchoolYear> years(HolidayZone zone) {
        return years.get(zone);
    }

    private static IllegalStateException bad(int line, String message) {
        return new IllegalStateException(RESOURCE + " line " + line + ": " + message);
    }
}
