package org.preau.directory;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Optional;
import java.util.UUID;

/** A weekly lesson of the timetable (emploi du temps). */
public record TimetableSlot(
        UUID schoolId,
        UUID id,
        Audience audience,
        Subject subject,
        Optional<UUID> teacherId,
        DayOfWeek weekday,
        LocalTime startsAt,
        LocalTime endsAt,
        Optional<String> room) {}
