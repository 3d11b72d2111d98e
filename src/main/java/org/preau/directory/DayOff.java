package org.preau.directory;

import java.time.LocalDate;

/**
 * Days without classes in a school, other than ordinary weekends: school holidays (from the national calendar of the
 * school's zone, summer included) and public holidays (jours fériés). Both bounds are included.
 *
 * @param code a stable key for labels: {@code toussaint}, {@code noel}, {@code hiver}, {@code printemps},
 *     {@code ascension}, {@code ete} for school holidays; {@code jour-de-l-an}, {@code lundi-de-paques},
 *     {@code fete-du-travail}, {@code victoire-1945}, {@code ascension}, {@code lundi-de-pentecote},
 *     {@code fete-nationale}, {@code assomption}, {@code toussaint}, {@code armistice}, {@code noel} for public
 *     holidays
 */
public record DayOff(LocalDate first, LocalDate last, Kind kind, String code) {

    public enum Kind {
        SCHOOL_HOLIDAY,
        PUBLIC_HOLIDAY
    }

    public boolean contains(LocalDate date) {
        return !date.isBefore(first) && !date.isAfter(last);
    }
}
