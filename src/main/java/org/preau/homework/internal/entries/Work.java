package org.preau.homework.internal.entries;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.homework.internal.files.FileRef;
import org.preau.platform.SchoolTime;
import org.preau.platform.text.RichText;

/**
 * A piece of work to do (travail à faire), with its entry's audience and subject.
 *
 * @param instructionsHtml rendered and sanitised ({@link RichText}): what pages show
 * @param instructionsSource what the teacher wrote (Markdown): what the editor shows
 */
public record Work(
        UUID schoolId,
        UUID id,
        UUID entryId,
        UUID audienceId,
        UUID subjectId,
        Instant publishAt,
        int position,
        String instructionsHtml,
        String instructionsSource,
        LocalDate dueDate,
        Optional<LocalTime> dueTime,
        Optional<Integer> estimatedMinutes,
        boolean handinExpected,
        Optional<Instant> hardCutoff,
        List<FileRef> files) {

    /** The moment the work is due: the lesson's start when due at a lesson, else the end of the due day. */
    public Instant deadline() {
        ZonedDateTime at = dueTime.map(t -> dueDate.atTime(t).atZone(SchoolTime.ZONE))
                .orElseGet(() -> dueDate.plusDays(1).atStartOfDay(SchoolTime.ZONE));
        return at.toInstant();
    }

    public boolean publishedAt(Instant now) {
        return !publishAt.isAfter(now);
    }
}
