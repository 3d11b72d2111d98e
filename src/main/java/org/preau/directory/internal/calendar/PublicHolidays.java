package org.preau.directory.internal.calendar;

import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.preau.directory.DayOff;

/**
 * The eleven public holidays (jours fériés) of metropolitan France (code du travail, art. L3133-1), computed: the
 * fixed ones, and the three that follow Easter (Easter Monday, Ascension on the 39th day after Easter, Whit Monday
 * on the 50th). Alsace-Moselle's two extra days (Good Friday, 26 December) are not included.
 */
public final class PublicHolidays {

    private PublicHolidays() {}

    /** The public holidays of a calendar year, by date. */
    public static List<DayOff> of(int year) {
        LocalDate easter = easterSunday(year);
        var days = new ArrayList<DayOff>();
        day(days, LocalDate.of(year, Month.JANUARY, 1), "jour-de-l-an");
        day(days, easter.plusDays(1), "lundi-de-paques");
        day(days, LocalDate.of(year, Month.MAY, 1), "fete-du-travail");
        day(days, LocalDate.of(year, Month.MAY, 8), "victoire-1945");
        day(days, easter.plusDays(39), "ascension");
        day(days, easter.plusDays(50), "lundi-de-pentecote");
        day(days, LocalDate.of(year, Month.JULY, 14), "fete-nationale");
        day(days, LocalDate.of(year, Month.AUGUST, 15), "assomption");
        day(days, LocalDate.of(year, Month.NOVEMBER, 1), "toussaint");
        day(days, LocalDate.of(year, Month.NOVEMBER, 11), "armistice");
        day(days, LocalDate.of(year, Month.DECEMBER, 25), "noel");
        days.sort(Comparator.comparing(DayOff::first));
        return List.copyOf(days);
    }

    private static void day(List<DayOff> days, LocalDate date, String code) {
        days.add(new DayOff(date, date, DayOff.Kind.PUBLIC_HOLIDAY, code));
    }

    /**
     * Easter Sunday of the Gregorian calendar, by the anonymous algorithm (Meeus/Jones/Butcher), valid for every
     * Gregorian year.
     */
    public static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }
}
