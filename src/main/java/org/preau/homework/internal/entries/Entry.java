package org.preau.homework.internal.entries;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** One lesson of the cahier de textes: what was done (séance) and the work given. */
public record Entry(
        UUID schoolId,
        UUID id,
        UUID audienceId,
        UUID subjectId,
        LocalDate lessonDate,
        String seanceHtml,
        UUID authorId,
        Instant publishAt,
        int version,
        Instant updatedAt,
        UUID updatedBy,
        List<Work> works) {

    public boolean publishedAt(Instant now) {
        return !publishAt.isAfter(now);
    }
}
