package org.preau.homework.internal.entries;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.homework.internal.files.Upload;

/**
 * What a teacher submits for an entry: the same shape for the form and the API.
 *
 * @param publishAt empty to publish now
 */
public record EntryDraft(
        UUID audienceId,
        UUID subjectId,
        LocalDate lessonDate,
        String seance,
        Optional<Instant> publishAt,
        List<WorkDraft> works) {

    /**
     * One piece of work. {@code id} present to edit an existing one; blank instructions on an existing one remove it.
     *
     * @param dueAtNextLesson due at the start of the next lesson of this subject after {@code dueDate}'s day (or
     *     after the lesson date when {@code dueDate} is empty)
     */
    public record WorkDraft(
            Optional<UUID> id,
            String instructions,
            Optional<LocalDate> dueDate,
            boolean dueAtNextLesson,
            Optional<LocalTime> dueTime,
            Optional<Integer> estimatedMinutes,
            boolean handinExpected,
            Optional<Instant> hardCutoff,
            List<Upload> files) {}
}
