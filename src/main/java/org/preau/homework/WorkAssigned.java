package org.preau.homework;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Published inside the writing transaction when a teacher gives a new piece of work (travail à faire) to a class or
 * group: the notifications module tells the audience's pupils and their parents. {@code publishAt} is when pupils may
 * see it (a scheduled entry is not news before then). Edits of an existing work publish {@link HomeworkChanged} only.
 * Consumers must be idempotent: it can be delivered more than once.
 */
public record WorkAssigned(
        UUID schoolId,
        UUID audienceId,
        UUID subjectId,
        UUID entryId,
        UUID workId,
        LocalDate dueDate,
        Instant publishAt) {}
