package org.preau.directory.internal;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.preau.directory.Audience;
import org.preau.directory.Directory;
import org.preau.directory.Membership;
import org.preau.directory.Rights;
import org.preau.directory.Role;
import org.preau.directory.School;
import org.preau.identity.Accounts;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
import org.springframework.stereotype.Service;

/**
 * {@link Rights} from the {@link Directory}'s cached reads (memberships, placements, parent links, assignments): no
 * cache of its own, so a directory change (which drops those caches on every node) changes the answers at once.
 */
@Service
class DirectoryRights implements Rights {

    /** Roles that make an account a teacher's or a staff member's, wherever they hold them. */
    private static final Set<Role> PERSONNEL = Set.of(Role.TEACHER, Role.STAFF, Role.ADMIN);

    private static final Set<Profile> PERSONNEL_PROFILES = Set.of(Profile.TEACHER, Profile.STAFF, Profile.ADMIN);

    private final Directory directory;
    private final Accounts accounts;

    DirectoryRights(Directory directory, Accounts accounts) {
        this.directory = directory;
        this.accounts = accounts;
    }

    @Override
    public boolean isOperator(CurrentUser user) {
        return user != null && user.is(Profile.ADMIN);
    }

    @Override
    public boolean isStaffOf(CurrentUser user, UUID schoolId) {
        return staffMemberships(user).stream().anyMatch(m -> m.school().id().equals(schoolId));
    }

    @Override
    public boolean isDirectionOf(CurrentUser user, UUID schoolId) {
        return staffMemberships(user).stream().anyMatch(m -> m.school().id().equals(schoolId) && isDirection(m));
    }

    @Override
    public boolean administers(CurrentUser user, UUID schoolId) {
        return isOperator(user) || isStaffOf(user, schoolId);
    }

    @Override
    public List<School> administeredSchools(CurrentUser user) {
        if (isOperator(user)) {
            return directory.schools();
        }
        return staffMemberships(user).stream().map(Membership::school).toList();
    }

    @Override
    public boolean governs(CurrentUser user, UUID schoolId) {
        return isOperator(user) || isDirectionOf(user, schoolId);
    }

    @Override
    public List<School> governedSchools(CurrentUser user) {
        if (isOperator(user)) {
            return directory.schools();
        }
        return staffMemberships(user).stream()
                .filter(DirectoryRights::isDirection)
                .map(Membership::school)
                .toList();
    }

    @Override
    public boolean teaches(CurrentUser user, UUID audienceId) {
        return user != null
                && user.is(Profile.TEACHER)
                && directory.assignmentsOf(user.accountId()).stream()
                        .anyMatch(a -> a.audience().id().equals(audienceId));
    }

    @Override
    public boolean teaches(CurrentUser user, UUID audienceId, UUID subjectId) {
        return user != null && user.is(Profile.TEACHER) && directory.teaches(user.accountId(), audienceId, subjectId);
    }

    @Override
    public boolean mayReadPupil(CurrentUser user, UUID pupilId) {
        if (user == null) {
            return false;
        }
        if (isOperator(user)) {
            return true;
        }
        if (user.is(Profile.PUPIL)) {
            return user.accountId().equals(pupilId);
        }
        if (user.is(Profile.PARENT)) {
            return directory.isParentOf(user.accountId(), pupilId);
        }
        var placement = directory.placementOf(pupilId);
        if (placement.isEmpty()) {
            return false;
        }
        if (user.is(Profile.TEACHER)) {
            var audiences =
                    placement.get().audiences().stream().map(Audience::id).toList();
            return directory.assignmentsOf(user.accountId()).stream()
                    .anyMatch(a -> audiences.contains(a.audience().id()));
        }
        return isStaffOf(user, placement.get().school().id());
    }

    @Override
    public boolean mayResetPassword(CurrentUser user, UUID schoolId, UUID accountId) {
        if (user == null || accountId.equals(user.accountId())) {
            return false;
        }
        if (isOperator(user)) {
            return true;
        }
        if (!isStaffOf(user, schoolId)) {
            return false;
        }
        var targetMemberships = directory.membershipsOf(accountId);
        var profile = accounts.find(accountId).map(a -> a.profile());
        boolean operatorAccount = profile.filter(p -> p == Profile.ADMIN).isPresent()
                || targetMemberships.stream().anyMatch(m -> m.role() == Role.ADMIN);
        if (operatorAccount) {
            return false;
        }
        boolean personnel = profile.filter(PERSONNEL_PROFILES::contains).isPresent()
                || targetMemberships.stream().anyMatch(m -> PERSONNEL.contains(m.role()));
        if (!personnel) {
            // A pupil or a parent: any staff member of the school.
            return true;
        }
        // A teacher's or a staff member's account: the direction of a school where they teach or work.
        return isDirectionOf(user, schoolId)
                && targetMemberships.stream()
                        .anyMatch(m -> m.school().id().equals(schoolId) && PERSONNEL.contains(m.role()));
    }

    /** The user's STAFF memberships, if their profile is STAFF: both facts must agree. */
    private List<Membership> staffMemberships(CurrentUser user) {
        if (user == null || !user.is(Profile.STAFF)) {
            return List.of();
        }
        return directory.membershipsOf(user.accountId()).stream()
                .filter(m -> m.role() == Role.STAFF)
                .toList();
    }

    private static boolean isDirection(Membership m) {
        return m.function().filter(DIRECTION::equalsIgnoreCase).isPresent();
    }
}
