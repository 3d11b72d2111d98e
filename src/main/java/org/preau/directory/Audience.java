package org.preau.directory;

import java.util.UUID;

/**
 * Who a lesson or a piece of work is for: a class or a group of one school. Homework entries, timetable slots and
 * caches are keyed by it.
 */
public record Audience(UUID schoolId, Kind kind, UUID id, String name) {

    public enum Kind {
        CLASS,
        GROUP
    }
}
