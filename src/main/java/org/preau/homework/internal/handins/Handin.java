package org.preau.homework.internal.handins;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.homework.internal.files.FileRef;

/** A pupil's hand-in (dépôt) for one piece of work, with its files and the teacher's return. */
public record Handin(
        UUID schoolId,
        UUID id,
        UUID workId,
        UUID pupilId,
        Status status,
        String bodyText,
        Optional<Instant> submittedAt,
        boolean late,
        Optional<String> feedback,
        Optional<Instant> returnedAt,
        Optional<Instant> extendedUntil,
        Instant updatedAt,
        List<FileRef> files,
        List<FileRef> returnedFiles) {

    /** NONE: only an extension so far. REOPENED: the teacher let the pupil submit again. */
    public enum Status {
        NONE,
        DRAFT,
        SUBMITTED,
        RETURNED,
        REOPENED;

        /** Whether the pupil may still change it. */
        public boolean editable() {
            return this == NONE || this == DRAFT || this == REOPENED;
        }
    }
}
