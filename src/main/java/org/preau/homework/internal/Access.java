package org.preau.homework.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.directory.Audience;
import org.preau.directory.Directory;
import org.preau.directory.PupilPlacement;
import org.preau.directory.Role;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
import org.preau.platform.web.Problem;
import org.springframework.stereotype.Component;

/**
 * Who may read and write what in the cahier de textes, from the directory's facts. Every service method asks it
 * first, so pages and API share the same rules: teachers write where they teach; pupils read their own classes and
 * groups; parents read their children's; staff read their school's.
 */
@Component
public class Access {

    private final Directory directory;

    Access(Directory directory) {
        this.directory = directory;
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
        if (!user.is(Profile.TEACHER) || !directory.teaches(user.accountId(), audienceId, subjectId)) {
            throw Problem.forbidden();
        }
    }

    public boolean isStaffOf(CurrentUser user, UUID schoolId) {
        return user.is(Profile.STAFF, Profile.ADMIN)
                && directory.membershipsOf(user.accountId()).stream()
                        .anyMatch(m ->
                                m.school().id().equals(schoolId) && (m.role() == Role.STAFF || m.role() == Role.ADMIN));
    }

    public void requireStaffOf(CurrentUser user, UUID schoolId) {
        if (!isStaffOf(user, schoolId)) {
            throw Problem.forbidden();
        }
    }

    /** Teachers of an audience (any subject) read its entries; they write only their own subjects. */
    public boolean teachesAudience(CurrentUser user, UUID audienceId) {
        return user.is(Profile.TEACHER)
                && directory.assignmentsOf(user.accountId()).stream()
                        .anyMatch(a -> a.audience().id().equals(audienceId));
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
        return teachesAudience(user, audienceId) || isStaffOf(user, schoolId);
    }

    /** Whether this reader sees entries before their publication time (their authors' colleagues and staff do). */
    public boolean seesUnpublished(CurrentUser user) {
        return user.is(Profile.TEACHER, Profile.STAFF, Profile.ADMIN);
    }

    public static boolean hasAudience(PupilPlacement placement, UUID audienceId) {
        return placement.audiences().stream().map(Audience::id).anyMatch(audienceId::equals);
    }
}
