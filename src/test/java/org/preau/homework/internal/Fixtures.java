package org.preau.homework.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.homework.internal.entries.Entry;
import org.preau.homework.internal.entries.EntryDraft;
import org.preau.homework.internal.entries.EntryService;
import org.preau.identity.CurrentUser;

/** Short ways to write entries in tests, through the real service (so the real rules apply). */
public final class Fixtures {

    private Fixtures() {}

    public static EntryDraft.WorkDraft work(String instructions, LocalDate due) {
        return new EntryDraft.WorkDraft(
                Optional.empty(),
                instructions,
                Optional.of(due),
                false,
                Optional.empty(),
                Optional.of(30),
                false,
                Optional.empty(),
                List.of());
    }

    public static EntryDraft.WorkDraft handIn(String instructions, LocalDate due, Optional<Instant> cutoff) {
        return new EntryDraft.WorkDraft(
                Optional.empty(),
                instructions,
                Optional.of(due),
                false,
                Optional.empty(),
                Optional.empty(),
                true,
                cutoff,
                List.of());
    }

    public static EntryDraft.WorkDraft handInAt(String instructions, LocalDate due, LocalTime at) {
        return new EntryDraft.WorkDraft(
                Optional.empty(),
                instructions,
                Optional.of(due),
                false,
                Optional.of(at),
                Optional.empty(),
                true,
                Optional.empty(),
                List.of());
    }

    public static EntryDraft draft(
            UUID audience, UUID subject, LocalDate lesson, String seance, EntryDraft.WorkDraft... works) {
        return new EntryDraft(audience, subject, lesson, seance, Optional.empty(), List.of(works));
    }

    public static Entry post(EntryService service, CurrentUser teacher, EntryDraft draft) {
        return service.create(teacher, draft);
    }
}
