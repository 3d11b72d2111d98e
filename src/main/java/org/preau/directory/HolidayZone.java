package org.preau.directory;

/**
 * The school-holiday zone of a metropolitan académie (zones A, B, C of the national school calendar): winter and
 * spring holidays differ by zone, the others are the same everywhere. Corse and the overseas académies set their own
 * dates and have no zone here.
 */
public enum HolidayZone {
    A,
    B,
    C
}
