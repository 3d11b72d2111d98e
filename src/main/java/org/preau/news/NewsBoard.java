package org.preau.news;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.preau.directory.PupilPlacement;
import org.preau.identity.CurrentUser;

/**
 * The news a page shows, for the home page ("Aujourd'hui") of every profile. Answers come from a per-school cache of
 * the school's current and scheduled news, dropped on every node when news is written there: once warm, no query.
 * A page kept from these answers (homework's kept "Aujourd'hui") must hold {@link #version} in its key and end at
 * {@link #nextChange}, when an item is published or expires by itself.
 */
public interface NewsBoard {

    /** How many items the home page shows at most (pinned first, then the newest). */
    int HOME_LIMIT = 5;

    /** What a pupil sees, and a parent looking at this child: the school's news and their classes' and groups'. */
    List<NewsItem> forPupil(PupilPlacement pupil, Instant now, int limit);

    /**
     * What this person sees in every school they belong to: staff all of their school's news, teachers the school's
     * and their classes' and groups', pupils and parents as {@link #forPupil}. Pinned first, then the newest.
     */
    List<NewsItem> visibleTo(CurrentUser user, Instant now, int limit);

    /** Changes whenever this node drops what it cached of this school's news. */
    long version(UUID schoolId);

    /** The first moment after {@code now} when what {@link #forPupil} answers changes by itself, if any is known. */
    java.util.Optional<Instant> nextChange(PupilPlacement pupil, Instant now);
}
