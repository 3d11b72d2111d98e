package org.preau.news;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Published inside the writing transaction when news is published, pinned or withdrawn, so that caches of the home
 * page drop the school on every node after commit and the notifications module tells the readers of new news.
 * {@code created} is true only for a new item (pinning and withdrawing are no news to tell). Consumers must be
 * idempotent: it can be delivered more than once.
 *
 * @param audienceId the class or group; empty for the whole school
 * @param publishAt when readers may see it (a scheduled item is not news before then)
 */
public record NewsPublished(
        UUID schoolId, UUID newsId, Optional<UUID> audienceId, String title, Instant publishAt, boolean created) {}
