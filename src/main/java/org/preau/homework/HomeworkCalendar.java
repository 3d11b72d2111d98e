package org.preau.homework;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Work due dates for someone's calendar (the iCalendar feed of the calendar module): the same visibility as their
 * pages — a pupil's own classes and groups, a parent's children's, a teacher's classes — published work only.
 */
public interface HomeworkCalendar {

    /** Work due in [from, to] that {@code accountId} may see, by due time. */
    List<DueWork> dueFor(UUID accountId, LocalDate from, LocalDate to);

    /**
     * One due piece of work.
     *
     * @param due the moment it is due (lesson start, or the end of the due day)
     * @param allDay whether it is due by the end of a day rather than at a time
     */
    record DueWork(
            UUID workId,
            String subject,
            String audience,
            String instructions,
            LocalDate dueDate,
            Instant due,
            boolean allDay) {}
}
