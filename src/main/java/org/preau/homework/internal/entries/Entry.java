package org.preau.homework.internal.entries;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.preau.platform.text.RichText;

/**
 * One lesson of the cahier de textes: what was done (séance) and the work given.
 *
 * @param seanceHtml the séance rendered and sanitised ({@link RichText}): what pages show
 * @param seanceSource what the teacher wrote (Markdown): what the editor shows
 */
public record Entry(
        UUID schoolId,
        UUID id,
        UUID audienceId,
        UUID subjectId,
        LocalDate lessonDate,
        String seanceHtml,
        String seanceSource,
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
