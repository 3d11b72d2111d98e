package org.preau.news;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One piece of news as readers see it. {@code bodyHtml} is already rendered from the author's Markdown and sanitised
 * when it was written ({@link org.preau.platform.text.RichText}): pages print it as is.
 *
 * @param audienceId the class or group it is for; empty when it is for the whole school
 * @param audienceName the class's or group's name, or the school's name
 */
public record NewsItem(
        UUID schoolId,
        UUID id,
        Optional<UUID> audienceId,
        String audienceName,
        String title,
        String bodyHtml,
        String authorName,
        Instant publishAt,
        Optional<Instant> expiresAt,
        boolean pinned) {

    /** Whether readers see it at {@code now}: published, not expired. */
    public boolean liveAt(Instant now) {
        return !publishAt.isAfter(now) && expiresAt.map(now::isBefore).orElse(true);
    }
}
