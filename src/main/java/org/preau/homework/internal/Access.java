package org.preau.homework.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.directory.Audience;
import org.preau.directory.Directory;
import org.preau.directory.PupilPlacement;
import org.preau.directory.Rights;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
import org.preau.platform.web.Problem;
import org.springframework.stereotype.Component;

/**
 * Who may read and write what in the cahier de textes: a thin adapter over the directory's {@link Rights} (who is
 * staff, who teaches what), adding only what is homework's own: which pupil's day a pupil or parent is looking at,
 * and who sees entries before their publication time. Every service method asks it first, so pages and API share
 * the same rules: teachers write where they teach; pupils read their own classes and groups; parents read their
 * children's; staff read their school's, and the operator every school's, read-only.
 */
@Component
public class Access {

    private final Directory directory;
    private final Rights rights;

    Access(Directory directory, Rights rights) {
        this.directory = directory;
        this.rights = rights;
    }

    /** The pupil whose homework {@code user} is looking at: themself, or one of a parent's children. */
    public PupilPlacement pupilView(CurrentUser user, Optional<UUID> childId) {
        if (user.is(Profile.PUPIL)) {
            if (childId.isPresent() && !childId.get().equals(user.accountId())) {
                throw Problem.forbidden();
            }
            return directory.placementOf(user.accountId()).orElseThrow(Problem::forbidden);
        }
        if (user.is(Profile.PARENT)) {
            List<PupilPlacement> children = directory.childrenOf(user.accountId());
            if (children.isEmpty()) {
                throw Problem.forbidden();
            }
            if (childId.isEmpty()) {
                return children.getFirst();
            }
            return children.stream()
                    .filter(c -> c.pupilId().equals(childId.get()))
                    .findFirst()
                    .orElseThrow(Problem::forbidden);
        }
        throw Problem.forbidden();
    }

    public void requireTeaches(CurrentUser user, UUID audienceId, UUID subjectId) {
        if (!rights.teaches(user, audienceId, subjectId)) {
            throw Problem.forbidden();
        }
    }

    /**
     * Whether {@code user} reads every entry of the school, with its history: its staff, and the operator (read-only,
     * for support; see {@link Rights}).
     */
    public boolean readsWholeSchool(CurrentUser user, UUID schoolId) {
        return rights.administers(user, schoolId);
    }

    public void requireReadsWholeSchool(CurrentUser user, UUID schoolId) {
        if (!readsWholeSchool(user, schoolId)) {
            throw Problem.forbidden();
        }
    }

    /** Teachers of an audience (any subject) read its entries; they write only their own subjects. */
    public boolean teachesAudience(CurrentUser user, UUID audienceId) {
        return rights.teaches(user, audienceId);
    }

    /** Whether {@code user} may read published entries of this audience, in some role. */
    public boolean mayRead(CurrentUser user, UUID schoolId, UUID audienceId) {
        if (user.is(Profile.PUPIL)) {
            return directory
                    .placementOf(user.accountId())
                    .map(p -> hasAudience(p, audienceId))
                    .orElse(false);
        }
        if (user.is(Profile.PARENT)) {
            return directory.childrenOf(user.accountId()).stream().anyMatch(p -> hasAudience(p, audienceId));
        }
        return rights.teaches(user, audienceId) || rights.administers(user, schoolId);
    }

    /** Whether this reader sees entries before their publication time (their authors' colleagues and staff do). */
    public boolean seesUnpublished(CurrentUser user) {
        return user.is(Profile.TEACHER, Profile.STAFF, Profile.ADMIN);
    }

    public static boolean hasAudience(PupilPlacement placement, UUID audienceId) {
        return placement.audiences().stream().map(Audience::id).anyMatch(audienceId::equals);
    }
}
