package org.preau.admin.internal;

import java.util.List;
import java.util.UUID;
import org.preau.directory.Directory;
import org.preau.directory.Rights;
import org.preau.directory.School;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
import org.preau.platform.web.Problem;
import org.springframework.stereotype.Component;

/**
 * The console's way of refusing, over the directory's {@link Rights} (which decide who may act on which school): a
 * school the caller does not administer answers "not found", so that the console does not even confirm that another
 * school's ids exist; an action on their own school that they may not take answers "forbidden".
 */
@Component
class AdminAccess {

    private final Rights rights;
    private final Directory directory;

    AdminAccess(Rights rights, Directory directory) {
        this.rights = rights;
        this.directory = directory;
    }

    /** Refuses anyone who is neither staff nor operator (403). */
    void requireConsole(CurrentUser user) {
        if (user == null || !(rights.isOperator(user) || user.is(Profile.STAFF))) {
            throw Problem.forbidden();
        }
    }

    /** The schools the user administers, sorted by name. */
    List<School> schools(CurrentUser user) {
        requireConsole(user);
        return rights.administeredSchools(user);
    }

    /** The school, if the user administers it; 404 otherwise (whether it exists or not). */
    School requireSchool(CurrentUser user, UUID schoolId) {
        requireConsole(user);
        if (!rights.administers(user, schoolId)) {
            throw Problem.notFound();
        }
        return directory.school(schoolId).orElseThrow(Problem::notFound);
    }

    /** Whether the user governs this school: its direction or the operator (checked after {@link #requireSchool}). */
    boolean governs(CurrentUser user, UUID schoolId) {
        return rights.governs(user, schoolId);
    }

    void requireGoverns(CurrentUser user, UUID schoolId) {
        requireSchool(user, schoolId);
        if (!governs(user, schoolId)) {
            throw Problem.forbidden();
        }
    }

    /** 403 unless the user may reset this account's password (which the caller found in the school). */
    void requireMayReset(CurrentUser user, UUID schoolId, UUID accountId) {
        if (!rights.mayResetPassword(user, schoolId, accountId)) {
            throw Problem.forbidden();
        }
    }
}
