package org.preau.homework.internal.entries;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.platform.SchoolTime;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.format.annotation.DateTimeFormat.ISO;

/**
 * The entry form as posted, bound by Spring's data binding under the form's own field names; its pieces of work are
 * bound one by one ({@link WorkForm}). The browser's date inputs send ISO values: one that does not convert is a
 * binding error, which {@link EntryController} tells in the form's words. What is allowed (a date in the school
 * year, instructions required…) is the service's decision, not the form's.
 *
 * @param cible the class or group and the subject, as the form's options send them ("audienceId|subjectId"); not
 *     sent by the edit form, where they cannot change
 * @param publication empty to publish now
 * @param version the version being edited (edit form only)
 */
record EntryForm(
        String cible,
        @DateTimeFormat(iso = ISO.DATE) LocalDate date,
        String seance,
        @DateTimeFormat(iso = ISO.DATE_TIME) LocalDateTime publication,
        Integer version) {

    EntryForm {
        seance = seance == null ? "" : seance;
    }

    /** A class or group and a subject, as one of the form's choices. */
    record Chosen(UUID audienceId, UUID subjectId) {

        /** The choice an option value "audienceId|subjectId" stands for, if it is one. */
        static Optional<Chosen> of(String value) {
            if (value == null || !value.contains("|")) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Chosen(
                        UUID.fromString(value.substring(0, value.indexOf('|'))),
                        UUID.fromString(value.substring(value.indexOf('|') + 1))));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    /** What the service checks: this form's fields for {@code chosen}, with its works. */
    EntryDraft draft(Chosen chosen, List<EntryDraft.WorkDraft> works) {
        return new EntryDraft(
                chosen.audienceId(),
                chosen.subjectId(),
                date,
                seance,
                Optional.ofNullable(publication).map(EntryForm::atSchool),
                works);
    }

    /** A date and time typed on the form is the school's local time. */
    static Instant atSchool(LocalDateTime local) {
        return local.atZone(SchoolTime.ZONE).toInstant();
    }
}
