package org.preau.directory;

import java.time.LocalDate;

/**
 * A school year as the national calendar fixes it for one zone.
 *
 * @param name "2026-2027"
 * @param firstDay the rentrée des élèves
 * @param lastDay the last weekday of classes (summer holidays begin the next day, a Saturday)
 */
public record SchoolYear(String name, LocalDate firstDay, LocalDate lastDay) {

    public boolean contains(LocalDate date) {
        return !date.isBefore(firstDay) && !date.isAfter(lastDay);
    }
}
