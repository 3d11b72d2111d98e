package org.preau.admin.internal;

import java.util.List;
import java.util.UUID;
import org.preau.directory.Directory;
import org.preau.directory.Membership;
import org.preau.directory.Role;
import org.preau.directory.School;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
import org.preau.platform.web.Problem;
import org.springframework.stereotype.Component;

/**
 * Who may act on which school in the console. Operators (ADMIN) act on every school; staff act only on the schools
 * where they are staff; everyone else is refused. A school that is not the caller's answers "not found", so that
 * the console does not even confirm that another school's ids exist. The school's rules may be changed only by its
 * direction (staff with the DIRECTION function) or an operator.
 */
@Component
class AdminAccess {

    static final String DIRECTION = "DIRECTION";

    private final Directory directory;

    AdminAccess(Directory directory) {
        this.directory = directory;
    }

    /** Refuses anyone who is neither staff nor operator (403). */
    void requireConsole(CurrentUser user) {
        if (user == null || !user.is(Profile.STAFF, Profile.ADMIN)) {
            throw Problem.forbidden();
        }
    }

    /** The schools the user may administer, sorted by name. */
    List<School> schools(CurrentUser user) {
        requireConsole(user);
        if (user.is(Profile.ADMIN)) {
            return directory.schools();
        }
        return staffMemberships(user).stream().map(Membership::school).toList();
    }

    /** The school, if the user may act on it; 404 otherwise (whether it exists or not). */
    School requireSchool(CurrentUser user, UUID schoolId) {
        requireConsole(user);
        if (!user.is(Profile.ADMIN)
                && staffMemberships(user).stream()
                        .noneMatch(m -> m.school().id().equals(schoolId))) {
            throw Problem.notFound();
        }
        return directory.school(schoolId).orElseThrow(Problem::notFound);
    }

    /** Whether the user is this school's direction or an operator (checked after {@link #requireSchool}). */
    boolean isSchoolAdmin(CurrentUser user, UUID schoolId) {
        return user.is(Profile.ADMIN)
                || staffMemberships(user).stream()
                        .anyMatch(m -> m.school().id().equals(schoolId)
                                && m.function()
                                        .filter(DIRECTION::equalsIgnoreCase)
                                        .isPresent());
    }

    void requireSchoolAdmin(CurrentUser user, UUID schoolId) {
        requireSchool(user, schoolId);
        if (!isSchoolAdmin(user, schoolId)) {
            throw Problem.forbidden();
        }
    }

    private List<Membership> staffMemberships(CurrentUser user) {
        if (!user.is(Profile.STAFF)) {
            return List.of();
        }
        return directory.membershipsOf(user.accountId()).stream()
                .filter(m -> m.role() == Role.STAFF)
                .toList();
    }
}
