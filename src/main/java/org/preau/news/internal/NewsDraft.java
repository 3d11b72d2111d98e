package org.preau.news.internal;

import java.time.LocalDateTime;
import java.util.Optional;

/**
 * What an author sends, from the form ({@link NewsForm}) or the API. Dates are wall-clock times in the school's zone (Europe/Paris), as
 * a {@code datetime-local} field gives them; no publication date means now.
 *
 * @param target where it goes: {@code ecole:<schoolId>} or {@code audience:<classOrGroupId>}
 */
public record NewsDraft(
        String target,
        String title,
        String body,
        Optional<LocalDateTime> publishAt,
        Optional<LocalDateTime> expiresAt,
        boolean pinned) {

    public NewsDraft {
        publishAt = publishAt == null ? Optional.empty() : publishAt;
        expiresAt = expiresAt == null ? Optional.empty() : expiresAt;
    }
}
