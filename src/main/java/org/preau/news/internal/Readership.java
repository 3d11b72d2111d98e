package org.preau.news.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.preau.directory.Directory;
import org.preau.directory.Membership;
import org.preau.directory.PupilPlacement;
import org.preau.identity.CurrentUser;
import org.springframework.stereotype.Component;

/**
 * Which news a person reads, from the directory's facts: in each school they belong to, staff read everything,
 * teachers the school's news and their classes' and groups', pupils their own, parents their children's. The
 * operator belongs to no school and reads none here (they support schools from the console, not as readers).
 */
@Component
class Readership {

    /** In one school: everything, or the school-wide news and these audiences'. */
    record Scope(UUID schoolId, boolean wholeSchool, Set<UUID> audiences) {

        boolean reads(org.preau.news.NewsItem item) {
            return item.schoolId().equals(schoolId)
                    && (wholeSchool
                            || item.audienceId().isEmpty()
                            || audiences.contains(item.audienceId().get()));
        }
    }

    private final Directory directory;

    Readership(Directory directory) {
        this.directory = directory;
    }

    static Scope ofPupil(PupilPlacement pupil) {
        var audiences = new java.util.HashSet<UUID>();
        pupil.audiences().forEach(a -> audiences.add(a.id()));
        return new Scope(pupil.school().id(), false, Set.copyOf(audiences));
    }

    List<Scope> of(CurrentUser user) {
        Map<UUID, Scope> bySchool = new LinkedHashMap<>();
        for (Membership m : directory.membershipsOf(user.accountId())) {
            UUID schoolId = m.school().id();
            switch (m.role()) {
                case STAFF -> merge(bySchool, new Scope(schoolId, true, Set.of()));
                case TEACHER -> {
                    var taught = new java.util.HashSet<UUID>();
                    directory.assignmentsOf(user.accountId()).stream()
                            .filter(a -> a.schoolId().equals(schoolId))
                            .map(a -> a.audience().id())
                            .forEach(taught::add);
                    merge(bySchool, new Scope(schoolId, false, taught));
                }
                case PUPIL ->
                    directory
                            .placementOf(user.accountId())
                            .filter(p -> p.school().id().equals(schoolId))
                            .ifPresent(p -> merge(bySchool, ofPupil(p)));
                case PARENT ->
                    directory.childrenOf(user.accountId()).stream()
                            .filter(p -> p.school().id().equals(schoolId))
                            .forEach(p -> merge(bySchool, ofPupil(p)));
                case ADMIN -> {}
            }
        }
        return new ArrayList<>(bySchool.values());
    }

    private static void merge(Map<UUID, Scope> bySchool, Scope scope) {
        bySchool.merge(scope.schoolId(), scope, (a, b) -> {
            var audiences = new java.util.HashSet<UUID>(a.audiences());
            audiences.addAll(b.audiences());
            return new Scope(a.schoolId(), a.wholeSchool() || b.wholeSchool(), Set.copyOf(audiences));
        });
    }
}
