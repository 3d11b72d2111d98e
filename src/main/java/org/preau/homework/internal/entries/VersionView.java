package org.preau.homework.internal.entries;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * One version of an entry as the history page shows it (HTML already sanitised when written).
 *
 * @param editedBy the name of who saved it, empty if they are no longer of the school
 */
public record VersionView(
        int version,
        Instant editedAt,
        Optional<String> editedBy,
        LocalDate lessonDate,
        String seance,
        List<WorkVersion> works) {

    /** A piece of work as it stood in that version. */
    public record WorkVersion(LocalDate dueDate, String instructionsHtml) {}
}
